using PolicyPortal.Web.Services;

namespace PolicyPortal.Web.ViewModels.People;

/// <summary>The add and edit form as posted. Its rules and messages are <see cref="Domain.PersonDetails"/>'s.</summary>
public sealed class PersonForm
{
    public string? FullName { get; set; }

    /// <summary>Only when adding: an account's email address is its sign-in name and does not change here.</summary>
    public string? Email { get; set; }

    public string? JobTitle { get; set; }

    public List<string> Roles { get; set; } = [];

    public string? ConcurrencyStamp { get; set; }

    public static PersonForm From(PersonSummary person) => new()
    {
        FullName = person.FullName,
        Email = person.Email,
        JobTitle = person.JobTitle,
        Roles = [.. person.Roles],
        ConcurrencyStamp = person.ConcurrencyStamp,
    };
}

/// <summary>The add form (no <paramref name="PersonId"/>) or the edit form of one person.</summary>
public sealed record PersonFormViewModel(PersonForm Form, string? PersonId, string? Problem);

public sealed record PersonRow(string Id, string FullName, string Email, string? JobTitle, string Roles, string Status, string Added);

public sealed record PeopleListViewModel(IReadOnlyList<PersonRow> People, string? Text, string? Role, PeopleStatus Status, string? Notice)
{
    /// <summary>Which page of how many, and of how many people in all.</summary>
    public required PeoplePage Page { get; init; }
}

public sealed record PersonPageViewModel(PersonSummary Person, string Status, string Added, bool IsYou, string? Notice, string? Problem);

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
}

public static class PeopleText
{
    public static string Roles(PersonSummary person) => person.Roles.Count == 0 ? "None" : string.Join(", ", person.Roles);

    public static string Status(PersonSummary person, string? leftOn) =>
        !person.IsActive ? $"Left on {leftOn}"
        : person.IsInvited ? "Invited, no password yet"
        : "Active";

    public static string Kind(ImportRowKind kind) => kind switch
    {
        ImportRowKind.New => "New",
        ImportRowKind.Changed => "Changed",
        ImportRowKind.Unchanged => "Unchanged",
        _ => "Error",
    };
}
