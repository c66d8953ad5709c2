using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Services;

/// <summary>What importing one row would do.</summary>
public enum ImportRowKind
{
    New,
    Changed,
    Unchanged,
    Error,
}

/// <summary>One person in an import file and what importing would do: what changes, or why the row cannot be used.</summary>
public sealed record ImportRow(int Line, string FullName, string Email, string? JobTitle, string Role, ImportRowKind Kind, IReadOnlyList<string> Notes)
{
    /// <summary>For new and changed rows, the details to save.</summary>
    public PersonDetails? Details { get; init; }

    /// <summary>For changed rows, whose account.</summary>
    public string? PersonId { get; init; }
}

/// <summary>What an import file would do, row by row; or, if the file as a whole cannot be used, why.</summary>
public sealed record ImportPlan(IReadOnlyList<ImportRow> Rows, string? FileProblem)
{
    public int Count(ImportRowKind kind) => Rows.Count(r => r.Kind == kind);

    /// <summary>How many people the import would add or change.</summary>
    public int ToApply => FileProblem is null ? Count(ImportRowKind.New) + Count(ImportRowKind.Changed) : 0;

    /// <summary>Stands for every row's outcome, so the apply step can tell whether anything changed since the preview.</summary>
    public string Fingerprint => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(
        Rows.Select(r => new { r.Line, r.Kind, r.Email, r.Notes, r.PersonId }).ToList()))));
}

/// <summary>
/// Reads a school information system's staff export and decides, row by row, what importing it would do. Matching is by
/// email address, ignoring case. Nobody missing from the file is touched; people who have left are not brought back.
/// </summary>
public static class ImportPlanner
{
    public const int MaxRows = 2000;

    public const string AcceptedHeadings =
        "full name (\"Full name\" or \"Name\"), email address (\"Email\" or \"Email address\"), role (\"Role\" or \"Staff type\") and, if you like, job title (\"Job title\" or \"Position\")";

    private enum Column
    {
        FullName,
        Email,
        JobTitle,
        Role,
    }

    // Headings compared by their letters only, ignoring case: "Full name", "FULL_NAME" and "full-name" are one.
    private static readonly Dictionary<string, Column> Headings = new(StringComparer.Ordinal)
    {
        ["fullname"] = Column.FullName,
        ["name"] = Column.FullName,
        ["staffname"] = Column.FullName,
        ["displayname"] = Column.FullName,
        ["email"] = Column.Email,
        ["emailaddress"] = Column.Email,
        ["workemail"] = Column.Email,
        ["workemailaddress"] = Column.Email,
        ["schoolemail"] = Column.Email,
        ["jobtitle"] = Column.JobTitle,
        ["position"] = Column.JobTitle,
        ["post"] = Column.JobTitle,
        ["role"] = Column.Role,
        ["roles"] = Column.Role,
        ["stafftype"] = Column.Role,
        ["usertype"] = Column.Role,
    };

    private static readonly char[] RoleSeparators = [',', ';', '|', '/'];

    /// <param name="existing">Everyone with an account, by normalised email address (see <see cref="People.NormalizedEmail"/>).</param>
    /// <param name="importerId">The Principal importing, who cannot take away their own Principal role.</param>
    public static ImportPlan Plan(string csv, IReadOnlyDictionary<string, PersonSummary> existing, string importerId)
    {
        IReadOnlyList<CsvRecord> records;
        try
        {
            records = CsvText.Parse(csv);
        }
        catch (CsvFormatException error)
        {
            return new ImportPlan([], $"The file could not be read as CSV: {error.Message}");
        }

        var nonBlank = records.Where(r => !r.IsBlank).ToList();
        if (nonBlank.Count == 0)
        {
            return new ImportPlan([], "The file is empty.");
        }

        var (columns, headingProblem) = ReadHeadings(nonBlank[0]);
        if (headingProblem is not null)
        {
            return new ImportPlan([], headingProblem);
        }

        var data = nonBlank.Skip(1).ToList();
        if (data.Count == 0)
        {
            return new ImportPlan([], "The file has headings but no people under them.");
        }

        if (data.Count > MaxRows)
        {
            return new ImportPlan([], $"The file has {data.Count} people; an import takes at most {MaxRows}. Split it into smaller files.");
        }

        string Cell(CsvRecord record, Column column) =>
            columns.TryGetValue(column, out var index) && index < record.Fields.Count ? PersonDetails.Tidy(record.Fields[index]) : string.Empty;

        var linesByEmail = data
            .Select(r => (r.Line, Email: People.NormalizedEmail(Cell(r, Column.Email))))
            .Where(r => r.Email.Length > 0)
            .ToLookup(r => r.Email, r => r.Line, StringComparer.Ordinal);

        return new ImportPlan([.. data.Select(r => Classify(
            r.Line,
            Cell(r, Column.FullName),
            Cell(r, Column.Email),
            Cell(r, Column.JobTitle),
            Cell(r, Column.Role),
            linesByEmail,
            existing,
            importerId))], null);
    }

    private static (Dictionary<Column, int> Columns, string? Problem) ReadHeadings(CsvRecord header)
    {
        var columns = new Dictionary<Column, int>();
        for (var i = 0; i < header.Fields.Count; i++)
        {
            var letters = new string([.. header.Fields[i].Where(char.IsLetter).Select(char.ToLowerInvariant)]);
            if (!Headings.TryGetValue(letters, out var column))
            {
                continue; // other columns an export carries (staff code, start date...) are left alone
            }

            if (!columns.TryAdd(column, i))
            {
                return (columns, $"The file has two columns for the same thing: \"{header.Fields[columns[column]].Trim()}\" and \"{header.Fields[i].Trim()}\". Keep one.");
            }
        }

        var missing = new[] { (Column.FullName, "full name"), (Column.Email, "email address"), (Column.Role, "role") }
            .Where(c => !columns.ContainsKey(c.Item1))
            .Select(c => c.Item2)
            .ToList();
        return missing.Count == 0
            ? (columns, null)
            : (columns, $"The first row must be the column headings, and there is no column for {string.Join(" or ", missing)}. The import reads {AcceptedHeadings}, with the headings in any order.");
    }

    private static ImportRow Classify(
        int line,
        string name,
        string email,
        string jobTitle,
        string roleText,
        ILookup<string, int> linesByEmail,
        IReadOnlyDictionary<string, PersonSummary> existing,
        string importerId)
    {
        var problems = new List<string>();
        if (PersonDetails.NameProblem(name) is { } nameProblem)
        {
            // The form's words, for a row of a file rather than a field.
            problems.Add(name.Length == 0 ? "The full name is missing."
                : name.Length > PortalUser.FullNameMaxLength ? $"The full name is longer than {PortalUser.FullNameMaxLength} characters."
                : $"\"{name}\": {nameProblem}");
        }

        var normalizedEmail = People.NormalizedEmail(email);
        if (PersonDetails.EmailProblem(email) is not null)
        {
            problems.Add(email.Length == 0 ? "The email address is missing."
                : email.Length > PersonDetails.EmailMaxLength ? $"The email address is longer than {PersonDetails.EmailMaxLength} characters."
                : $"\"{email}\" is not an email address the portal can use.");
        }
        else if (linesByEmail[normalizedEmail].Where(l => l != line).ToList() is { Count: > 0 } others)
        {
            problems.Add($"The same email address is also on line {string.Join(", ", others)}. Keep one row per person.");
        }

        if (PersonDetails.JobTitleProblem(jobTitle) is not null)
        {
            problems.Add($"The job title is longer than {PortalUser.JobTitleMaxLength} characters.");
        }

        var words = roleText.Split(RoleSeparators, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var unknown = words.Where(w => PersonDetails.RoleFromText(w) is null).ToList();
        var roles = words.Select(PersonDetails.RoleFromText).OfType<string>().ToHashSet(StringComparer.Ordinal);
        if (words.Length == 0)
        {
            problems.Add($"The role is missing. Use {PersonDetails.RoleWords}.");
        }
        else if (unknown.Count > 0)
        {
            problems.Add($"Unknown role \"{string.Join(", ", unknown)}\". Use {PersonDetails.RoleWords}.");
        }

        existing.TryGetValue(normalizedEmail, out var person);
        if (person is { IsActive: false })
        {
            problems.Add($"{person.FullName} has left, and an import does not bring leavers back. Reactivate them on their page first if they have returned.");
        }
        else if (person is not null && person.Id == importerId && !roles.Contains(Authorization.Roles.Principal) && unknown.Count == 0 && words.Length > 0)
        {
            problems.Add("This is you: an import cannot take away your own Principal role.");
        }

        var row = new ImportRow(line, name, email, jobTitle.Length == 0 ? null : jobTitle, roleText, ImportRowKind.Error, problems);
        if (problems.Count > 0)
        {
            return row;
        }

        // An empty job title in the file leaves the one the portal has.
        var details = PersonDetails.Create(name, jobTitle.Length == 0 ? person?.JobTitle : jobTitle, roles);
        if (person is null)
        {
            return row with { Kind = ImportRowKind.New, Notes = [], Details = details };
        }

        var changes = new List<string>();
        if (details.FullName != person.FullName)
        {
            changes.Add($"Name: {person.FullName} → {details.FullName}");
        }

        if (details.JobTitle != person.JobTitle)
        {
            changes.Add($"Job title: {person.JobTitle ?? "none"} → {details.JobTitle}");
        }

        if (!details.Roles.SequenceEqual(person.Roles))
        {
            changes.Add($"Roles: {(person.Roles.Count == 0 ? "none" : string.Join(", ", person.Roles))} → {string.Join(", ", details.Roles)}");
        }

        return row with
        {
            Kind = changes.Count == 0 ? ImportRowKind.Unchanged : ImportRowKind.Changed,
            Notes = changes,
            Details = details,
            PersonId = person.Id,
        };
    }
}
