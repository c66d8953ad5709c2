using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Services;

namespace PolicyPortal.UnitTests.Services;

public sealed class ImportPlannerTests
{
    private const string Importer = "principal-id";
    private const string Header = "Full name,Email,Job title,Role\n";

    private static readonly PersonSummary Sam = Person("sam-id", "Sam Taylor", "Sam.Taylor@school.org", "Teacher of Geography", Roles.Staff);
    private static readonly PersonSummary Alex = Person(Importer, "Alex Morgan", "alex@school.org", "Principal", Roles.Principal);

    [Fact]
    public void Someone_not_in_the_portal_is_new()
    {
        var row = Single(Header + "Jo Patel,jo@school.org,Teaching Assistant,Teaching assistant");

        Assert.Equal(ImportRowKind.New, row.Kind);
        Assert.Equal("Jo Patel", row.Details!.FullName);
        Assert.Equal("Teaching Assistant", row.Details.JobTitle);
        Assert.Equal([Roles.Staff], row.Details.Roles);
    }

    [Fact]
    public void Someone_matched_by_email_in_any_case_with_the_same_details_is_unchanged()
    {
        var row = Single(Header + "Sam  Taylor ,sam.taylor@SCHOOL.org,Teacher of Geography,Teacher", Sam);

        Assert.Equal(ImportRowKind.Unchanged, row.Kind);
        Assert.Empty(row.Notes);
    }

    [Fact]
    public void A_changed_person_says_what_changes()
    {
        var row = Single(Header + "Samuel Taylor,sam.taylor@school.org,Head of Geography,Staff; Governor", Sam);

        Assert.Equal(ImportRowKind.Changed, row.Kind);
        Assert.Equal(
            ["Name: Sam Taylor → Samuel Taylor", "Job title: Teacher of Geography → Head of Geography", "Roles: Staff → Staff, Governor"],
            row.Notes);
        Assert.Equal("sam-id", row.PersonId);
    }

    [Fact]
    public void An_empty_job_title_leaves_the_one_the_portal_has()
    {
        var row = Single(Header + "Sam Taylor,sam.taylor@school.org,,Staff", Sam);

        Assert.Equal(ImportRowKind.Unchanged, row.Kind);
    }

    [Theory]
    [InlineData(",jo@school.org,,Staff", "The full name is missing.")]
    [InlineData("😀😀,jo@school.org,,Staff", "\"😀😀\": A full name needs letters")]
    [InlineData("Jo Patel,,,Staff", "The email address is missing.")]
    [InlineData("Jo Patel,jo at school,,Staff", "\"jo at school\" is not an email address the portal can use.")]
    [InlineData("Jo Patel,jo@school.org,,", "The role is missing:")]
    [InlineData("Jo Patel,jo@school.org,-,N/A", "The role is missing:")]
    [InlineData("None,jo@school.org,,Staff", "The full name is missing.")]
    [InlineData("=HYPERLINK(\"http://evil.example\"),jo@school.org,,Staff", "\"=HYPERLINK(\"http://evil.example\")\" starts with \"=\", which a spreadsheet would run as a formula.")]
    [InlineData("Jo Patel,jo@school.org,@SUM(A1:A9),Staff", "\"@SUM(A1:A9)\" starts with \"@\", which a spreadsheet would run as a formula.")]
    [InlineData("Jo Patel,jo@school.org,+44 teacher,Staff", "\"+44 teacher\" starts with \"+\"")]
    [InlineData("＝HYPERLINK(\"http://evil.example\"),jo@school.org,,Staff", "\"＝HYPERLINK(\"http://evil.example\")\" starts with \"＝\", which a spreadsheet would run as a formula.")]
    public void A_row_with_a_problem_is_an_error_with_the_reason(string line, string reason)
    {
        var row = Single(Header + line);

        Assert.Equal(ImportRowKind.Error, row.Kind);
        Assert.Contains(row.Notes, n => n.StartsWith(reason, StringComparison.Ordinal));
    }

    [Fact]
    public void Over_long_fields_are_errors()
    {
        var row = Single(Header + $"{new string('n', 201)},jo@school.org,{new string('t', 201)},Staff");

        Assert.Equal(ImportRowKind.Error, row.Kind);
        Assert.Equal(["The full name is longer than 200 characters.", "The job title is longer than 200 characters."], row.Notes);
    }

    [Fact]
    public void Every_row_sharing_an_email_address_is_an_error_naming_the_other_lines()
    {
        var plan = ImportPlanner.Plan(Header + "Jo Patel,jo@school.org,,Staff\nJoanne Patel,JO@school.org,,Staff\nSam Taylor,sam@school.org,,Staff", new Dictionary<string, PersonSummary>(), Importer);

        Assert.Equal([ImportRowKind.Error, ImportRowKind.Error, ImportRowKind.New], plan.Rows.Select(r => r.Kind));
        Assert.Equal("The same email address is also on line 3. Keep one row per person.", plan.Rows[0].Notes.Single());
        Assert.Equal("The same email address is also on line 2. Keep one row per person.", plan.Rows[1].Notes.Single());
    }

    [Fact]
    public void A_leaver_in_the_file_is_an_error_not_brought_back()
    {
        var leaver = Sam with { LeftAtUtc = new DateTime(2026, 7, 20, 0, 0, 0, DateTimeKind.Utc) };

        var row = Single(Header + "Sam Taylor,sam.taylor@school.org,Teacher of Geography,Staff", leaver);

        Assert.Equal(ImportRowKind.Error, row.Kind);
        Assert.StartsWith("Sam Taylor has left", row.Notes.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_importer_cannot_take_away_their_own_principal_role()
    {
        var row = Single(Header + "Alex Morgan,alex@school.org,Principal,Staff", Alex);

        Assert.Equal(ImportRowKind.Error, row.Kind);
        Assert.Equal("This is you: an import cannot take away your own Principal role.", row.Notes.Single());
    }

    [Theory]
    [InlineData("Name,Email address,Position,Staff type")]
    [InlineData("FULL NAME,E-mail,JOB_TITLE,role")]
    [InlineData("Staff code,Role,Email,Name,Start date")]
    public void Headings_are_recognised_in_any_case_order_and_common_wording(string header)
    {
        var columns = header.Split(',');
        var values = columns.Select(c => c.ToUpperInvariant() switch
        {
            "NAME" or "FULL NAME" => "Jo Patel",
            "EMAIL ADDRESS" or "E-MAIL" or "EMAIL" => "jo@school.org",
            "ROLE" or "STAFF TYPE" => "Headteacher",
            _ => "x",
        });

        var row = Single($"{header}\r\n{string.Join(',', values)}\r\n");

        Assert.Equal(ImportRowKind.New, row.Kind);
        Assert.Equal("Jo Patel", row.FullName);
        Assert.Equal([Roles.Principal], row.Details!.Roles);
    }

    [Fact]
    public void An_export_with_split_name_columns_gives_the_preferred_forename_and_the_surname()
    {
        var row = Single(
            "Staff Code;Legal Surname;Legal Forename;Preferred Forename;Work Email;Staff Role;Post\n" +
            "T01;Brontë;Zoe;Zoë;zoe@school.org;Assistant Headteacher;Head of English\n");

        Assert.Equal(ImportRowKind.New, row.Kind);
        Assert.Equal("Zoë Brontë", row.Details!.FullName);
        Assert.Equal("Head of English", row.Details.JobTitle);
        Assert.Equal([Roles.Staff], row.Details.Roles);
    }

    [Fact]
    public void A_surname_that_reads_like_a_placeholder_is_kept()
    {
        var row = Single("Forename,Surname,Email,Role\nJin,Na,jin.na@school.org,Teacher\n");

        Assert.Equal("Jin Na", row.Details!.FullName);
    }

    [Theory]
    [InlineData("Surname,Legal Forename,Email,Category\nO’Brien,Siobhán,siobhan@school.org,Support\n")]
    [InlineData("Preferred Forename,Surname,Legal Forename,Email,Category\n,O’Brien,Siobhán,siobhan@school.org,Support\n")]
    public void The_legal_forename_is_used_when_there_is_no_preferred_one(string csv)
    {
        var row = Single(csv);

        Assert.Equal("Siobhán O’Brien", row.Details!.FullName);
    }

    [Theory]
    [InlineData("Deputy Head", new[] { Roles.Staff })]
    [InlineData("Admin", new[] { Roles.Staff })]
    [InlineData("Supply", new[] { Roles.Staff })]
    [InlineData("Co-opted Governor", new[] { Roles.Governor })]
    [InlineData("Staff Governor", new[] { Roles.Governor, Roles.Staff })]
    [InlineData("Teacher; Governor", new[] { Roles.Governor, Roles.Staff })]
    [InlineData("Headteacher", new[] { Roles.Principal })]
    public void A_role_value_gives_staff_or_governor_by_default_and_the_principal_only_by_name(string value, string[] roles)
    {
        Assert.Equal(roles, ImportPlanner.RolesOf(value));
    }

    [Fact]
    public void The_plan_lists_each_role_value_once_with_its_rows_and_whether_it_makes_a_principal()
    {
        var plan = ImportPlanner.Plan(
            Header + "Jo Patel,jo@school.org,,Teacher\nKim Lowe,kim@school.org,,teacher\nAsh Khan,ash@school.org,,Headteacher\n",
            new Dictionary<string, PersonSummary>(),
            Importer);

        Assert.Equal([("Teacher", 2, false), ("Headteacher", 1, true)], plan.RoleValues.Select(v => (v.Value, v.Rows, v.MakesPrincipal)));
    }

    [Fact]
    public void A_role_column_beside_a_category_column_is_the_one_read()
    {
        var row = Single("Name,Email,Category,Role\nJo Patel,jo@school.org,Part time,Governor\n");

        Assert.Equal([Roles.Governor], row.Details!.Roles);
    }

    [Fact]
    public void Roles_chosen_for_a_value_apply_to_every_row_with_it_and_only_new_principals_are_listed()
    {
        var choices = new Dictionary<string, IReadOnlySet<string>>(StringComparer.OrdinalIgnoreCase)
        {
            ["Deputy Head"] = ImportPlanner.RolesOfChoice(Roles.Principal)!,
        };

        var plan = ImportPlanner.Plan(
            Header + "Alex Morgan,alex@school.org,Principal,Deputy head\nJo Patel,jo@school.org,,Deputy Head\nKim Lowe,kim@school.org,,Admin\n",
            ByEmail(Alex),
            Importer,
            choices);

        Assert.Equal([[Roles.Principal], [Roles.Principal], [Roles.Staff]], plan.Rows.Select(r => r.Details!.Roles));
        Assert.Equal(["Jo Patel"], plan.NewPrincipals.Select(r => r.FullName));
        Assert.Null(ImportPlanner.RolesOfChoice("Principal,Staff"));
    }

    [Fact]
    public void A_file_without_a_role_column_asks_which_column_holds_it()
    {
        var plan = ImportPlanner.Plan("Name,Email\nJo Patel,jo@school.org\n", new Dictionary<string, PersonSummary>(), Importer);

        Assert.Empty(plan.Rows);
        Assert.Equal("There is no column for role that the portal recognises. Choose which column holds it.", plan.ColumnsProblem);
    }

    [Fact]
    public void A_column_with_more_or_longer_values_than_a_role_column_has_is_not_read_as_the_role()
    {
        var emailAsRole = new Dictionary<ImportColumn, int> { [ImportColumn.FullName] = 0, [ImportColumn.Email] = 1, [ImportColumn.Role] = 1 };
        var people = "Name,Email\n" + string.Concat(Enumerable.Range(1, ImportPlanner.MaxRoleValues + 1).Select(i => $"Person {i},person{i}@school.org\n"));
        string Roles(int length) => Header + string.Concat(Enumerable.Range(1, ImportPlanner.MaxRoleValues).Select(i => $"Person {i},person{i}@school.org,,{i:D3}{new string('x', length - 3)}\n"));

        var emails = ImportPlanner.Plan(people, new Dictionary<string, PersonSummary>(), Importer, columnChoices: emailAsRole);
        var notes = ImportPlanner.Plan(Roles(ImportPlanner.RoleValueMaxLength + 1), new Dictionary<string, PersonSummary>(), Importer);
        var most = ImportPlanner.Plan(Roles(ImportPlanner.RoleValueMaxLength), new Dictionary<string, PersonSummary>(), Importer);

        Assert.Empty(emails.Rows);
        Assert.Equal(
            "The column read as the role, \"Email\", has 501 different values. A role column has at most 500 different values, such as Teacher or Teaching Assistant. Choose the column that holds each person's role.",
            emails.ColumnsProblem);
        Assert.Empty(notes.Rows);
        Assert.StartsWith("The column read as the role, \"Role\", has values of more than 100 characters.", notes.ColumnsProblem, StringComparison.Ordinal);
        Assert.Null(most.ColumnsProblem);
        Assert.Equal(ImportPlanner.MaxRoleValues, most.RoleValues.Count);
    }

    [Theory]
    [InlineData("", "The file is empty.")]
    [InlineData("Name,Email,Role\n", "The file has headings but no people under them.")]
    [InlineData("Name,Email,Role\n\"Jo,jo@school.org,Staff\n", "The file could not be read as CSV")]
    public void A_file_that_cannot_be_used_says_why(string csv, string problem)
    {
        var plan = ImportPlanner.Plan(csv, new Dictionary<string, PersonSummary>(), Importer);

        Assert.Equal(0, plan.ToApply);
        Assert.StartsWith(problem, plan.FileProblem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Name,Full name,Email,Role\nJo Patel,Jo Patel,jo@school.org,Staff\n", "The file has two columns for the same thing: \"Name\" and \"Full name\". Choose which one to read.")]
    [InlineData("Forename,First name,Surname,Email,Role\nJo,Jo,Patel,jo@school.org,Staff\n", "The file has two columns for the same thing")]
    [InlineData("Forename,Email,Role\nJo,jo@school.org,Staff\n", "There is no column for full name that the portal recognises. Choose which column holds it.")]
    [InlineData("Person,Contact,Type\nJo Patel,jo@school.org,Staff\n", "There is no column for full name or email address or role that the portal recognises.")]
    public void Columns_the_portal_cannot_read_from_the_headings_are_left_to_choose_with_the_file_s_columns_and_values(string csv, string problem)
    {
        var plan = ImportPlanner.Plan(csv, new Dictionary<string, PersonSummary>(), Importer);

        Assert.Null(plan.FileProblem);
        Assert.Empty(plan.Rows);
        Assert.StartsWith(problem, plan.ColumnsProblem, StringComparison.Ordinal);
        Assert.Contains(plan.FileColumns, c => c.Samples.Contains("jo@school.org"));
    }

    [Fact]
    public void Columns_chosen_are_read_whatever_their_headings()
    {
        var columns = new Dictionary<ImportColumn, int> { [ImportColumn.FullName] = 0, [ImportColumn.Email] = 1, [ImportColumn.Role] = 2 };

        var plan = ImportPlanner.Plan("Person,Contact,Type\nJo Patel,jo@school.org,Governor\n", new Dictionary<string, PersonSummary>(), Importer, columnChoices: columns);

        var row = Assert.Single(plan.Rows);
        Assert.Null(plan.ColumnsProblem);
        Assert.Equal(("Jo Patel", "jo@school.org"), (row.FullName, row.Email));
        Assert.Equal([Roles.Governor], row.Details!.Roles);
        Assert.Equal(columns, plan.Columns);
    }

    [Fact]
    public void Blank_rows_are_skipped()
    {
        var plan = ImportPlanner.Plan(Header + "\n,,,\nJo Patel,jo@school.org,,Staff\n\n", new Dictionary<string, PersonSummary>(), Importer);

        Assert.Equal(4, plan.Rows.Single().Line);
    }

    [Fact]
    public void The_fingerprint_changes_when_the_portal_changes_and_not_otherwise()
    {
        const string Csv = Header + "Samuel Taylor,sam.taylor@school.org,,Staff\n";
        var before = ImportPlanner.Plan(Csv, ByEmail(Sam), Importer);
        var again = ImportPlanner.Plan(Csv, ByEmail(Sam), Importer);
        var renamedMeanwhile = ImportPlanner.Plan(Csv, ByEmail(Sam with { FullName = "Sammy Taylor" }), Importer);

        Assert.Equal(before.Fingerprint, again.Fingerprint);
        Assert.NotEqual(before.Fingerprint, renamedMeanwhile.Fingerprint);
    }

    [Fact]
    public void A_department_column_gives_each_row_its_groups_each_once_and_names_the_groups_the_import_makes()
    {
        var plan = ImportPlanner.Plan(
            "Name,Email,Role,Department\nLee Chen,lee@school.org,Teacher,Science; science | Maths\nKim Lowe,kim@school.org,Teacher,-\n",
            ByEmail(),
            Importer,
            existingGroups: new HashSet<string>(["MATHS"], StringComparer.Ordinal));

        Assert.Equal(["Science", "Maths"], plan.Rows[0].Groups);
        Assert.Empty(plan.Rows[1].Groups);
        Assert.Equal(["Science"], plan.NewGroups);
        Assert.Equal(new HashSet<string>(["SCIENCE", "MATHS"]), plan.FileGroups);
    }

    [Fact]
    public void A_person_leaves_only_the_groups_the_file_names_and_keeps_the_others()
    {
        var inGroups = Sam with { Groups = ["Humanities", "Safeguarding team"] };

        var row = ImportPlanner.Plan("Name,Email,Role,Department\nSam Taylor,sam.taylor@school.org,Teacher,Science\nKim Lowe,kim@school.org,Teacher,Humanities\n", ByEmail(inGroups), Importer).Rows[0];

        Assert.Equal(ImportRowKind.Changed, row.Kind);
        Assert.Equal(["Groups: Humanities, Safeguarding team → Safeguarding team, Science"], row.Notes);
    }

    [Fact]
    public void A_group_a_spreadsheet_would_run_is_refused()
    {
        var row = Single("Name,Email,Role,Team\nLee Chen,lee@school.org,Teacher,@SUM(A1)\n");

        Assert.Equal(ImportRowKind.Error, row.Kind);
        Assert.Equal(["Group: A group's name cannot start with = + - or @, which a spreadsheet would run as a formula."], row.Notes);
    }

    private static ImportRow Single(string csv, params PersonSummary[] existing)
    {
        var plan = ImportPlanner.Plan(csv, ByEmail(existing), Importer);
        Assert.Null(plan.FileProblem);
        return Assert.Single(plan.Rows);
    }

    private static Dictionary<string, PersonSummary> ByEmail(params PersonSummary[] people) =>
        people.ToDictionary(p => People.NormalizedEmail(p.Email), StringComparer.Ordinal);

    private static PersonSummary Person(string id, string name, string email, string jobTitle, string role) =>
        new(id, name, email, jobTitle, [role], new DateTime(2026, 9, 1, 0, 0, 0, DateTimeKind.Utc), null, HasSignedIn: true, "stamp");
}
