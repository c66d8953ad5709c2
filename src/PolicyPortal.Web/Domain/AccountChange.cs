using System.Linq.Expressions;

namespace PolicyPortal.Web.Domain;

/// <summary>What a change waiting for a governor asks for.</summary>
public enum AccountChangeKind
{
    /// <summary>A new person with the Governor or Principal role.</summary>
    Add,

    /// <summary>Another name, email address, job title, roles or groups.</summary>
    Edit,
    MarkAsLeft,
    Reactivate,
}

public enum AccountChangeStatus
{
    Waiting,
    Confirmed,
    Declined,
    Withdrawn,
}

/// <summary>A person's account as a change finds it, or would leave it.</summary>
/// <param name="Roles">In the order of <see cref="Authorization.Roles.All"/>.</param>
/// <param name="Groups">The names of every group they are in.</param>
public sealed record AccountState(string FullName, string Email, string? JobTitle, IReadOnlyList<string> Roles, IReadOnlyList<string> Groups, bool IsActive = true);

/// <summary>One thing a change changes: a field, as it was (null for a new person) and as it would be.</summary>
public sealed record AccountChangeLine(string Field, string? Before, string After);

/// <summary>Who is deciding a change: the person, and whether they are an active governor now, as the database says.</summary>
public sealed record AccountChangeDecider(Person Person, bool IsActiveGovernor);

/// <summary>
/// A change to who the governors and Principals are, or to their accounts, that the Principal asked for and a governor
/// must confirm before anything of it happens: otherwise the Principal could make a governor of their own (a second
/// account, a friend's) to confirm what only a governor may, or take over a governor's account by its email address.
/// It is decided once: confirmed or declined by an active governor who neither asked for it nor is the person it is
/// about, or withdrawn by the Principal.
/// </summary>
public class AccountChange
{
    private const char GroupSeparator = '\n';

    private AccountChange()
    {
        SubjectName = FullName = Email = Roles = Groups = AskedByUserId = AskedByName = string.Empty;
    }

    private AccountChange(AccountChangeKind kind, string? subjectUserId, AccountState? before, AccountState after, Person asker, bool byImport, DateTime atUtc)
    {
        Kind = kind;
        SubjectUserId = subjectUserId;
        SubjectName = (before ?? after).FullName;
        FullName = after.FullName;
        Email = after.Email;
        JobTitle = after.JobTitle;
        Roles = string.Join(',', after.Roles);
        Groups = string.Join(GroupSeparator, after.Groups);
        if (before is not null)
        {
            BeforeFullName = before.FullName;
            BeforeEmail = before.Email;
            BeforeJobTitle = before.JobTitle;
            BeforeRoles = string.Join(',', before.Roles);
            BeforeGroups = string.Join(GroupSeparator, before.Groups);
        }

        ByImport = byImport;
        AskedByUserId = asker.UserId;
        AskedByName = asker.FullName;
        AskedAtUtc = atUtc;
        Status = AccountChangeStatus.Waiting;
    }

    public int Id { get; private set; }

    public AccountChangeKind Kind { get; private set; }

    public AccountChangeStatus Status { get; private set; }

    /// <summary>Whose account it changes; for a new person, null until a governor confirms and the account is made.</summary>
    public string? SubjectUserId { get; private set; }

    /// <summary>Their name when the change was asked for.</summary>
    public string SubjectName { get; private set; }

    public string FullName { get; private set; }

    public string Email { get; private set; }

    public string? JobTitle { get; private set; }

    /// <summary>Role names, separated by commas.</summary>
    public string Roles { get; private set; }

    /// <summary>Group names, one a line.</summary>
    public string Groups { get; private set; }

    public string? BeforeFullName { get; private set; }

    public string? BeforeEmail { get; private set; }

    public string? BeforeJobTitle { get; private set; }

    public string? BeforeRoles { get; private set; }

    public string? BeforeGroups { get; private set; }

    /// <summary>An import asked for it, rather than the Principal's form.</summary>
    public bool ByImport { get; private set; }

    public string AskedByUserId { get; private set; }

    public string AskedByName { get; private set; }

    public DateTime AskedAtUtc { get; private set; }

    public string? DecidedByUserId { get; private set; }

    public string? DecidedByName { get; private set; }

    public DateTime? DecidedAtUtc { get; private set; }

    public Guid ConcurrencyStamp { get; private set; } = Guid.NewGuid();

    /// <summary>The account as the change found it; null for a new person.</summary>
    public AccountState? Before => Kind == AccountChangeKind.Add
        ? null
        : new(BeforeFullName!, BeforeEmail!, BeforeJobTitle, List(BeforeRoles!, ','), List(BeforeGroups!, GroupSeparator), IsActive: Kind != AccountChangeKind.Reactivate);

    /// <summary>The account as the change would leave it.</summary>
    public AccountState After => new(FullName, Email, JobTitle, List(Roles, ','), List(Groups, GroupSeparator), IsActive: Kind != AccountChangeKind.MarkAsLeft);

    /// <summary>Whether holding <paramref name="role"/>, or being given it, needs a governor's confirmation.</summary>
    public static bool IsGuardedRole(string role) => role is Authorization.Roles.Governor or Authorization.Roles.Principal;

    /// <summary>Whether someone with these roles is a governor or a Principal, whose account only changes with a governor's confirmation.</summary>
    public static bool IsGuarded(IEnumerable<string> roles) => roles.Any(IsGuardedRole);

    /// <summary>
    /// Whether a governor must confirm an edit: one that gives the Governor or Principal role, or changes the name, email
    /// address or roles of someone who has either. A job title or groups alone, or an address in other capitals, is not
    /// such a change.
    /// </summary>
    public static bool IsGuardedEdit(AccountState before, AccountState after) =>
        after.Roles.Any(r => IsGuardedRole(r) && !before.Roles.Contains(r))
        || (IsGuarded(before.Roles)
            && (before.FullName != after.FullName
                || !string.Equals(before.Email, after.Email, StringComparison.OrdinalIgnoreCase)
                || !before.Roles.SequenceEqual(after.Roles)));

    /// <summary>Changes a governor in <paramref name="userId"/>'s place may decide: waiting, not asked for by them, not about them.</summary>
    public static Expression<Func<AccountChange, bool>> DecidableBy(string userId) =>
        c => c.Status == AccountChangeStatus.Waiting && c.AskedByUserId != userId && (c.SubjectUserId == null || c.SubjectUserId != userId);

    /// <summary>The Principal asks to add a governor or a Principal.</summary>
    public static AccountChange Add(AccountState person, Person asker, bool byImport, DateTime atUtc) =>
        IsGuarded(person.Roles)
            ? new(AccountChangeKind.Add, null, null, person, asker, byImport, atUtc)
            : throw new DomainRuleException($"{person.FullName} is added at once: only adding a governor or a Principal waits for a governor.");

    /// <summary>The Principal asks to change a person's details, roles or address.</summary>
    public static AccountChange Edit(string subjectUserId, AccountState before, AccountState after, Person asker, bool byImport, DateTime atUtc)
    {
        if (!IsGuardedEdit(before, after))
        {
            throw new DomainRuleException($"This change to {before.FullName}'s account applies at once: it does not wait for a governor.");
        }

        return new(AccountChangeKind.Edit, subjectUserId, before, after, asker, byImport, atUtc);
    }

    /// <summary>The Principal asks to mark a governor or a Principal as left.</summary>
    public static AccountChange MarkAsLeft(string subjectUserId, AccountState person, Person asker, bool byImport, DateTime atUtc) =>
        ForGuarded(AccountChangeKind.MarkAsLeft, subjectUserId, person, asker, byImport, atUtc);

    /// <summary>The Principal asks to bring back a governor or a Principal who left.</summary>
    public static AccountChange Reactivate(string subjectUserId, AccountState person, Person asker, DateTime atUtc) =>
        ForGuarded(AccountChangeKind.Reactivate, subjectUserId, person, asker, byImport: false, atUtc);

    /// <summary>What the change changes, each field as it was and as it would be.</summary>
    public IReadOnlyList<AccountChangeLine> Lines()
    {
        var after = After;
        if (Before is not { } before)
        {
            return
            [
                new("Name", null, after.FullName),
                new("Email address", null, after.Email),
                new("Job title", null, after.JobTitle ?? "None"),
                new("Roles", null, Listed(after.Roles)),
                new("Groups", null, Listed(after.Groups)),
            ];
        }

        if (Kind != AccountChangeKind.Edit)
        {
            return [new("Status", before.IsActive ? "Active" : "Left", after.IsActive ? "Active" : "Left")];
        }

        var lines = new List<AccountChangeLine>();
        void Compare(string field, string was, string becomes)
        {
            if (was != becomes)
            {
                lines.Add(new(field, was, becomes));
            }
        }

        Compare("Name", before.FullName, after.FullName);

        // The address is shown even unchanged: it says whom the account, and the role it may be given, would reach.
        lines.Add(new("Email address", before.Email, after.Email));
        Compare("Job title", before.JobTitle ?? "None", after.JobTitle ?? "None");
        Compare("Roles", Listed(before.Roles), Listed(after.Roles));
        Compare("Groups", Listed(before.Groups), Listed(after.Groups));
        return lines;
    }

    /// <summary>The lines of <see cref="Lines"/> that change something.</summary>
    public IEnumerable<AccountChangeLine> Changes() => Lines().Where(l => l.Before != l.After);

    /// <summary>The change in one line, for emails and the audit trail: "Mark Robin Hughes as left".</summary>
    public string Summary() => Kind switch
    {
        AccountChangeKind.Add => $"Add {FullName} ({Email}) as {string.Join(" and ", After.Roles)}",
        AccountChangeKind.MarkAsLeft => $"Mark {SubjectName} as left{(ByImport ? ", as an import did not list them" : string.Empty)}",
        AccountChangeKind.Reactivate => $"Reactivate {SubjectName}",
        _ => $"Change {SubjectName}'s account: {string.Join("; ", Changes().Select(l => $"{l.Field}: {l.Before} → {l.After}"))}",
    };

    /// <summary>Whether <paramref name="userId"/> may decide this change, were they an active governor.</summary>
    public bool CanBeDecidedBy(string userId) => userId != AskedByUserId && userId != SubjectUserId;

    /// <summary>A governor confirms the change; the caller then makes it, in the same transaction.</summary>
    public void Confirm(AccountChangeDecider governor, DateTime atUtc)
    {
        RequireDecider(governor);
        Decide(AccountChangeStatus.Confirmed, governor.Person, atUtc);
    }

    public void Decline(AccountChangeDecider governor, DateTime atUtc)
    {
        RequireDecider(governor);
        Decide(AccountChangeStatus.Declined, governor.Person, atUtc);
    }

    /// <summary>
    /// Whoever asked takes back a change that is still waiting; or another Principal, unless the change is about them:
    /// a Principal cannot quietly undo a change to their own account that someone else asked for.
    /// </summary>
    public void Withdraw(Person principal, bool isPrincipal, DateTime atUtc)
    {
        if (!isPrincipal)
        {
            throw new DomainRuleException("Only the Principal can withdraw a change to an account.");
        }

        if (principal.UserId != AskedByUserId && principal.UserId == SubjectUserId)
        {
            throw new DomainRuleException($"{AskedByName} asked for this change to your account, so only they can withdraw it, or a governor decline it.");
        }

        Decide(AccountChangeStatus.Withdrawn, principal, atUtc);
    }

    /// <summary>The account a confirmed addition made.</summary>
    public void AccountCreated(string userId)
    {
        if (Kind != AccountChangeKind.Add || Status != AccountChangeStatus.Confirmed || SubjectUserId is not null)
        {
            throw new DomainRuleException("Only a confirmed addition makes an account.");
        }

        SubjectUserId = userId;
    }

    /// <summary>The status as the pages say it: "waiting for a governor", "confirmed by Robin Hughes".</summary>
    public string StatusText() => Status switch
    {
        AccountChangeStatus.Waiting => "waiting for a governor",
        AccountChangeStatus.Confirmed => $"confirmed by {DecidedByName}",
        AccountChangeStatus.Declined => $"declined by {DecidedByName}",
        _ => $"withdrawn by {DecidedByName}",
    };

    private static AccountChange ForGuarded(AccountChangeKind kind, string subjectUserId, AccountState person, Person asker, bool byImport, DateTime atUtc) =>
        IsGuarded(person.Roles)
            ? new(kind, subjectUserId, person, person with { IsActive = kind == AccountChangeKind.Reactivate }, asker, byImport, atUtc)
            : throw new DomainRuleException($"{person.FullName} is neither a governor nor a Principal: this applies at once.");

    private void RequireDecider(AccountChangeDecider governor)
    {
        RequireWaiting();
        if (!governor.IsActiveGovernor)
        {
            throw new DomainRuleException("Only a governor can confirm or decline a change to an account.");
        }

        if (governor.Person.UserId == AskedByUserId)
        {
            throw new DomainRuleException("You asked for this change, so another governor confirms or declines it.");
        }

        if (governor.Person.UserId == SubjectUserId)
        {
            throw new DomainRuleException("This change is to your own account, so another governor confirms or declines it.");
        }
    }

    private void RequireWaiting()
    {
        if (Status != AccountChangeStatus.Waiting)
        {
            throw new DomainRuleException($"This change was {StatusText()} already: nothing more can be done with it.");
        }
    }

    private void Decide(AccountChangeStatus status, Person by, DateTime atUtc)
    {
        RequireWaiting();
        Status = status;
        DecidedByUserId = by.UserId;
        DecidedByName = by.FullName;
        DecidedAtUtc = atUtc;
        ConcurrencyStamp = Guid.NewGuid();
    }

    private static string Listed(IReadOnlyList<string> names) => names.Count == 0 ? "None" : string.Join(", ", names);

    private static List<string> List(string joined, char separator) =>
        [.. joined.Split(separator, StringSplitOptions.RemoveEmptyEntries)];
}
