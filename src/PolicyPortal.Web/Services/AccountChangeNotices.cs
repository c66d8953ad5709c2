using Microsoft.EntityFrameworkCore;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Data;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Services.Email;

namespace PolicyPortal.Web.Services;

/// <summary>
/// Who may decide a change to an account, and the emails that tell every governor of it: when it is asked for, and when
/// it is decided. Every governor hears of each, so that none can be made quietly.
/// </summary>
public sealed class AccountChangeNotices(PortalDbContext db, Outbox outbox)
{
    /// <summary>The most changes one email lists: an import can ask for hundreds; the page lists them all.</summary>
    private const int Listed = 50;

    /// <summary>Whether <paramref name="userId"/> is an active governor now, as the database says rather than their sign-in cookie.</summary>
    public Task<bool> IsActiveGovernorAsync(string userId, CancellationToken cancellationToken) =>
        db.Users.AnyAsync(u => u.Id == userId && u.DeactivatedAtUtc == null
            && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.Governor)), cancellationToken);

    /// <summary>How many active governors could decide <paramref name="change"/>: none means it waits until there is one.</summary>
    public async Task<int> DecidersAsync(AccountChange change, CancellationToken cancellationToken) =>
        await db.UserRoles
            .Where(ur => db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.Governor))
            .Join(db.Users, ur => ur.UserId, u => u.Id, (_, u) => u)
            .CountAsync(u => u.DeactivatedAtUtc == null && u.Id != change.AskedByUserId && u.Id != change.SubjectUserId, cancellationToken);

    /// <summary>Every active governor, to tell of a decision; read before the change is made, which may add or remove one.</summary>
    public Task<IReadOnlyList<(string Email, string Name)>> GovernorsAsync(CancellationToken cancellationToken) =>
        outbox.PeopleInRoleAsync(Roles.Governor, cancellationToken);

    /// <summary>Tells every active governor that <paramref name="changes"/> wait for them: one email each, however many changes.</summary>
    public async Task AskedAsync(IReadOnlyList<AccountChange> changes, Person asker, CancellationToken cancellationToken)
    {
        if (changes.Count == 0)
        {
            return;
        }

        var one = changes.Count == 1;
        var subject = one ? $"PolicyPortal: {About(changes[0])} waits for a governor" : $"PolicyPortal: {changes.Count:N0} changes to accounts wait for a governor";
        var list = string.Join("\n", changes.Take(Listed).Select(c => $"- {c.Summary()}."))
            + (changes.Count > Listed ? $"\n- and {changes.Count - Listed:N0} more, listed on the page." : string.Empty);
        foreach (var (email, name) in await GovernorsAsync(cancellationToken))
        {
            outbox.AddAskedForNow(email, name, subject,
                $"Hello {name},\n\n{asker.FullName} has asked for {(one ? "this change" : "these changes")}{(changes[0].ByImport ? " in an import of people" : string.Empty)}:\n\n{list}\n\n"
                + $"Nothing of {(one ? "it" : "them")} happens until a governor confirms: no account, invitation or link is sent before then. "
                + $"Any governor other than {asker.FullName}, and other than the person a change is about, can confirm or decline {(one ? "it" : "each")} here: {Link()}\n\n"
                + "If you did not expect this, speak to the other governors before anyone confirms.\n");
        }
    }

    /// <summary>Tells <paramref name="recipients"/> (the governors before the change was made) and whoever asked for it how a governor decided it.</summary>
    public async Task DecidedAsync(AccountChange change, IReadOnlyList<(string Email, string Name)> recipients, CancellationToken cancellationToken)
    {
        var everyone = recipients.ToList();
        if (await outbox.PersonAsync(change.AskedByUserId, cancellationToken) is { } asker && !everyone.Any(r => r.Email == asker.Email))
        {
            everyone.Add(asker);
        }

        var confirmed = change.Status == AccountChangeStatus.Confirmed;
        var subject = $"PolicyPortal: {change.DecidedByName} {(confirmed ? "confirmed" : "declined")} {About(change)}";
        foreach (var (email, name) in everyone)
        {
            outbox.AddAskedForNow(email, name, subject,
                $"Hello {name},\n\n{change.DecidedByName} has {(confirmed ? "confirmed" : "declined")} this change, which {change.AskedByName} asked for:\n\n- {change.Summary()}.\n\n"
                + (confirmed ? "It is made now." : "Nothing of it was made.")
                + $" The changes waiting for a governor are here: {Link()}\n");
        }
    }

    /// <summary>Tells every governor that a change they were told of was withdrawn before one decided it.</summary>
    public async Task WithdrawnAsync(AccountChange change, CancellationToken cancellationToken)
    {
        foreach (var (email, name) in await GovernorsAsync(cancellationToken))
        {
            outbox.AddAskedForNow(email, name, $"PolicyPortal: {change.DecidedByName} withdrew {About(change)}",
                $"Hello {name},\n\n{change.DecidedByName} has withdrawn this change, which {change.AskedByName} asked for, before a governor decided it:\n\n- {change.Summary()}.\n\n"
                + $"Nothing of it was made. The changes waiting for a governor are here: {Link()}\n");
        }
    }

    private string Link() => outbox.LinkTo(nameof(Controllers.AccountChangesController.Index), "AccountChanges");

    private static string About(AccountChange change) => change.Kind switch
    {
        AccountChangeKind.Add => $"adding {change.FullName} as {string.Join(" and ", change.After.Roles)}",
        AccountChangeKind.MarkAsLeft => $"marking {change.SubjectName} as left",
        AccountChangeKind.Reactivate => $"reactivating {change.SubjectName}",
        _ => $"a change to {change.SubjectName}'s account",
    };
}
