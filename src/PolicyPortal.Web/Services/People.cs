using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PolicyPortal.Web.Data;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Services.Email;

namespace PolicyPortal.Web.Services;

public enum PeopleStatus
{
    /// <summary>Everyone who has not left, including those yet to set a password.</summary>
    Current,

    /// <summary>Invited and yet to set a password: they have never signed in.</summary>
    Invited,

    /// <summary>Has not left and has set a password.</summary>
    Active,
    Left,
    Everyone,
}

/// <summary>What an edit did with the email address typed.</summary>
public enum EmailChange
{
    /// <summary>The same address.</summary>
    None,

    /// <summary>Changed at once: the person had not set a password, and is invited again at the new address.</summary>
    Changed,

    /// <summary>The person has a password: a link to confirm the new address went to the old one.</summary>
    AwaitingConfirmation,
}

/// <summary>A change the Principal asked for that waits for a governor's confirmation (<see cref="AccountChange"/>).</summary>
/// <param name="Deciders">How many active governors could confirm it: with none, it waits until there is one.</param>
public sealed record WaitingChange(int Id, string Summary, int Deciders);

/// <summary>What became of an addition: the new account, or the change that waits for a governor.</summary>
public sealed record AddOutcome(string? PersonId, WaitingChange? Waiting);

/// <summary>What became of an edit: made, with what became of the address; or waiting for a governor, all of it.</summary>
public sealed record EditOutcome(EmailChange Email, WaitingChange? Waiting);

/// <summary>The person a request names has no account.</summary>
public sealed class PersonNotFoundException() : RecordNotFoundException("There is no such person.");

/// <summary>Filters for the list of people; null or empty means any.</summary>
public sealed record PeopleFilter(string? Text, string? Role, PeopleStatus Status, int Page = 1, int? GroupId = null);

/// <summary>One page of the people a filter finds, and how many it finds in all.</summary>
public sealed record PeoplePage(IReadOnlyList<PersonSummary> People, int Total, int Page, int Pages)
{
    public int First => Total == 0 ? 0 : ((Page - 1) * Services.People.PageSize) + 1;

    public int Last => First + People.Count - 1;
}

/// <summary>One account as the Principal sees it.</summary>
public sealed record PersonSummary(
    string Id,
    string FullName,
    string Email,
    string? JobTitle,
    IReadOnlyList<string> Roles,
    DateTime? AddedAtUtc,
    DateTime? LeftAtUtc,
    bool HasSignedIn,
    string ConcurrencyStamp)
{
    /// <summary>The names of the groups the person is in, by name.</summary>
    public IReadOnlyList<string> Groups { get; init; } = [];

    public bool IsActive => LeftAtUtc is null;

    /// <summary>When they first signed in with their school account; null if they never have.</summary>
    public DateTime? SchoolAccountLinkedAtUtc { get; init; }

    /// <summary>They sign in with their school account alone, with no password.</summary>
    public bool SchoolAccountOnly { get; init; }

    /// <summary>Invited, and has neither set a password nor signed in with a school account.</summary>
    public bool IsInvited => IsActive && !HasSignedIn;
}

/// <summary>
/// The Principal's list of accounts: adding people (with an invitation to set a password), changing their details and
/// roles, and marking leavers. A leaver's records stay; only their sign-in stops. Whatever makes or unmakes a governor or
/// a Principal, or changes their name, address or roles, waits for a governor's confirmation (<see cref="AccountChange"/>)
/// and is made by <see cref="ApplyConfirmedAsync"/> once confirmed.
/// </summary>
public sealed class People(PortalDbContext db, UserManager<PortalUser> users, Invitations invitations, Groups groups, Outbox outbox, AccountChangeNotices notices, TimeProvider clock, ILogger<People> logger)
{
    public const int SearchMaxLength = 200;

    public const int PageSize = 50;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>
    /// One page of the people the filter finds, in surname order. The name is searched ignoring case, accents and
    /// punctuation ("zoe" finds Zoë, "obrien" O’Brien); that is done here rather than in the database, which compares
    /// them only as exact characters, and reads only names and addresses for everyone in the filter, then the page's
    /// details.
    /// </summary>
    public async Task<PeoplePage> PageAsync(PeopleFilter filter, CancellationToken cancellationToken = default)
    {
        var candidates = await Filtered(filter.Status, filter.Role, filter.GroupId)
            .Select(u => new { u.Id, u.FullName, u.Email })
            .ToListAsync(cancellationToken);

        var text = PersonDetails.Tidy(filter.Text);
        var compare = CultureInfo.CurrentCulture.CompareInfo;
        var found = candidates
            .Where(p => text.Length is 0 or > SearchMaxLength
                || compare.IndexOf(p.FullName, text, CompareOptions.IgnoreCase | CompareOptions.IgnoreNonSpace | CompareOptions.IgnoreSymbols) >= 0
                || (p.Email ?? string.Empty).Contains(text, StringComparison.OrdinalIgnoreCase))
            .OrderBy(p => Surname(p.FullName), StringComparer.CurrentCultureIgnoreCase)
            .ThenBy(p => p.FullName, StringComparer.CurrentCultureIgnoreCase)
            .ThenBy(p => p.Id, StringComparer.Ordinal)
            .Select(p => p.Id)
            .ToList();

        var pages = Math.Max(1, (found.Count + PageSize - 1) / PageSize);
        var page = Math.Clamp(filter.Page, 1, pages);
        var ids = found.Skip((page - 1) * PageSize).Take(PageSize).ToList();
        var summaries = (await SummariesAsync(db.Users.Where(u => ids.Contains(u.Id)), cancellationToken)).ToDictionary(p => p.Id, StringComparer.Ordinal);
        return new PeoplePage([.. ids.Where(summaries.ContainsKey).Select(id => summaries[id])], found.Count, page, pages);
    }

    /// <summary>The last word of a full name, which is the surname for most names a school holds.</summary>
    private static string Surname(string fullName) => fullName[(fullName.LastIndexOf(' ') + 1)..];

    /// <summary>Everyone in <paramref name="status"/>, in name order.</summary>
    public async Task<IReadOnlyList<PersonSummary>> ListAsync(PeopleStatus status, CancellationToken cancellationToken = default) =>
        await SummariesAsync(Filtered(status, role: null, groupId: null), cancellationToken);

    private IQueryable<PortalUser> Filtered(PeopleStatus status, string? role, int? groupId)
    {
        var query = status switch
        {
            PeopleStatus.Current => db.Users.Where(u => u.DeactivatedAtUtc == null),
            PeopleStatus.Invited => db.Users.Where(PortalUser.Invited),
            PeopleStatus.Active => db.Users.Where(u => u.DeactivatedAtUtc == null && (u.PasswordHash != null || u.SchoolAccountLinkedAtUtc != null)),
            PeopleStatus.Left => db.Users.Where(u => u.DeactivatedAtUtc != null),
            _ => db.Users,
        };

        if (role is not null && Authorization.Roles.All.Contains(role))
        {
            var roleIds = db.Roles.Where(r => r.Name == role).Select(r => r.Id);
            query = query.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && roleIds.Contains(ur.RoleId)));
        }

        if (groupId is { } group)
        {
            query = query.Where(u => db.GroupMembers.Any(m => m.UserId == u.Id && m.GroupId == group));
        }

        return query;
    }

    public async Task<PersonSummary?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        (await SummariesAsync(db.Users.Where(u => u.Id == id), cancellationToken)).SingleOrDefault();

    /// <summary>Everyone, keyed by their normalised email address, as an import compares them.</summary>
    public async Task<IReadOnlyDictionary<string, PersonSummary>> ByEmailAsync(CancellationToken cancellationToken = default) =>
        (await SummariesAsync(db.Users, cancellationToken)).ToDictionary(p => NormalizedEmail(p.Email), StringComparer.Ordinal);

    /// <summary>
    /// Adds a person with no password and sends them an invitation to set one; both or neither are saved. A governor or a
    /// Principal is only asked for: the account is made, and invited, when a governor confirms.
    /// </summary>
    /// <exception cref="InvalidDetailsException">The email address is not usable, already has an account, or waits to be added.</exception>
    public async Task<AddOutcome> AddAsync(string? email, PersonDetails details, Person addedBy, CancellationToken cancellationToken = default)
    {
        var address = (email ?? string.Empty).Trim();
        if (PersonDetails.EmailProblem(address) is { } problem)
        {
            throw new InvalidDetailsException([new("Email", problem)]);
        }

        if (AccountChange.IsGuarded(details.Roles))
        {
            if (await users.FindByEmailAsync(address) is not null)
            {
                throw new InvalidDetailsException([new("Email", AlreadyHasAnAccount(address))]);
            }

            var change = AccountChange.Add(new AccountState(details.FullName, address, details.JobTitle, details.Roles, details.Groups ?? []), addedBy, byImport: false, Now);
            return new AddOutcome(null, await AskAsync(change, subject: null, addedBy, cancellationToken));
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var user = await CreateAndInviteAsync(address, details, addedBy, invitedByHand: true, await RoleIds.ReadAsync(db, cancellationToken), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new AddOutcome(user.Id, null);
    }

    private static string AlreadyHasAnAccount(string email) => $"{email} already has an account. Find them in the list of people to change their details.";

    /// <summary>
    /// Creates the account with its roles and groups, puts its invitation in the outbox and records it in the account's
    /// trail, inside the caller's transaction, for the caller to save. Identity's store saves the account as it is
    /// created unless told not to (an import tells it not to, <see cref="PeopleImport.ApplyAsync"/>).
    /// </summary>
    /// <param name="invitedByHand">
    /// Whether the Principal added this one person, so that the invitation goes at once whatever the hour
    /// (<see cref="Invitations.AddToOutboxAsync"/>); otherwise an import did.
    /// </param>
    internal async Task<PortalUser> CreateAndInviteAsync(string email, PersonDetails details, Person addedBy, bool invitedByHand, RoleIds roleIds, CancellationToken cancellationToken)
    {
        var user = new PortalUser
        {
            UserName = email,
            Email = email,
            FullName = details.FullName,
            JobTitle = details.JobTitle,
            AddedAtUtc = Now,
        };
        var created = await users.CreateAsync(user);
        if (created.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName)))
        {
            throw new InvalidDetailsException([new("Email", AlreadyHasAnAccount(email))]);
        }

        Invitations.Check(created);

        // Into the table rather than through UserManager.AddToRolesAsync, which looks each role up and updates the account
        // again: an account not saved yet would be updated rather than inserted.
        db.UserRoles.AddRange(details.Roles.Select(role => new IdentityUserRole<string> { UserId = user.Id, RoleId = roleIds.Of(role) }));
        var inGroups = details.Groups is { Count: > 0 } names ? await groups.SetAsync(user.Id, names, scope: null, isNew: true, cancellationToken) : null;
        await invitations.AddToOutboxAsync(user, addedBy.FullName, invitedByHand);
        Record(user, invitedByHand ? AccountEventKind.Added : AccountEventKind.Imported, addedBy,
            $"{(invitedByHand ? "Added" : "Imported")} {user.FullName} ({email}) as {string.Join(" and ", details.Roles)}"
            + (details.JobTitle is null ? string.Empty : $", {details.JobTitle}")
            + (inGroups is { } g ? $", in {string.Join(", ", g.After)}" : string.Empty)
            + ", and sent an invitation to set a password.");
        return user;
    }

    /// <summary>
    /// Changes a person's name, job title, roles, groups and email address, unless they changed since
    /// <paramref name="concurrencyStamp"/>; all or nothing. An edit a governor must confirm
    /// (<see cref="AccountChange.IsGuardedEdit"/>) waits for one as a whole, job title and groups included.
    /// </summary>
    /// <param name="email">The sign-in address as typed; a new one is handled by <see cref="ChangeEmailAsync"/>.</param>
    /// <returns>What became of the edit, or null if there is no such person.</returns>
    /// <exception cref="InvalidDetailsException">The new address is not usable, already has an account, or is a leaver's.</exception>
    public async Task<EditOutcome?> UpdateAsync(string id, string? concurrencyStamp, string? email, PersonDetails details, Person actor, CancellationToken cancellationToken = default)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return null;
        }

        if (user.ConcurrencyStamp != concurrencyStamp)
        {
            throw new ConcurrencyConflictException($"{user.FullName}'s details changed after you opened this page. Look at them again before you save.");
        }

        var address = (email ?? string.Empty).Trim();
        await RequireNothingWaitingAboutAsync(user, cancellationToken);
        var newAddress = await CheckEditAsync(user, address, details, actor);
        var before = await StateAsync(user, cancellationToken);
        var after = new AccountState(details.FullName, address, details.JobTitle, details.Roles, SameGroups(before.Groups, details.Groups) ? before.Groups : Sorted(details.Groups!), user.IsActive);
        if (AccountChange.IsGuardedEdit(before, after))
        {
            return new EditOutcome(EmailChange.None, await AskAsync(AccountChange.Edit(user.Id, before, after, actor, byImport: false, Now), user, actor, cancellationToken));
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var outcome = await ApplyEditAsync(user, address, newAddress, details, actor, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new EditOutcome(outcome, null);
    }

    /// <summary>Whether <paramref name="asked"/> names the same groups as <paramref name="current"/>, ignoring case and order; null leaves them as they are.</summary>
    private static bool SameGroups(IReadOnlyList<string> current, IReadOnlyList<string>? asked) =>
        asked is null || current.Select(PeopleGroup.Normalize).ToHashSet(StringComparer.Ordinal).SetEquals(asked.Select(PeopleGroup.Normalize));

    private static List<string> Sorted(IEnumerable<string> groupNames) => [.. groupNames.Order(StringComparer.CurrentCultureIgnoreCase)];

    /// <summary>
    /// Refuses an edit no one may make: taking away one's own Principal role, or a new address that is not usable, is
    /// someone else's, or is a leaver's. Checked when the edit is asked for, and again when a governor confirms it.
    /// </summary>
    /// <returns>Whether the address is a new one, not only the same in other capitals.</returns>
    private async Task<bool> CheckEditAsync(PortalUser user, string address, PersonDetails details, Person actor)
    {
        if (user.Id == actor.UserId && !details.Roles.Contains(Authorization.Roles.Principal))
        {
            throw new DomainRuleException("You cannot take away your own Principal role. Another Principal can do that.");
        }

        var newAddress = NormalizedEmail(address) != user.NormalizedEmail;
        if (newAddress)
        {
            if (PersonDetails.EmailProblem(address) is { } problem)
            {
                throw new InvalidDetailsException([new("Email", problem)]);
            }

            if (await users.FindByEmailAsync(address) is { } other && other.Id != user.Id)
            {
                throw new InvalidDetailsException([new("Email", $"{address} is {other.FullName}'s address. Each person signs in with their own.")]);
            }

            if (!user.IsActive)
            {
                throw new InvalidDetailsException([new("Email", $"{user.FullName} has left, and the portal writes to nobody who has left. Reactivate them first to change their address.")]);
            }
        }

        return newAddress;
    }

    /// <summary>Makes an edit <see cref="CheckEditAsync"/> allowed, in the caller's transaction.</summary>
    /// <param name="newAddress">What <see cref="CheckEditAsync"/> said: whether the address is a new one.</param>
    private async Task<EmailChange> ApplyEditAsync(PortalUser user, string address, bool newAddress, PersonDetails details, Person actor, CancellationToken cancellationToken)
    {
        await ChangeDetailsAsync(user, details, actor, groupScope: null, cancellationToken);
        if (newAddress)
        {
            return await ChangeEmailAsync(user, address, actor);
        }

        if (address != user.Email)
        {
            // The same address in other capitals: kept as typed, with no one to tell and no link or session to end.
            Record(user, AccountEventKind.EmailChanged, actor, $"Email: {user.Email} → {address}");
            user.Email = user.UserName = address;
            Invitations.Check(await users.UpdateAsync(user));
        }

        return EmailChange.None;
    }

    /// <summary>The account as it is now, to compare with what a change asks for.</summary>
    internal async Task<AccountState> StateAsync(PortalUser user, CancellationToken cancellationToken)
    {
        var roles = await users.GetRolesAsync(user);
        var inGroups = await groups.OfPeopleAsync(db.Users.Where(u => u.Id == user.Id).Select(u => u.Id), cancellationToken);
        return new AccountState(user.FullName, user.Email ?? string.Empty, user.JobTitle, [.. Authorization.Roles.All.Where(roles.Contains)], [.. inGroups[user.Id]], user.IsActive);
    }

    /// <summary>
    /// Puts a change in the governors' list, records the asking in the account's trail and tells every governor; all
    /// saved together, or nothing.
    /// </summary>
    private async Task<WaitingChange> AskAsync(AccountChange change, PortalUser? subject, Person asker, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (subject is null)
        {
            await RequireNoAdditionWaitingAsync(change, cancellationToken);
        }

        AddWaiting(change, subject, asker);
        await notices.AskedAsync([change], asker, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException race) when (UniqueViolation.Is(race))
        {
            // Another change about the same person was asked for at the same moment, and waits now.
            db.ChangeTracker.Clear();
            logger.LogInformation("A change to account {UserId} was not asked for: another was asked for at the same moment ({Reason})", change.SubjectUserId, race.GetBaseException().Message);
            throw new ConcurrencyConflictException($"Another change to {change.SubjectName}'s account was asked for at the same moment, and waits for a governor. Look at their page again.");
        }

        await transaction.CommitAsync(cancellationToken);
        return new WaitingChange(change.Id, change.Summary(), await notices.DecidersAsync(change, cancellationToken));
    }

    /// <summary>A change to the governors' list, and its asking to <paramref name="subject"/>'s trail, for the caller to save.</summary>
    internal void AddWaiting(AccountChange change, PortalUser? subject, Person asker)
    {
        db.AccountChanges.Add(change);
        if (subject is not null)
        {
            Record(subject, AccountEventKind.ChangeAsked, asker, $"Asked for a change that waits for a governor's confirmation: {change.Summary()}.");
        }
    }

    /// <summary>
    /// Nothing about a person changes while a change about them waits for a governor, so that a governor confirms the
    /// account as they see it: otherwise a teacher's address could be changed to another's after the Governor role was
    /// asked for them, and the role would go to whoever holds that address.
    /// </summary>
    private async Task RequireNothingWaitingAboutAsync(PortalUser user, CancellationToken cancellationToken)
    {
        if (await db.AccountChanges.Where(c => c.Status == AccountChangeStatus.Waiting && c.SubjectUserId == user.Id).Select(c => c.AskedByName).FirstOrDefaultAsync(cancellationToken) is { } askedBy)
        {
            throw new DomainRuleException($"A change to {user.FullName}'s account already waits for a governor, as {askedBy} asked. Nothing else about them changes until a governor confirms or declines it, or it is withdrawn on their page.");
        }
    }

    /// <summary>
    /// One addition waits for a governor at a time for each address. (For a person who has an account, every caller has
    /// already refused a second change, <see cref="RequireNothingWaitingAboutAsync"/>, and a unique index holds it.)
    /// </summary>
    private async Task RequireNoAdditionWaitingAsync(AccountChange change, CancellationToken cancellationToken)
    {
        var normalized = NormalizedEmail(change.Email);
        if (await db.AccountChanges
                .Where(c => c.Status == AccountChangeStatus.Waiting && c.Kind == AccountChangeKind.Add && c.Email.ToUpper() == normalized)
                .Select(c => c.AskedByName)
                .FirstOrDefaultAsync(cancellationToken) is { } askedBy)
        {
            throw new InvalidDetailsException([new("Email", $"Adding {change.Email} already waits for a governor, as {askedBy} asked. A governor confirms or declines it, or you withdraw it from the list of people, before you ask again.")]);
        }
    }

    /// <summary>
    /// Saves new details, and records each change in the account's audit trail. A change of roles also changes the
    /// security stamp, so the person's open sessions end at the next check (within a minute) and they sign in again with
    /// their new roles.
    /// </summary>
    /// <param name="groupScope">
    /// The normalised names of the groups <paramref name="details"/> speaks for (an import's department column names only
    /// some), or null for all of them.
    /// </param>
    internal async Task ChangeDetailsAsync(PortalUser user, PersonDetails details, Person actor, IReadOnlySet<string>? groupScope, CancellationToken cancellationToken)
    {
        var renamed = string.Join("; ", new[]
        {
            user.FullName != details.FullName ? $"Name: {user.FullName} → {details.FullName}" : null,
            user.JobTitle != details.JobTitle ? $"Job title: {user.JobTitle ?? "none"} → {details.JobTitle ?? "none"}" : null,
        }.OfType<string>());
        user.FullName = details.FullName;
        user.JobTitle = details.JobTitle;
        if (renamed.Length > 0)
        {
            Record(user, AccountEventKind.DetailsChanged, actor, renamed);
        }

        var current = await users.GetRolesAsync(user);
        var removed = current.Except(details.Roles, StringComparer.Ordinal).ToList();
        var added = details.Roles.Except(current, StringComparer.Ordinal).ToList();
        if (removed.Count > 0)
        {
            Invitations.Check(await users.RemoveFromRolesAsync(user, removed));
        }

        if (added.Count > 0)
        {
            Invitations.Check(await users.AddToRolesAsync(user, added));
        }

        if (removed.Count > 0 || added.Count > 0)
        {
            Record(user, AccountEventKind.RolesChanged, actor, $"Roles: {Listed(Authorization.Roles.All.Where(current.Contains))} → {Listed(details.Roles)}");
        }

        if (details.Groups is { } names && await groups.SetAsync(user.Id, names, groupScope, isNew: false, cancellationToken) is { } moved)
        {
            Record(user, AccountEventKind.GroupsChanged, actor, $"Groups: {Listed(moved.Before)} → {Listed(moved.After)}");
        }

        Invitations.Check(removed.Count > 0 || added.Count > 0 ? await users.UpdateSecurityStampAsync(user) : await users.UpdateAsync(user));
    }

    /// <summary>
    /// A new address for a person. Someone who has set a password or signed in with their school account owns their account, so the address changes only when
    /// they confirm it from a link sent to the address they have now: otherwise whoever chose the new address could reset
    /// the password there and sign as them. Someone who has never signed in is simply invited again at the new address,
    /// the link sent to the old one no longer working, and the old address is told.
    /// </summary>
    private async Task<EmailChange> ChangeEmailAsync(PortalUser user, string email, Person actor)
    {
        var old = user.Email ?? string.Empty;
        if (user.HasSignedIn)
        {
            var link = outbox.LinkTo(nameof(Controllers.EmailChangesController.Show), "EmailChanges", new { user = user.Id, email, token = await users.GenerateChangeEmailTokenAsync(user, email) });
            outbox.AddAskedForNow(old, user.FullName, "PolicyPortal: confirm your new sign-in address",
                $"Hello {user.FullName},\n\n{actor.FullName} has asked to change the address you sign in to PolicyPortal with, from {old} to {email}.\n\n"
                + $"If that is right, confirm it here: {link}\n\n"
                + $"The link works for a day. Until you confirm, nothing changes: you sign in with {old}. If you did not expect this, tell the school office.\n");
            Record(user, AccountEventKind.EmailChangeAsked, actor, $"Asked to change the email from {old} to {email}; a link to confirm it went to {old}.");
            await db.SaveChangesAsync();
            return EmailChange.AwaitingConfirmation;
        }

        Record(user, AccountEventKind.EmailChanged, actor, $"Email: {old} → {email}");
        Invitations.Check(await users.SetEmailAsync(user, email));
        Invitations.Check(await users.SetUserNameAsync(user, email));
        outbox.AddAskedForNow(old, user.FullName, "Your PolicyPortal invitation has moved to another address",
            $"Hello {user.FullName},\n\n{actor.FullName} has changed the address you are invited to PolicyPortal at from {old} to {email}. The invitation sent here no longer works; a new one has gone to {email}.\n\nIf you did not expect this, tell the school office.\n");
        await invitations.AddToOutboxAsync(user, actor.FullName, sentByHand: true);
        invitations.RecordSent(user, actor);
        await db.SaveChangesAsync();
        return EmailChange.Changed;
    }

    /// <summary>
    /// The person confirms, from the link sent to their old address, the new address the Principal asked for: it is
    /// their sign-in name from now on, their open sessions end, and the new address is told.
    /// </summary>
    /// <returns>False if the link is not valid: used, expired, made up, or the address taken meanwhile.</returns>
    public async Task<bool> ConfirmEmailChangeAsync(string? userId, string? email, string? token)
    {
        if (string.IsNullOrEmpty(userId) || string.IsNullOrEmpty(email) || string.IsNullOrEmpty(token)
            || await users.FindByIdAsync(userId) is not { IsActive: true } user)
        {
            return false;
        }

        var old = user.Email ?? string.Empty;
        await using var transaction = await db.Database.BeginTransactionAsync();
        Record(user, AccountEventKind.EmailChanged, new Person(user.Id, user.FullName), $"Email: {old} → {email}, confirmed from the link sent to {old}");
        if (!(await users.ChangeEmailAsync(user, email, token)).Succeeded)
        {
            db.ChangeTracker.Clear();
            return false;
        }

        Invitations.Check(await users.SetUserNameAsync(user, email));
        outbox.AddAskedForNow(email, user.FullName, "Your PolicyPortal email address has changed",
            $"Hello {user.FullName},\n\nYou now sign in to PolicyPortal with this address, {email}, instead of {old}. Your password, and any school account you sign in with, are unchanged.\n");
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        return true;
    }

    /// <summary>
    /// Sets someone to sign in with their school account alone, removing their password, or lets them set one again
    /// (through "Forgotten your password?"). Only someone who has signed in with their school account, or never signed
    /// in at all, loses a password: anyone else could be left with no way in. A governor or a Principal must have signed
    /// in with it: many governors have no school account, and nobody else may shut one out. Their sessions end within a
    /// minute.
    /// </summary>
    /// <returns>False if there is no such person.</returns>
    public async Task<bool> SetSchoolAccountOnlyAsync(string id, bool schoolAccountOnly, string signInButton, Person actor, CancellationToken cancellationToken = default)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return false;
        }

        if (!user.IsActive)
        {
            throw new DomainRuleException($"{user.FullName} has left. Reactivate them first.");
        }

        if (user.SchoolAccountOnly == schoolAccountOnly)
        {
            return true;
        }

        await RequireNothingWaitingAboutAsync(user, cancellationToken);
        if (schoolAccountOnly && user.SchoolAccountLinkedAtUtc is null
            && (user.PasswordHash is not null || AccountChange.IsGuarded(await users.GetRolesAsync(user))))
        {
            throw new DomainRuleException($"{user.FullName} has not signed in with their school account yet, so taking their password away could leave them with no way in. Ask them to sign in once with \"{signInButton}\" first.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        user.SchoolAccountOnly = schoolAccountOnly;
        if (schoolAccountOnly)
        {
            Record(user, AccountEventKind.SchoolAccountOnly, actor, $"Set {user.FullName} to sign in with their school account only; {(user.PasswordHash is null ? "they had no password" : "their password was removed")}.");
            Invitations.Check(user.PasswordHash is null ? await users.UpdateSecurityStampAsync(user) : await users.RemovePasswordAsync(user));
        }
        else
        {
            Record(user, AccountEventKind.PasswordAllowed, actor, $"Let {user.FullName} set a password again, through \"Forgotten your password?\".");
            Invitations.Check(await users.UpdateAsync(user));
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static string Listed(IEnumerable<string> names) => string.Join(", ", names) is { Length: > 0 } list ? list : "none";

    private void Record(PortalUser user, AccountEventKind kind, Person actor, string detail) =>
        db.AccountEvents.Add(new AccountEvent(user, kind, actor, detail, Now));

    /// <summary>
    /// Marks a person as left: they cannot sign in and their open sessions end within a minute. Their records stay. A
    /// governor or a Principal is only asked for: they leave when a governor confirms.
    /// </summary>
    /// <returns>The change waiting for a governor, or null if they were marked as left at once.</returns>
    /// <exception cref="PersonNotFoundException">There is no such person.</exception>
    public async Task<WaitingChange?> DeactivateAsync(string id, Person actor, CancellationToken cancellationToken = default)
    {
        var user = await users.FindByIdAsync(id) ?? throw new PersonNotFoundException();
        CheckLeave(user, actor);
        await RequireNothingWaitingAboutAsync(user, cancellationToken);
        var state = await StateAsync(user, cancellationToken);
        if (AccountChange.IsGuarded(state.Roles))
        {
            return await AskAsync(AccountChange.MarkAsLeft(user.Id, state, actor, byImport: false, Now), user, actor, cancellationToken);
        }

        await MarkAsLeftAsync(user, actor, "by hand");
        return null;
    }

    private static void CheckLeave(PortalUser user, Person actor)
    {
        if (user.Id == actor.UserId)
        {
            throw new DomainRuleException("You cannot mark yourself as left. Another Principal can do that.");
        }

        if (!user.IsActive)
        {
            throw new DomainRuleException($"{user.FullName} has already left.");
        }
    }

    /// <summary>Marks a person as left at once, for the caller to commit: staff by hand or by an import, or anyone a governor confirmed.</summary>
    /// <param name="how">How it was done, for the account's trail: "by hand".</param>
    internal async Task MarkAsLeftAsync(PortalUser user, Person actor, string how)
    {
        CheckLeave(user, actor);
        user.DeactivatedAtUtc = Now;
        Record(user, AccountEventKind.MarkedAsLeft, actor, $"Marked {user.FullName} as left {how}.");
        Invitations.Check(await users.UpdateSecurityStampAsync(user));
    }

    /// <summary>
    /// Brings a leaver back: they sign in with the password they had; one who never set one needs a new invitation from
    /// their page. A governor or a Principal comes back when a governor confirms.
    /// </summary>
    /// <returns>The change waiting for a governor, or null if they were reactivated at once.</returns>
    /// <exception cref="PersonNotFoundException">There is no such person.</exception>
    public async Task<WaitingChange?> ReactivateAsync(string id, Person actor, CancellationToken cancellationToken = default)
    {
        var user = await users.FindByIdAsync(id) ?? throw new PersonNotFoundException();
        CheckReactivate(user);
        await RequireNothingWaitingAboutAsync(user, cancellationToken);
        var state = await StateAsync(user, cancellationToken);
        if (AccountChange.IsGuarded(state.Roles))
        {
            return await AskAsync(AccountChange.Reactivate(user.Id, state, actor, Now), user, actor, cancellationToken);
        }

        await ReactivateNowAsync(user, actor);
        return null;
    }

    private static void CheckReactivate(PortalUser user)
    {
        if (user.IsActive)
        {
            throw new DomainRuleException($"{user.FullName} is already active.");
        }
    }

    private async Task ReactivateNowAsync(PortalUser user, Person actor)
    {
        CheckReactivate(user);
        user.DeactivatedAtUtc = null;
        Record(user, AccountEventKind.Reactivated, actor, $"Reactivated {user.FullName}.");
        Invitations.Check(await users.UpdateAsync(user));
    }

    /// <summary>
    /// Makes a change a governor has just confirmed, as the person who asked for it, through the same code and checks as a
    /// change made at once (an address still free, a person who has not left...), in the caller's transaction.
    /// </summary>
    /// <returns>The account changed, or made.</returns>
    /// <exception cref="DomainRuleException">The change can no longer be made, and why.</exception>
    internal async Task<PortalUser> ApplyConfirmedAsync(AccountChange change, CancellationToken cancellationToken)
    {
        var asker = new Person(change.AskedByUserId, change.AskedByName);
        var after = change.After;
        if (change.Kind == AccountChangeKind.Add)
        {
            var details = PersonDetails.Create(after.FullName, after.JobTitle, after.Roles, after.Groups);
            var added = await CreateAndInviteAsync(after.Email, details, asker, invitedByHand: !change.ByImport, await RoleIds.ReadAsync(db, cancellationToken), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return added;
        }

        var user = await users.FindByIdAsync(change.SubjectUserId!) ?? throw new DomainRuleException($"{change.SubjectName}'s account is gone.");
        if (Moved(change.Before!, await StateAsync(user, cancellationToken)) is { } moved)
        {
            throw new DomainRuleException($"{user.FullName}'s {moved} changed after the change was asked for, so it would not be made as the governors see it.");
        }

        switch (change.Kind)
        {
            case AccountChangeKind.MarkAsLeft:
                await MarkAsLeftAsync(user, asker, change.ByImport ? "by an import: the file did not list them" : "by hand");
                break;
            case AccountChangeKind.Reactivate:
                await ReactivateNowAsync(user, asker);
                break;
            default:
                if (!user.IsActive)
                {
                    throw new DomainRuleException($"{user.FullName} has left since the change was asked for.");
                }

                // Checked again: the address may have been taken, or given to a leaver, while the change waited.
                var details = PersonDetails.Create(after.FullName, after.JobTitle, after.Roles, after.Groups);
                await ApplyEditAsync(user, after.Email, await CheckEditAsync(user, after.Email, details, asker), details, asker, cancellationToken);
                break;
        }

        await db.SaveChangesAsync(cancellationToken);
        return user;
    }

    /// <summary>What of an account differs from how a change found it, or null: a change is made only on the account it was asked for.</summary>
    private static string? Moved(AccountState then, AccountState now) =>
        then.FullName != now.FullName ? "name"
        : !string.Equals(then.Email, now.Email, StringComparison.OrdinalIgnoreCase) ? "email address"
        : then.JobTitle != now.JobTitle ? "job title"
        : !then.Roles.SequenceEqual(now.Roles) ? "roles"
        : !SameGroups(then.Groups, now.Groups) ? "groups"
        : null;

    /// <summary>How Identity normalises an address for lookups; matching by email ignores case.</summary>
    public static string NormalizedEmail(string email) => email.Trim().ToUpperInvariant();

    private async Task<IReadOnlyList<PersonSummary>> SummariesAsync(IQueryable<PortalUser> query, CancellationToken cancellationToken)
    {
        var people = await query
            .Select(u => new { u.Id, u.FullName, u.Email, u.JobTitle, u.AddedAtUtc, u.DeactivatedAtUtc, HasSignedIn = u.PasswordHash != null || u.SchoolAccountLinkedAtUtc != null, u.SchoolAccountLinkedAtUtc, u.SchoolAccountOnly, u.ConcurrencyStamp })
            .ToListAsync(cancellationToken);
        var roles = (await db.UserRoles
                .Where(ur => query.Select(u => u.Id).Contains(ur.UserId))
                .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
                .ToListAsync(cancellationToken))
            .ToLookup(r => r.UserId, r => r.Name!);
        var inGroups = await groups.OfPeopleAsync(query.Select(u => u.Id), cancellationToken);

        return [.. people
            .OrderBy(p => p.FullName, StringComparer.CurrentCultureIgnoreCase)
            .Select(p => new PersonSummary(
                p.Id,
                p.FullName,
                p.Email ?? string.Empty,
                p.JobTitle,
                [.. Authorization.Roles.All.Where(r => roles[p.Id].Contains(r))],
                p.AddedAtUtc,
                p.DeactivatedAtUtc,
                p.HasSignedIn,
                p.ConcurrencyStamp ?? string.Empty)
            {
                Groups = [.. inGroups[p.Id]],
                SchoolAccountLinkedAtUtc = p.SchoolAccountLinkedAtUtc,
                SchoolAccountOnly = p.SchoolAccountOnly,
            })];
    }
}
