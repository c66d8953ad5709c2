using PolicyPortal.Web.Services;

namespace PolicyPortal.Web.ViewModels.People;

/// <summary>The add and edit form as posted. Its rules and messages are <see cref="Domain.PersonDetails"/>'s.</summary>
public sealed class PersonForm
{
    public string? FullName { get; set; }

    /// <summary>The sign-in address; changing it tells both addresses.</summary>
    public string? Email { get; set; }

    public string? JobTitle { get; set; }

    public List<string> Roles { get; set; } = [];

    /// <summary>The names of the groups ticked.</summary>
    public List<string> Groups { get; set; } = [];

    /// <summary>A group to create and put the person in, if typed.</summary>
    public string? NewGroup { get; set; }

    public string? ConcurrencyStamp { get; set; }

    public static PersonForm From(PersonSummary person) => new()
    {
        FullName = person.FullName,
        Email = person.Email,
        JobTitle = person.JobTitle,
        Roles = [.. person.Roles],
        Groups = [.. person.Groups],
        ConcurrencyStamp = person.ConcurrencyStamp,
    };

    /// <summary>The details as the form gives them, or every problem with them, each for its field.</summary>
    public Domain.PersonDetails Details()
    {
        var problems = new List<Domain.FieldProblem>();
        if (!string.IsNullOrWhiteSpace(NewGroup) && Domain.PeopleGroup.NameProblem(NewGroup) is { } problem)
        {
            problems.Add(new(nameof(NewGroup), problem));
        }

        try
        {
            var details = Domain.PersonDetails.Create(FullName, JobTitle, Roles, string.IsNullOrWhiteSpace(NewGroup) || problems.Count > 0 ? Groups : [.. Groups, NewGroup]);
            if (problems.Count == 0)
            {
                return details;
            }
        }
        catch (Domain.InvalidDetailsException invalid)
        {
            problems.InsertRange(0, invalid.Problems);
        }

        throw new Domain.InvalidDetailsException(problems);
    }
}

/// <summary>The add form (no <paramref name="PersonId"/>) or the edit form of one person.</summary>
/// <param name="AllGroups">Every group's name, to tick.</param>
public sealed record PersonFormViewModel(PersonForm Form, string? PersonId, string? Problem, IReadOnlyList<string> AllGroups);

public sealed record PersonRow(string Id, string FullName, string Email, string? JobTitle, string Roles, string Groups, string Status, string Added);

public sealed record PeopleListViewModel(IReadOnlyList<PersonRow> People, string? Text, string? Role, PeopleStatus Status, string? Notice)
{
    /// <summary>Why the last action was refused, e.g. a change withdrawn that a governor had decided meanwhile.</summary>
    public string? Problem { get; init; }

    /// <summary>The oldest changes waiting for a governor, each with a button to withdraw it.</summary>
    public IReadOnlyList<AccountChangeRow> Waiting { get; init; } = [];

    /// <summary>How many changes wait for a governor in all.</summary>
    public int WaitingTotal { get; init; }

    /// <summary>Which page of how many, and of how many people in all.</summary>
    public required PeoplePage Page { get; init; }

    /// <summary>Every group, to filter by.</summary>
    public IReadOnlyList<GroupSummary> Groups { get; init; } = [];

    public int? GroupId { get; init; }
}

public sealed record PersonPageViewModel(PersonSummary Person, string Status, string Added, bool IsYou, string? Notice, string? Problem)
{
    /// <summary>Each policy in force the person is asked to sign: outstanding first, then signed.</summary>
    public IReadOnlyList<PersonPolicyRow> Policies { get; init; } = [];

    /// <summary>Every signature they gave, of any version, newest first.</summary>
    public IReadOnlyList<PersonSignatureRow> Signatures { get; init; } = [];

    public IReadOnlyList<PersonPresenceRow> Presences { get; init; } = [];

    /// <summary>The audit of their account, newest first.</summary>
    public IReadOnlyList<AccountAuditRow> Account { get; init; } = [];

    /// <summary>For someone who has not set a password: their last invitation, and when its link stops working.</summary>
    public string? Invitation { get; init; }

    /// <summary>The change to their account waiting for a governor, if any, with a button to withdraw it.</summary>
    public AccountChangeRow? Waiting { get; init; }

    /// <summary>Whether single sign-on is set up, so that they can be set to sign in with their school account only.</summary>
    public bool SchoolAccounts { get; init; }

    /// <summary>How they sign in, where single sign-on is set up or they have used it.</summary>
    public string? SignsInWith { get; init; }
}

/// <summary>The page that asks the Principal to confirm a leaver; a governor or a Principal leaves only when a governor confirms.</summary>
public sealed record LeaveViewModel(PersonSummary Person, bool WaitsForGovernor);

/// <summary>A change to an account waiting for a governor, as a page shows it.</summary>
/// <param name="Title">What it does, in a few words: "Add Kim Lowe as Governor".</param>
/// <param name="SubjectId">The account it is about, to link to; null for a person not added yet.</param>
/// <param name="NotYours">For a governor who may not decide it, why; null for one who may, and on the Principal's pages.</param>
public sealed record AccountChangeRow(int Id, string Title, string? SubjectId, IReadOnlyList<Domain.AccountChangeLine> Lines, string AskedBy, string AskedAt, bool ByImport, string? NotYours)
{
    /// <param name="when">The time as the page writes it.</param>
    /// <param name="governorId">The governor looking, to say whether they may decide it; null on the Principal's pages.</param>
    public static AccountChangeRow From(Domain.AccountChange change, Func<DateTime, string> when, string? governorId = null) => new(
        change.Id,
        change.Kind switch
        {
            Domain.AccountChangeKind.Add => $"Add {change.FullName} as {string.Join(" and ", change.After.Roles)}",
            Domain.AccountChangeKind.MarkAsLeft => $"Mark {change.SubjectName} as left",
            Domain.AccountChangeKind.Reactivate => $"Reactivate {change.SubjectName}",
            _ => $"Change {change.SubjectName}'s account",
        },
        change.SubjectUserId,
        change.Lines(),
        change.AskedByName,
        when(change.AskedAtUtc),
        change.ByImport,
        governorId is null ? null
        : governorId == change.AskedByUserId ? "You asked for this change, so another governor confirms or declines it."
        : governorId == change.SubjectUserId ? "This change is to your own account, so another governor confirms or declines it."
        : null);
}

/// <summary>The governors' list of changes to accounts waiting for them: the oldest, and how many in all.</summary>
public sealed record ChangesToConfirmViewModel(IReadOnlyList<AccountChangeRow> Rows, int Total, string? Notice, string? Problem);

/// <param name="ReceiptId">The receipt of the signature that counts, when signed.</param>
public sealed record PersonPolicyRow(string Slug, string Title, string Version, string Standing, int? ReceiptId);

public sealed record PersonSignatureRow(int ReceiptId, string Policy, string Version, string SignedAt);

public sealed record PersonPresenceRow(int Id, string Platform, string Handle, string Status, string Requested);

/// <param name="SubjectId">The account, to link to; null for a person whose addition was not made.</param>
public sealed record AccountAuditRow(string At, string What, string? SubjectId, string Subject, string Who, string Detail);

/// <summary>The latest changes to people's accounts, newest first, up to <paramref name="Limit"/>.</summary>
public sealed record AccountAuditViewModel(IReadOnlyList<AccountAuditRow> Entries, int Limit);

public sealed record ImportUploadViewModel(string? Problem);

/// <summary>Everyone invited who has not set a password, in name order.</summary>
public sealed record InvitationsViewModel(IReadOnlyList<PersonSummary> Invited, string? Problem);

public sealed record ImportPreviewViewModel(ImportPreview Preview, string? Problem)
{
    /// <summary>
    /// How many new rows, and how many unchanged, the preview lists. A school's whole staff fits; of a trust's, the first
    /// of them are enough to see that the file was read right, and a page of 20,000 rows would be of no use to anyone.
    /// </summary>
    public const int RowsListedOfEachKind = 250;

    /// <summary>The rows listed, in the file's order: every row with errors, every change, and the first new and unchanged ones.</summary>
    public IReadOnlyList<ImportRow> ListedRows { get; } = Listed(Preview.Plan.Rows);

    /// <summary>New people the preview does not list.</summary>
    public int NewNotListed => Math.Max(0, Preview.Plan.Count(ImportRowKind.New) - RowsListedOfEachKind);

    /// <summary>Unchanged rows the preview does not list.</summary>
    public int UnchangedNotListed => Math.Max(0, Preview.Plan.Count(ImportRowKind.Unchanged) - RowsListedOfEachKind);

    /// <summary>Said in a status message above the preview.</summary>
    public string? Notice { get; init; }

    /// <summary>Why the Principals the import makes must be confirmed, shown beside the confirmation.</summary>
    public string? PrincipalsProblem { get; init; }

    private static List<ImportRow> Listed(IReadOnlyList<ImportRow> rows)
    {
        int news = 0, unchanged = 0;
        return [.. rows.Where(r => r.Kind switch
        {
            ImportRowKind.New => ++news <= RowsListedOfEachKind,
            ImportRowKind.Unchanged => ++unchanged <= RowsListedOfEachKind,
            _ => true,
        })];
    }
}

public sealed record ImportColumnsViewModel(ImportPreview Preview, string? Problem)
{
    /// <summary>What each column can hold, in the order the page asks, and whether the import needs it.</summary>
    public static readonly IReadOnlyList<(ImportColumn Column, string Label, string? Hint)> Fields =
    [
        (ImportColumn.FullName, "Full name", "Or a forename and a surname column, below."),
        (ImportColumn.Forename, "Forename", "Read with the surname when there is no full name."),
        (ImportColumn.Surname, "Surname", null),
        (ImportColumn.Email, "Email address", null),
        (ImportColumn.Role, "Role", null),
        (ImportColumn.JobTitle, "Job title (optional)", null),
        (ImportColumn.Group, "Groups (optional)", "A department, team or staff group; several separated by \";\"."),
    ];
}

/// <summary>The column chosen for each thing: its position in the file, or none.</summary>
public sealed class ImportColumnsForm
{
    public string? Upload { get; set; }

    public int? FullName { get; set; }

    public int? Forename { get; set; }

    public int? Surname { get; set; }

    public int? Email { get; set; }

    public int? JobTitle { get; set; }

    public int? Role { get; set; }

    public int? Group { get; set; }
}

public static class PeopleText
{
    public static string Roles(PersonSummary person) => person.Roles.Count == 0 ? "None" : string.Join(", ", person.Roles);

    public static string Status(PersonSummary person, string? leftOn) =>
        !person.IsActive ? $"Left on {leftOn}"
        : person.IsInvited ? "Invited, never signed in"
        : "Active";

    public static string Kind(Domain.AccountEventKind kind) => kind switch
    {
        Domain.AccountEventKind.Added => "Added",
        Domain.AccountEventKind.Imported => "Imported",
        Domain.AccountEventKind.DetailsChanged => "Details changed",
        Domain.AccountEventKind.RolesChanged => "Roles changed",
        Domain.AccountEventKind.GroupsChanged => "Groups changed",
        Domain.AccountEventKind.EmailChangeAsked => "Email change asked",
        Domain.AccountEventKind.EmailChanged => "Email changed",
        Domain.AccountEventKind.InvitationSent => "Invitation sent",
        Domain.AccountEventKind.MarkedAsLeft => "Marked as left",
        Domain.AccountEventKind.Reactivated => "Reactivated",
        Domain.AccountEventKind.ChangeAsked => "Change asked, waiting for a governor",
        Domain.AccountEventKind.ChangeConfirmed => "Change confirmed by a governor",
        Domain.AccountEventKind.ChangeDeclined => "Change declined by a governor",
        Domain.AccountEventKind.ChangeWithdrawn => "Change withdrawn",
        _ => kind.ToString(),
    };

    public static string Kind(ImportRowKind kind) => kind switch
    {
        ImportRowKind.New => "New",
        ImportRowKind.Changed => "Changed",
        ImportRowKind.Unchanged => "Unchanged",
        _ => "Error",
    };
}
