using Microsoft.EntityFrameworkCore;
using PolicyPortal.Web.Data;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Services;

/// <summary>The change a request names does not exist.</summary>
public sealed class AccountChangeNotFoundException() : RecordNotFoundException("There is no such change.");

/// <summary>
/// The changes to accounts that wait for a governor (<see cref="AccountChange"/>): the list, and each decision. A
/// confirmed change is made (<see cref="People.ApplyConfirmedAsync"/>) in the same transaction as the decision, or
/// neither is saved.
/// </summary>
public sealed class ChangesToConfirm(PortalDbContext db, People people, AccountChangeNotices notices, SchoolTime schoolTime, TimeProvider clock, ILogger<ChangesToConfirm> logger)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>
    /// How many changes a page lists: a school has a few waiting at a time; an import of a trust's governors could ask
    /// for hundreds, and the next ones are listed as these are decided.
    /// </summary>
    public const int Listed = 100;

    /// <summary>The oldest <see cref="Listed"/> changes waiting for a governor, and how many wait in all.</summary>
    public async Task<(IReadOnlyList<AccountChange> Oldest, int Total)> WaitingAsync(CancellationToken cancellationToken = default)
    {
        var waiting = db.AccountChanges.AsNoTracking().Where(c => c.Status == AccountChangeStatus.Waiting);
        var oldest = await waiting.OrderBy(c => c.AskedAtUtc).ThenBy(c => c.Id).Take(Listed).ToListAsync(cancellationToken);
        return (oldest, oldest.Count < Listed ? oldest.Count : await waiting.CountAsync(cancellationToken));
    }

    /// <summary>The change waiting for a governor about one person, if there is one.</summary>
    public Task<AccountChange?> WaitingAboutAsync(string userId, CancellationToken cancellationToken = default) =>
        db.AccountChanges.AsNoTracking().FirstOrDefaultAsync(c => c.Status == AccountChangeStatus.Waiting && c.SubjectUserId == userId, cancellationToken);

    /// <summary>
    /// Additions that made no account, newest first: waiting, declined or withdrawn. Their asking and deciding are in
    /// no account's trail, so the audit page shows them from here.
    /// </summary>
    public async Task<IReadOnlyList<AccountChange>> AdditionsNotMadeAsync(int take, CancellationToken cancellationToken = default) =>
        await db.AccountChanges.AsNoTracking()
            .Where(c => c.SubjectUserId == null)
            .OrderByDescending(c => c.AskedAtUtc).ThenByDescending(c => c.Id)
            .Take(take)
            .ToListAsync(cancellationToken);

    /// <summary>A governor confirms a change, which is made at once; every governor, and whoever asked, is told.</summary>
    /// <exception cref="DomainRuleException">The governor may not decide it, it was decided already, or it can no longer be made.</exception>
    public async Task<AccountChange> ConfirmAsync(int id, Person governor, CancellationToken cancellationToken = default)
    {
        var decider = new AccountChangeDecider(governor, await notices.IsActiveGovernorAsync(governor.UserId, cancellationToken));
        var governors = await notices.GovernorsAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var change = await FindAsync(id, cancellationToken);
        change.Confirm(decider, Now);
        PortalUser user;
        try
        {
            user = await people.ApplyConfirmedAsync(change, cancellationToken);
        }
        catch (DomainRuleException refusal)
        {
            db.ChangeTracker.Clear();
            throw refusal is ConcurrencyConflictException
                ? refusal
                : new DomainRuleException($"This change can no longer be made as it was asked for: {refusal.Message} Nothing has changed. Decline it, and the Principal can ask again.");
        }
        catch (DbUpdateException race) when (race is DbUpdateConcurrencyException || UniqueViolation.Is(race))
        {
            // Another decision, or an account for the same address, saved at the same moment: the transaction is undone.
            db.ChangeTracker.Clear();
            logger.LogInformation("Account change {ChangeId} was not confirmed: {Reason}", id, race.GetBaseException().Message);
            throw new ConcurrencyConflictException("Someone decided or withdrew this change, or added the same person, at the same moment. Look at the list again.");
        }

        var asker = new Person(change.AskedByUserId, change.AskedByName);
        if (change.Kind == AccountChangeKind.Add)
        {
            // The account exists only now: its trail begins with the asking, at the time it was asked for.
            change.AccountCreated(user.Id);
            db.AccountEvents.Add(new AccountEvent(user, AccountEventKind.ChangeAsked, asker, $"Asked for a change that waits for a governor's confirmation: {change.Summary()}.", change.AskedAtUtc));
        }

        db.AccountEvents.Add(new AccountEvent(user, AccountEventKind.ChangeConfirmed, governor, $"Confirmed the change {change.AskedByName} asked for on {When(change.AskedAtUtc)}: {change.Summary()}.", Now));
        await notices.DecidedAsync(change, governors, cancellationToken);
        await SaveAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Account change {ChangeId} ({Kind}) confirmed by {UserId}", change.Id, change.Kind, governor.UserId);
        return change;
    }

    /// <summary>A governor declines a change: nothing of it is made; every governor, and whoever asked, is told.</summary>
    public async Task<AccountChange> DeclineAsync(int id, Person governor, CancellationToken cancellationToken = default)
    {
        var decider = new AccountChangeDecider(governor, await notices.IsActiveGovernorAsync(governor.UserId, cancellationToken));
        var change = await FindAsync(id, cancellationToken);
        change.Decline(decider, Now);
        await RecordOnSubjectAsync(change, AccountEventKind.ChangeDeclined, governor, $"Declined the change {change.AskedByName} asked for on {When(change.AskedAtUtc)}: {change.Summary()}.", cancellationToken);
        await notices.DecidedAsync(change, await notices.GovernorsAsync(cancellationToken), cancellationToken);
        await SaveAsync(cancellationToken);
        logger.LogInformation("Account change {ChangeId} ({Kind}) declined by {UserId}", change.Id, change.Kind, governor.UserId);
        return change;
    }

    /// <summary>The Principal takes back a change still waiting for a governor.</summary>
    public async Task<AccountChange> WithdrawAsync(int id, Person principal, bool isPrincipal, CancellationToken cancellationToken = default)
    {
        var change = await FindAsync(id, cancellationToken);
        change.Withdraw(principal, isPrincipal, Now);
        await RecordOnSubjectAsync(change, AccountEventKind.ChangeWithdrawn, principal, $"Withdrew the change {change.AskedByName} asked for on {When(change.AskedAtUtc)}, before a governor decided it: {change.Summary()}.", cancellationToken);
        await notices.WithdrawnAsync(change, cancellationToken);
        await SaveAsync(cancellationToken);
        return change;
    }

    private async Task<AccountChange> FindAsync(int id, CancellationToken cancellationToken) =>
        await db.AccountChanges.SingleOrDefaultAsync(c => c.Id == id, cancellationToken) ?? throw new AccountChangeNotFoundException();

    private async Task RecordOnSubjectAsync(AccountChange change, AccountEventKind kind, Person actor, string detail, CancellationToken cancellationToken)
    {
        if (change.SubjectUserId is { } subjectId && await db.Users.SingleOrDefaultAsync(u => u.Id == subjectId, cancellationToken) is { } subject)
        {
            db.AccountEvents.Add(new AccountEvent(subject, kind, actor, detail, Now));
        }
    }

    // Two decisions at the same moment: the second finds the change decided.
    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            throw new ConcurrencyConflictException("Someone decided or withdrew this change at the same moment. Look at the list again.");
        }
    }

    private string When(DateTime utc) => schoolTime.DateTimeText(utc);
}
