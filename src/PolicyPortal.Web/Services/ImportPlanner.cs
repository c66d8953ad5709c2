using System.Security.Cryptography;
using System.Text.Json;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Services;

/// <summary>What a column of an import file can hold.</summary>
public enum ImportColumn
{
    FullName,
    Forename,
    Surname,
    Email,
    JobTitle,
    Role,

    /// <summary>The groups a person is in: a department, team or staff group; several separated by ";".</summary>
    Group,
}

/// <summary>A column of an import file: its position, its heading and a few of its values, to recognise it by.</summary>
public sealed record FileColumn(int Index, string Heading, IReadOnlyList<string> Samples);

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
    /// <summary>The groups the row names, when the file has a group column.</summary>
    public IReadOnlyList<string> Groups { get; init; } = [];

    /// <summary>For new and changed rows, the details to save.</summary>
    public PersonDetails? Details { get; init; }

    /// <summary>For changed rows, whose account.</summary>
    public string? PersonId { get; init; }

    /// <summary>Importing gives this person the Principal's role, which they do not have.</summary>
    public bool BecomesPrincipal { get; init; }

    /// <summary>
    /// The row adds a governor or a Principal, or changes who is one or their name (<see cref="AccountChange.IsGuardedEdit"/>):
    /// importing asks for it, and a governor's confirmation makes it.
    /// </summary>
    public bool WaitsForGovernor { get; init; }
}

/// <summary>Changes already waiting for a governor, which an import does not ask for again.</summary>
/// <param name="PersonIds">The people a waiting change is about.</param>
/// <param name="NewEmails">The normalised addresses of people waiting to be added (<see cref="People.NormalizedEmail"/>).</param>
public sealed record WaitingForGovernors(IReadOnlySet<string> PersonIds, IReadOnlySet<string> NewEmails)
{
    public static WaitingForGovernors None { get; } = new(new HashSet<string>(), new HashSet<string>());
}

/// <summary>A value of the file's role column, the portal roles it gives, and how many rows have it.</summary>
public sealed record RoleValue(string Value, IReadOnlySet<string> Roles, int Rows)
{
    public bool MakesPrincipal => Roles.Contains(Authorization.Roles.Principal);

    /// <summary>The roles as one of <see cref="ImportPlanner.RoleChoices"/>.</summary>
    public string Choice => ImportPlanner.ChoiceOf(Roles);
}

/// <summary>What an import file would do, row by row; or, if the file as a whole cannot be used, why.</summary>
public sealed record ImportPlan(IReadOnlyList<ImportRow> Rows, string? FileProblem)
{
    /// <summary>Each distinct value of the role column, in the file's order, and the roles it gives.</summary>
    public IReadOnlyList<RoleValue> RoleValues { get; init; } = [];

    /// <summary>Every column of the file, to choose from.</summary>
    public IReadOnlyList<FileColumn> FileColumns { get; init; } = [];

    /// <summary>The column read for each thing, as found from the headings or chosen.</summary>
    public IReadOnlyDictionary<ImportColumn, int> Columns { get; init; } = new Dictionary<ImportColumn, int>();

    /// <summary>
    /// The normalised names of every group the file's group column names (<see cref="PeopleGroup.Normalize"/>): the
    /// groups the import speaks for. A person leaves those of them their row does not name, and stays in any other.
    /// Empty when the file has no group column.
    /// </summary>
    public IReadOnlySet<string> FileGroups { get; init; } = new HashSet<string>();

    /// <summary>Groups the import creates, by name as the file writes them.</summary>
    public IReadOnlyList<string> NewGroups { get; init; } = [];

    /// <summary>Why the columns read will not do (one missing, or two for one thing); the rows are not planned.</summary>
    public string? ColumnsProblem { get; init; }

    /// <summary>The thing whose column <see cref="ColumnsProblem"/> is about, for the page to take the Principal to its choice.</summary>
    public ImportColumn ColumnsProblemColumn { get; init; }

    /// <summary>
    /// Staff in the portal whom the file does not list, in name order: leavers, if the file is a full export of the staff.
    /// Principals and governors who are not staff (neither is in a staff export) are never among them, nor is anyone
    /// with a change waiting for a governor. A staff governor among them leaves only when a governor confirms.
    /// </summary>
    public IReadOnlyList<PersonSummary> Missing { get; init; } = [];

    public int Count(ImportRowKind kind) => Rows.Count(r => r.Kind == kind);

    /// <summary>How many new and changed rows wait for a governor's confirmation rather than being made by the import.</summary>
    public int WaitingRows => FileProblem is null ? Rows.Count(r => r.WaitsForGovernor && r.Kind is ImportRowKind.New or ImportRowKind.Changed) : 0;

    /// <summary>How many of <see cref="Missing"/> are governors, whom marking as left only asks a governor about.</summary>
    public int MissingGovernors => Missing.Count(p => AccountChange.IsGuarded(p.Roles));

    /// <summary>People the import would make Principals.</summary>
    public IReadOnlyList<ImportRow> NewPrincipals => FileProblem is null ? [.. Rows.Where(r => r.BecomesPrincipal)] : [];

    /// <summary>How many people the import would add or change.</summary>
    public int ToApply => FileProblem is null ? Count(ImportRowKind.New) + Count(ImportRowKind.Changed) : 0;

    /// <summary>Stands for every row's outcome, so the apply step can tell whether anything changed since the preview.</summary>
    public string Fingerprint
    {
        get
        {
            // Hashed as it is written, not written out first: a trust's file makes megabytes of JSON.
            using var sha256 = SHA256.Create();
            using (var hashing = new CryptoStream(Stream.Null, sha256, CryptoStreamMode.Write))
            {
                JsonSerializer.Serialize(hashing, new
                {
                    Rows = Rows.Select(r => new { r.Line, r.Kind, r.Email, r.Notes, r.PersonId, r.WaitsForGovernor }).ToList(),
                    Missing = Missing.Select(p => p.Id).ToList(),
                });
            }

            return Convert.ToHexString(sha256.Hash!);
        }
    }
}

/// <summary>
/// Reads a school information system's staff export and decides, row by row, what importing it would do. Matching is by
/// email address, ignoring case. Nobody missing from the file is touched; people who have left are not brought back.
/// </summary>
public static class ImportPlanner
{
    /// <summary>The most people one file can hold: a large trust's staff, with room to spare.</summary>
    public const int MaxRows = 25_000;

    /// <summary>
    /// The most different values a role column can have, each offered a choice on the preview: a trust's export of roles
    /// typed in by each of its schools has a few hundred at most.
    /// </summary>
    public const int MaxRoleValues = 500;

    public const int RoleValueMaxLength = 100;

    public const string AcceptedHeadings =
        "the person's name (\"Full name\" or \"Name\", or a forename and a surname column such as \"Preferred Forename\" and \"Legal Surname\"), email address (\"Email\", \"Work Email\" or \"School Email\"), role (\"Role\", \"Staff Role\", \"Staff Type\" or \"Category\") and, if you like, job title (\"Job title\", \"Post\" or \"Position\") and groups (\"Department\", \"Team\" or \"Group\"; several separated by \";\")";

    // Headings compared by their letters only, ignoring case: "Full name", "FULL_NAME" and "full-name" are one. Where an
    // export has two columns for one thing (a preferred and a legal forename), the lower rank is used.
    private static readonly Dictionary<string, (ImportColumn Column, int Rank)> Headings = new(StringComparer.Ordinal)
    {
        ["fullname"] = (ImportColumn.FullName, 0),
        ["name"] = (ImportColumn.FullName, 0),
        ["staffname"] = (ImportColumn.FullName, 0),
        ["displayname"] = (ImportColumn.FullName, 0),
        ["preferredforename"] = (ImportColumn.Forename, 0),
        ["preferredfirstname"] = (ImportColumn.Forename, 0),
        ["knownas"] = (ImportColumn.Forename, 1),
        ["forename"] = (ImportColumn.Forename, 2),
        ["firstname"] = (ImportColumn.Forename, 2),
        ["givenname"] = (ImportColumn.Forename, 2),
        ["legalforename"] = (ImportColumn.Forename, 3),
        ["legalfirstname"] = (ImportColumn.Forename, 3),
        ["preferredsurname"] = (ImportColumn.Surname, 0),
        ["preferredlastname"] = (ImportColumn.Surname, 0),
        ["surname"] = (ImportColumn.Surname, 1),
        ["lastname"] = (ImportColumn.Surname, 1),
        ["familyname"] = (ImportColumn.Surname, 1),
        ["legalsurname"] = (ImportColumn.Surname, 2),
        ["legallastname"] = (ImportColumn.Surname, 2),
        ["email"] = (ImportColumn.Email, 0),
        ["emailaddress"] = (ImportColumn.Email, 0),
        ["workemail"] = (ImportColumn.Email, 0),
        ["workemailaddress"] = (ImportColumn.Email, 0),
        ["schoolemail"] = (ImportColumn.Email, 0),
        ["schoolemailaddress"] = (ImportColumn.Email, 0),
        ["jobtitle"] = (ImportColumn.JobTitle, 0),
        ["position"] = (ImportColumn.JobTitle, 0),
        ["post"] = (ImportColumn.JobTitle, 0),
        ["role"] = (ImportColumn.Role, 0),
        ["roles"] = (ImportColumn.Role, 0),
        ["staffrole"] = (ImportColumn.Role, 0),
        ["stafftype"] = (ImportColumn.Role, 0),
        ["usertype"] = (ImportColumn.Role, 0),
        ["category"] = (ImportColumn.Role, 1),
        ["staffcategory"] = (ImportColumn.Role, 1),
        ["department"] = (ImportColumn.Group, 0),
        ["departments"] = (ImportColumn.Group, 0),
        ["dept"] = (ImportColumn.Group, 0),
        ["group"] = (ImportColumn.Group, 0),
        ["groups"] = (ImportColumn.Group, 0),
        ["staffgroup"] = (ImportColumn.Group, 0),
        ["team"] = (ImportColumn.Group, 0),
        ["faculty"] = (ImportColumn.Group, 0),
    };

    private static readonly char[] GroupSeparators = [';', '|'];

    // What exports write in an empty cell. Not "Na" or "Nil": they are surnames too.
    private static readonly HashSet<string> Placeholders = new(["-", "--", "none", "n/a"], StringComparer.OrdinalIgnoreCase);

    private static readonly char[] RoleSeparators = [',', ';', '|', '/'];

    // The columns whose text the portal keeps, where a formula is refused.
    private static readonly ImportColumn[] KeptColumns = [ImportColumn.FullName, ImportColumn.Forename, ImportColumn.Surname, ImportColumn.JobTitle];

    /// <param name="existing">Everyone with an account, by normalised email address (see <see cref="People.NormalizedEmail"/>).</param>
    /// <param name="importerId">The Principal importing, who cannot take away their own Principal role.</param>
    /// <param name="roleChoices">The roles the Principal chose for values of the role column, over <see cref="RolesOf"/>.</param>
    /// <param name="columnChoices">The column the Principal chose for each thing, instead of finding them by their headings.</param>
    /// <param name="existingGroups">The normalised names of the groups the portal has (<see cref="PeopleGroup.Normalize"/>).</param>
    /// <param name="waiting">Changes already waiting for a governor.</param>
    public static ImportPlan Plan(
        string csv,
        IReadOnlyDictionary<string, PersonSummary> existing,
        string importerId,
        IReadOnlyDictionary<string, IReadOnlySet<string>>? roleChoices = null,
        IReadOnlyDictionary<ImportColumn, int>? columnChoices = null,
        IReadOnlySet<string>? existingGroups = null,
        WaitingForGovernors? waiting = null)
    {
        waiting ??= WaitingForGovernors.None;
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

        var header = nonBlank[0];
        var data = nonBlank.Skip(1).ToList();
        if (data.Count == 0)
        {
            return new ImportPlan([], "The file has headings but no people under them.");
        }

        if (data.Count > MaxRows)
        {
            return new ImportPlan([], $"The file has {data.Count:N0} people; an import takes at most {MaxRows:N0}. Split it into smaller files.");
        }

        var fileColumns = header.Fields
            .Select((heading, i) => new FileColumn(i, heading.Trim(), [.. data.Select(r => i < r.Fields.Count ? PersonDetails.Tidy(r.Fields[i]) : string.Empty).Where(v => v.Length > 0).Take(3)]))
            .ToList();
        var (columns, columnsProblem) = columnChoices is null
            ? ReadHeadings(header)
            : (columnChoices.Where(c => c.Value >= 0 && c.Value < header.Fields.Count).ToDictionary(c => c.Key, c => new[] { c.Value }), null);
        columnsProblem ??= MissingColumnsProblem(columns);
        if (columnsProblem is { } problem)
        {
            return new ImportPlan([], null) { FileColumns = fileColumns, Columns = First(columns), ColumnsProblem = problem.Message, ColumnsProblemColumn = problem.Column };
        }

        // The first of the column's headings, by rank, with something in it: a preferred forename, or else the legal one.
        // Exports write a placeholder in an empty cell: "-", "None" or "N/A" is nothing.
        // A loop rather than a query: it runs a dozen times for each of up to 25,000 rows.
        string Cell(CsvRecord record, ImportColumn column)
        {
            foreach (var i in columns.TryGetValue(column, out var indexes) ? indexes : [])
            {
                if (i < record.Fields.Count && PersonDetails.Tidy(record.Fields[i]) is { Length: > 0 } value && !Placeholders.Contains(value))
                {
                    return value;
                }
            }

            return string.Empty;
        }

        // A full name from the forename and the surname when the file has no column for it.
        string Name(CsvRecord record) => columns.ContainsKey(ImportColumn.FullName)
            ? Cell(record, ImportColumn.FullName)
            : PersonDetails.Tidy($"{Cell(record, ImportColumn.Forename)} {Cell(record, ImportColumn.Surname)}");

        var linesByEmail = data
            .Select(r => (r.Line, Email: People.NormalizedEmail(Cell(r, ImportColumn.Email))))
            .Where(r => r.Email.Length > 0)
            .ToLookup(r => r.Email, r => r.Line, StringComparer.Ordinal);

        // Each distinct value of the role column with the roles it gives, chosen or by default: the preview's table of
        // them, and what every row with that value gets.
        var chosenRoles = new Dictionary<string, IReadOnlySet<string>>(roleChoices ?? new Dictionary<string, IReadOnlySet<string>>(), StringComparer.OrdinalIgnoreCase);
        var roleValues = data
            .Select(r => Cell(r, ImportColumn.Role))
            .Where(v => v.Length > 0)
            .GroupBy(v => v, StringComparer.OrdinalIgnoreCase)
            .Select(g => new RoleValue(g.Key, chosenRoles.GetValueOrDefault(g.Key) ?? RolesOf(g.Key), g.Count()))
            .ToList();
        if (roleValues.Count > MaxRoleValues || roleValues.Any(v => v.Value.Length > RoleValueMaxLength))
        {
            // Another column read as the role (names, notes): the preview would offer a choice for every row.
            return new ImportPlan([], null) { FileColumns = fileColumns, Columns = First(columns), ColumnsProblem = NotRolesProblem(header, columns, roleValues), ColumnsProblemColumn = ImportColumn.Role };
        }

        var rolesByValue = roleValues.ToDictionary(v => v.Value, v => v.Roles, StringComparer.OrdinalIgnoreCase);

        // Groups written as the file writes them, each once: "Science; science" is one.
        var hasGroups = columns.ContainsKey(ImportColumn.Group);
        List<string> GroupsOf(CsvRecord record) => hasGroups
            ? [.. Cell(record, ImportColumn.Group).Split(GroupSeparators).Select(PersonDetails.Tidy).Where(g => g.Length > 0 && !Placeholders.Contains(g)).DistinctBy(PeopleGroup.Normalize)]
            : [];

        // A cell a spreadsheet would run, should the list be exported and opened again, is refused where it would be kept.
        string? Formula(CsvRecord record) => KeptColumns.Select(c => Cell(record, c)).FirstOrDefault(SafeCsv.LooksLikeFormula);

        var withGroups = data.Select(r => (Record: r, Role: Cell(r, ImportColumn.Role), Groups: GroupsOf(r))).ToList();
        var fileGroups = withGroups.SelectMany(r => r.Groups).DistinctBy(PeopleGroup.Normalize).ToList();
        var fileGroupKeys = fileGroups.Select(PeopleGroup.Normalize).ToHashSet(StringComparer.Ordinal);
        var rows = withGroups.Select(r => Classify(
            r.Record.Line,
            Formula(r.Record),
            Name(r.Record),
            Cell(r.Record, ImportColumn.Email),
            Cell(r.Record, ImportColumn.JobTitle),
            r.Role,
            rolesByValue.GetValueOrDefault(r.Role) ?? new SortedSet<string>(),
            hasGroups ? r.Groups : null,
            fileGroupKeys,
            linesByEmail,
            existing,
            importerId,
            waiting)).ToList();
        return new ImportPlan(rows, null)
        {
            FileGroups = fileGroupKeys,
            NewGroups = [.. fileGroups.Where(g => existingGroups?.Contains(PeopleGroup.Normalize(g)) != true).Order(StringComparer.CurrentCultureIgnoreCase)],
            RoleValues = roleValues,
            FileColumns = fileColumns,
            Columns = First(columns),
            Missing = [.. existing
                .Where(p => p.Value.IsActive
                    && p.Value.Roles.Contains(Authorization.Roles.Staff)
                    && !p.Value.Roles.Contains(Authorization.Roles.Principal)
                    && !linesByEmail.Contains(p.Key)
                    && !waiting.PersonIds.Contains(p.Value.Id))
                .Select(p => p.Value)
                .OrderBy(p => p.FullName, StringComparer.CurrentCulture)],
        };
    }

    private static string Listed(IEnumerable<string> groups) => string.Join(", ", groups) is { Length: > 0 } list ? list : "none";

    private static Dictionary<ImportColumn, int> First(Dictionary<ImportColumn, int[]> columns) => columns.ToDictionary(c => c.Key, c => c.Value[0]);

    // Each column the file has, with the indexes of its headings in order of rank.
    private static (Dictionary<ImportColumn, int[]> Columns, (string Message, ImportColumn Column)? Problem) ReadHeadings(CsvRecord header)
    {
        var found = new List<(ImportColumn Column, int Rank, int Index)>();
        for (var i = 0; i < header.Fields.Count; i++)
        {
            var letters = new string([.. header.Fields[i].Where(char.IsLetter).Select(char.ToLowerInvariant)]);
            if (!Headings.TryGetValue(letters, out var heading))
            {
                continue; // other columns an export carries (staff code, start date...) are left alone
            }

            var same = found.FindIndex(f => f.Column == heading.Column && f.Rank == heading.Rank);
            if (same >= 0)
            {
                return (Ranked(found), ($"The file has two columns for the same thing: \"{header.Fields[found[same].Index].Trim()}\" and \"{header.Fields[i].Trim()}\". Choose which one to read.", heading.Column));
            }

            found.Add((heading.Column, heading.Rank, i));
        }

        return (Ranked(found), null);
    }

    private static Dictionary<ImportColumn, int[]> Ranked(List<(ImportColumn Column, int Rank, int Index)> found) =>
        found.GroupBy(f => f.Column).ToDictionary(g => g.Key, g => g.OrderBy(f => f.Rank).Select(f => f.Index).ToArray());

    // What is missing, and the first of it, whose choice the page takes the Principal to.
    private static (string Message, ImportColumn Column)? MissingColumnsProblem(Dictionary<ImportColumn, int[]> columns)
    {
        var hasName = columns.ContainsKey(ImportColumn.FullName) || (columns.ContainsKey(ImportColumn.Forename) && columns.ContainsKey(ImportColumn.Surname));
        var missing = new[] { (hasName, "full name", ImportColumn.FullName), (columns.ContainsKey(ImportColumn.Email), "email address", ImportColumn.Email), (columns.ContainsKey(ImportColumn.Role), "role", ImportColumn.Role) }
            .Where(c => !c.Item1)
            .ToList();
        return missing.Count == 0
            ? null
            : ($"There is no column for {string.Join(" or ", missing.Select(m => m.Item2))} that the portal recognises. Choose which column holds it.", missing[0].Item3);
    }

    private static string NotRolesProblem(CsvRecord header, Dictionary<ImportColumn, int[]> columns, List<RoleValue> values) =>
        $"The column read as the role, \"{header.Fields[columns[ImportColumn.Role][0]].Trim()}\", has "
        + (values.Count > MaxRoleValues
            ? $"{values.Count:N0} different values. A role column has at most {MaxRoleValues} different values"
            : $"values of more than {RoleValueMaxLength} characters. A role column has short values")
        + ", such as Teacher or Teaching Assistant. Choose the column that holds each person's role.";

    /// <summary>What the Principal can choose for a value of the role column on the preview, and its words.</summary>
    public static readonly IReadOnlyList<(string Choice, string Words)> RoleChoices =
    [
        (Authorization.Roles.Staff, "Staff"),
        (Authorization.Roles.Governor, "Governor"),
        (ChoiceOf(new SortedSet<string>(StringComparer.Ordinal) { Authorization.Roles.Staff, Authorization.Roles.Governor }), "Staff and Governor"),
        (Authorization.Roles.Principal, "Principal"),
    ];

    /// <summary>Roles as a choice: their names in order, separated by commas.</summary>
    public static string ChoiceOf(IEnumerable<string> roles) => string.Join(',', roles.Order(StringComparer.Ordinal));

    /// <summary>The roles a choice stands for, or null if it is none of <see cref="RoleChoices"/>.</summary>
    public static IReadOnlySet<string>? RolesOfChoice(string? choice) =>
        RoleChoices.Any(c => c.Choice == choice) ? new SortedSet<string>(choice!.Split(','), StringComparer.Ordinal) : null;

    /// <summary>
    /// The portal roles a role cell gives, by default: the words the portal knows (<see cref="PersonDetails.RoleFromText"/>),
    /// Governor for any other value naming governors, and Staff for the rest (Deputy Head, Admin, Supply...). A "staff
    /// governor" is both. Nothing but the words Principal and Headteacher gives the Principal's role.
    /// </summary>
    public static IReadOnlySet<string> RolesOf(string roleText)
    {
        var roles = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var word in roleText.Split(RoleSeparators, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (PersonDetails.RoleFromText(word) is { } known)
            {
                roles.Add(known);
            }
            else if (word.Contains("governor", StringComparison.OrdinalIgnoreCase))
            {
                roles.Add(Authorization.Roles.Governor);
                if (word.Contains("staff", StringComparison.OrdinalIgnoreCase))
                {
                    roles.Add(Authorization.Roles.Staff);
                }
            }
            else
            {
                roles.Add(Authorization.Roles.Staff);
            }
        }

        return roles;
    }

    private static ImportRow Classify(
        int line,
        string? formula,
        string name,
        string email,
        string jobTitle,
        string roleText,
        IReadOnlySet<string> roles,
        List<string>? groups,
        HashSet<string> fileGroups,
        ILookup<string, int> linesByEmail,
        IReadOnlyDictionary<string, PersonSummary> existing,
        string importerId,
        WaitingForGovernors waiting)
    {
        var problems = new List<string>();
        if (formula is not null)
        {
            problems.Add($"\"{formula}\" starts with \"{formula[0]}\", which a spreadsheet would run as a formula. Correct it in the file.");
        }

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

        if (roles.Count == 0)
        {
            problems.Add("The role is missing: give the person's role in the school, such as Teacher or Governor.");
        }

        existing.TryGetValue(normalizedEmail, out var person);
        if (person is { IsActive: false })
        {
            problems.Add($"{person.FullName} has left, and an import does not bring leavers back. Reactivate them on their page first if they have returned.");
        }
        else if (person is not null && person.Id == importerId && !roles.Contains(Authorization.Roles.Principal) && roles.Count > 0)
        {
            problems.Add("This is you: an import cannot take away your own Principal role.");
        }

        if (groups?.Select(PeopleGroup.NameProblem).FirstOrDefault(p => p is not null) is { } groupProblem)
        {
            problems.Add($"Group: {groupProblem}");
        }

        // What would wait for a governor: a new governor or Principal, or a change to who is one or to their name.
        var waits = person is null
            ? AccountChange.IsGuarded(roles)
            : AccountChange.IsGuardedEdit(
                new AccountState(person.FullName, person.Email, person.JobTitle, person.Roles, person.Groups),
                new AccountState(name, person.Email, person.JobTitle, [.. Authorization.Roles.All.Where(roles.Contains)], person.Groups));
        if (person is null && waiting.NewEmails.Contains(normalizedEmail))
        {
            problems.Add("Adding this address already waits for a governor. A governor confirms or declines it, or you withdraw it from the list of people, before an import can add them.");
        }

        var row = new ImportRow(line, name, email, jobTitle.Length == 0 ? null : jobTitle, roleText, ImportRowKind.Error, problems) { Groups = groups ?? [] };
        if (problems.Count > 0)
        {
            return row;
        }

        // An empty job title in the file leaves the one the portal has.
        var details = PersonDetails.Create(name, jobTitle.Length == 0 ? person?.JobTitle : jobTitle, roles, groups);
        var becomesPrincipal = roles.Contains(Authorization.Roles.Principal) && person?.Roles.Contains(Authorization.Roles.Principal) != true;
        if (person is null)
        {
            return row with { Kind = ImportRowKind.New, Notes = [], Details = details, BecomesPrincipal = becomesPrincipal, WaitsForGovernor = waits };
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

        // Only the groups the file names anywhere are compared: the rest (a safeguarding team set by hand) stay as they are.
        if (groups is not null)
        {
            var keys = groups.Select(PeopleGroup.Normalize).ToHashSet(StringComparer.Ordinal);
            var leaving = person.Groups.Where(g => fileGroups.Contains(PeopleGroup.Normalize(g)) && !keys.Contains(PeopleGroup.Normalize(g))).ToList();
            var joining = groups.Where(g => !person.Groups.Any(p => PeopleGroup.Normalize(p) == PeopleGroup.Normalize(g))).ToList();
            if (leaving.Count > 0 || joining.Count > 0)
            {
                changes.Add($"Groups: {Listed(person.Groups)} → {Listed(person.Groups.Except(leaving).Concat(joining))}");
            }
        }

        // Nothing about a person changes while a change about them waits for a governor (People.UpdateAsync says why).
        if (changes.Count > 0 && waiting.PersonIds.Contains(person.Id))
        {
            return row with { Notes = [$"A change to {person.FullName}'s account already waits for a governor. A governor confirms or declines it, or you withdraw it on their page, before an import can change them."] };
        }

        return row with
        {
            Kind = changes.Count == 0 ? ImportRowKind.Unchanged : ImportRowKind.Changed,
            Notes = changes,
            Details = details,
            PersonId = person.Id,
            BecomesPrincipal = becomesPrincipal,
            WaitsForGovernor = waits && changes.Count > 0,
        };
    }
}
