using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PolicyPortal.Testing;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Data.Seeding;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Services;

namespace PolicyPortal.FunctionalTests.People;

public sealed class ImportTests(PortalApplication app) : IClassFixture<PortalApplication>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private const string Header = "\uFEFF\"Full name\",\"Email address\",\"Job title\",\"Staff type\"\r\n";

    /// <summary>An MIS export: 30 good rows (one with a comma in quotes) and 2 bad ones.</summary>
    private static string ThirtyGoodTwoBad()
    {
        var csv = new StringBuilder(Header);
        for (var i = 1; i <= 30; i++)
        {
            var role = (i % 3) switch { 0 => "Teacher", 1 => "Support staff", _ => "Cover supervisor" };
            csv.Append(CultureInvariant($"\"Person {i:00}, Test\",person{i:00}@example.org,\"Teacher, Year {i % 6 + 1}\",{role}\r\n"));
        }

        csv.Append("\"\",nobody@example.org,Caretaker,Staff\r\n");
        csv.Append("Kim Lowe,kim.lowe@example,Site manager,Caretaker\r\n");
        return csv.ToString();
    }

    [Fact]
    public async Task A_preview_shows_the_errors_with_reasons_and_the_import_adds_exactly_the_good_rows_with_invitations()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);

        var preview = await PeopleSteps.UploadAsync(principal, ThirtyGoodTwoBad());
        var page = await preview.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Contains("<strong>30 new</strong>", page, StringComparison.Ordinal);
        Assert.Contains("<strong>2 with errors</strong>", page, StringComparison.Ordinal);
        Assert.Contains("The full name is missing.", page, StringComparison.Ordinal);
        Assert.Contains("&quot;kim.lowe@example&quot; is not an email address the portal can use.", page, StringComparison.Ordinal);
        Assert.Contains("Person 07, Test", page, StringComparison.Ordinal);
        Assert.Contains("Import 30 people", page, StringComparison.Ordinal);
        Assert.Contains("2 members of staff in the portal are not in the file. Nothing happens to them unless you say the file lists everyone on the staff.", page, StringComparison.Ordinal);
        Assert.Equal(DemoAccounts.All.Count, await app.WithDatabaseAsync(db => db.Users.CountAsync()));

        var applied = await PeopleSteps.ApplyAsync(principal, page);

        Assert.Equal(HttpStatusCode.Redirect, applied.StatusCode);
        Assert.Contains("Imported: 30 people added, each sent an invitation; 0 people updated; nobody marked as left.", await principal.GetStringAsync(applied.Headers.Location!.OriginalString), StringComparison.Ordinal);
        Assert.Equal(DemoAccounts.All.Count + 30, await app.WithDatabaseAsync(db => db.Users.CountAsync()));
        var seven = await app.WithDatabaseAsync(db => db.Users.SingleAsync(u => u.Email == "person07@example.org"));
        Assert.Equal("Person 07, Test", seven.FullName);
        Assert.Equal("Teacher, Year 2", seven.JobTitle);
        Assert.Null(seven.PasswordHash);
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime, seven.AddedAtUtc);
        Assert.Equal(0, await app.WithDatabaseAsync(db => db.Users.CountAsync(u => u.Email == "nobody@example.org" || u.Email == "kim.lowe@example.org")));
        var emails = await PeopleSteps.SendEmailsAsync(app);
        Assert.Equal(30, emails.Count);
        Assert.Equal(30, emails.Select(e => e.To.Mailboxes.Single().Address).Distinct().Count());

        // An imported person's invitation works like any other.
        var link = await PeopleSteps.InvitationLinkAsync(app, "person07@example.org");
        Assert.Equal(HttpStatusCode.Redirect, (await PeopleSteps.SetPasswordAsync(app.Anonymous(), link, "imported person's password")).StatusCode);
        await app.SignedInAsync("person07@example.org", "imported person's password");
    }

    [Fact]
    public async Task A_trust_s_file_of_thousands_of_people_is_imported_completely_each_with_their_role_and_an_invitation_and_its_governors_asked_of_a_governor()
    {
        // More people than an import once took, and more than one lot of those saved together, governors included.
        const int People = 2_600;
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var csv = new StringBuilder("Legal Surname,Preferred Forename,Work Email,Staff Role,Job Title,Department\r\n");
        for (var i = 1; i <= People; i++)
        {
            csv.Append(CultureInvariant($"Walker-{i},Sam,sam.walker{i}@trust.example,{(i % 3 == 0 ? "Governor" : "Teaching Assistant")},Post {i},{(i % 2 == 0 ? "Science" : "Maths")}\r\n"));
        }

        var staff = Enumerable.Range(1, People).Where(i => i % 3 != 0).ToList();
        var page = await (await PeopleSteps.UploadAsync(principal, csv.ToString())).Content.ReadAsStringAsync();
        var applied = await PeopleSteps.ApplyAsync(principal, page);

        Assert.Contains("<strong>2,600 new</strong>", page, StringComparison.Ordinal);
        Assert.Contains("<strong>866 of the new and changed rows wait for a governor.</strong>", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, applied.StatusCode);
        var list = WebUtility.HtmlDecode(await principal.GetStringAsync(applied.Headers.Location!.OriginalString));
        Assert.Contains("Imported: 1,734 people added, each sent an invitation; 0 people updated; nobody marked as left. 866 changes to governors or Principals wait for a governor's confirmation", list, StringComparison.Ordinal);
        Assert.Contains("The oldest 100 of the 866 waiting are listed.", list, StringComparison.Ordinal);
        Assert.Contains("The oldest 100 of the 866 changes waiting are listed", await (await app.SignedInAsync(DemoAccounts.Governor)).GetStringAsync("/governors/changes"), StringComparison.Ordinal);
        var imported = await app.WithDatabaseAsync(db => db.Users
            .Where(u => u.Email!.EndsWith("@trust.example"))
            .Select(u => new { u.Email, u.FullName, u.JobTitle, Roles = db.UserRoles.Where(r => r.UserId == u.Id).Join(db.Roles, r => r.RoleId, r => r.Id, (_, r) => r.Name).ToList() })
            .ToListAsync());
        Assert.Equal(staff.Count, imported.Count);
        Assert.All(imported, p => Assert.Equal([Roles.Staff], p.Roles));
        Assert.Contains(imported, p => p.Email == "sam.walker2600@trust.example" && p.FullName == "Sam Walker-2600" && p.JobTitle == "Post 2600");
        var waiting = await app.WithDatabaseAsync(db => db.AccountChanges.Where(c => c.Status == AccountChangeStatus.Waiting).Select(c => new { c.Email, c.Roles, c.Groups, c.ByImport }).ToListAsync());
        Assert.Equal(People / 3, waiting.Count);
        Assert.All(waiting, c => Assert.Equal((Roles.Governor, true), (c.Roles, c.ByImport)));
        Assert.Contains(waiting, c => c.Email == "sam.walker2598@trust.example" && c.Groups == "Science");
        var invitations = await app.WithDatabaseAsync(db => db.OutboxMessages.Where(m => m.ToAddress.EndsWith("@trust.example")).Select(m => m.ToAddress).ToListAsync());
        Assert.Equal(staff.Count, invitations.Count);

        // One email to the governor for all of them.
        var toGovernor = Assert.Single(await app.WithDatabaseAsync(db => db.OutboxMessages.Where(m => m.ToAddress == DemoAccounts.Governor.Email).ToListAsync()));
        Assert.Equal("PolicyPortal: 866 changes to accounts wait for a governor", toGovernor.Subject);
        Assert.Contains("and 816 more, listed on the page.", toGovernor.Body, StringComparison.Ordinal);

        // The groups the file names, made once and filled across every save of the import.
        Assert.Equal(
            [("Maths", staff.Count(i => i % 2 == 1)), ("Science", staff.Count(i => i % 2 == 0))],
            (await app.WithDatabaseAsync(db => db.Groups.OrderBy(g => g.Name).Select(g => new { g.Name, Members = db.GroupMembers.Count(m => m.GroupId == g.Id) }).ToListAsync())).Select(g => (g.Name, g.Members)));
        Assert.Equal(staff.Count, await app.WithDatabaseAsync(db => db.AccountEvents.CountAsync(e => e.Kind == AccountEventKind.Imported)));

        // None of them has set a password: one action sends each a new invitation, in batches as the import saved them.
        var resent = await principal.PostFormAsync("/people/invitations", "/people/invitations", []);
        Assert.Equal(HttpStatusCode.Redirect, resent.StatusCode);
        Assert.Equal(2 * staff.Count, await app.WithDatabaseAsync(db => db.OutboxMessages.CountAsync(m => m.ToAddress.EndsWith("@trust.example"))));
        Assert.Equal(staff.Count, await app.WithDatabaseAsync(db => db.AccountEvents.CountAsync(e => e.Kind == AccountEventKind.InvitationSent)));
        Assert.Equal(imported.Select(p => p.Email).Order(StringComparer.Ordinal), invitations.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_long_file_s_preview_lists_every_error_and_change_and_the_first_new_people_and_says_what_it_leaves_out()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var csv = new StringBuilder("Name,Email,Role,Job title\r\n");
        for (var i = 1; i <= 300; i++)
        {
            csv.Append(CultureInvariant($"New Person {i},new{i}@example.org,Teacher,Teacher\r\n"));
        }

        csv.Append($"{DemoAccounts.Teacher.FullName},{DemoAccounts.Teacher.Email},Teacher,Head of Geography\r\n");
        csv.Append("Kim Lowe,kim.lowe@example,Caretaker,Site manager\r\n");

        var page = WebUtility.HtmlDecode(await (await PeopleSteps.UploadAsync(principal, csv.ToString())).Content.ReadAsStringAsync());

        Assert.Contains("<strong>300 new</strong>", page, StringComparison.Ordinal);
        Assert.Contains("<td>New Person 250</td>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<td>New Person 251</td>", page, StringComparison.Ordinal);
        Assert.Contains("Job title: Teacher of Geography → Head of Geography", page, StringComparison.Ordinal);
        Assert.Contains("\"kim.lowe@example\" is not an email address the portal can use.", page, StringComparison.Ordinal);
        Assert.Contains("The other 50 new people are added in the same way, with the role shown above for their role in the file, and sent an invitation.", page, StringComparison.Ordinal);
        Assert.Contains("Import 301 people", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Importing_the_same_file_again_changes_nothing_and_sends_no_email()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var firstPreview = await (await PeopleSteps.UploadAsync(principal, ThirtyGoodTwoBad())).Content.ReadAsStringAsync();
        await PeopleSteps.ApplyAsync(principal, firstPreview);
        var sentFirstTime = (await PeopleSteps.SendEmailsAsync(app)).Count;
        var before = await app.WithDatabaseAsync(db => db.Users.OrderBy(u => u.Id).Select(u => new { u.Id, u.FullName, u.JobTitle, u.SecurityStamp, u.ConcurrencyStamp }).ToListAsync());

        var again = await (await PeopleSteps.UploadAsync(principal, ThirtyGoodTwoBad())).Content.ReadAsStringAsync();
        var firstPreviewSentAgain = await PeopleSteps.ApplyAsync(principal, firstPreview); // the back button, or a double click

        Assert.Equal(30, sentFirstTime);
        Assert.Contains("<strong>0 new</strong>", again, StringComparison.Ordinal);
        Assert.Contains("<strong>0 changed</strong>", again, StringComparison.Ordinal);
        Assert.Contains("30 unchanged", again, StringComparison.Ordinal);
        Assert.Contains("There is nothing to import", again, StringComparison.Ordinal);
        Assert.DoesNotContain("<button type=\"submit\" class=\"button\">Import", again, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, firstPreviewSentAgain.StatusCode);
        Assert.Contains("30 unchanged", await firstPreviewSentAgain.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(30, (await PeopleSteps.SendEmailsAsync(app)).Count);
        Assert.Equal(30, await app.WithDatabaseAsync(db => db.OutboxMessages.CountAsync()));
        var after = await app.WithDatabaseAsync(db => db.Users.OrderBy(u => u.Id).Select(u => new { u.Id, u.FullName, u.JobTitle, u.SecurityStamp, u.ConcurrencyStamp }).ToListAsync());
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Existing_people_are_matched_by_email_and_shown_with_what_changes()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        const string Csv = "Name,Email,Position,Role\nSamuel Taylor,TEACHER@example.org,Head of Geography,Teacher\nJo Patel,support@example.org,,Teaching assistant\n";

        var page = await (await PeopleSteps.UploadAsync(principal, Csv)).Content.ReadAsStringAsync();
        var applied = await PeopleSteps.ApplyAsync(principal, page);

        Assert.Contains("Name: Sam Taylor → Samuel Taylor", System.Net.WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        Assert.Contains("Job title: Teacher of Geography → Head of Geography", System.Net.WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        Assert.Contains("1 unchanged", page, StringComparison.Ordinal);
        Assert.Contains("Import 1 person", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, applied.StatusCode);
        var sam = await app.WithDatabaseAsync(db => db.Users.SingleAsync(u => u.Email == DemoAccounts.Teacher.Email));
        Assert.Equal(("Samuel Taylor", "Head of Geography"), (sam.FullName, sam.JobTitle));
        Assert.Empty(await PeopleSteps.SendEmailsAsync(app));
    }

    [Fact]
    public async Task An_email_taken_between_preview_and_import_means_nothing_is_imported_and_the_preview_is_shown_again()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var page = await (await PeopleSteps.UploadAsync(principal, ThirtyGoodTwoBad())).Content.ReadAsStringAsync();

        await app.AddPersonAsync("person15@example.org", "Added Meanwhile", "Cover supervisor", Roles.Staff);
        var applied = await PeopleSteps.ApplyAsync(principal, page);
        var body = await applied.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Conflict, applied.StatusCode);
        Assert.Contains("Nothing was imported: people in the portal changed since the preview.", body, StringComparison.Ordinal);
        Assert.Contains("Import 30 people", body, StringComparison.Ordinal); // 29 new and the one added meanwhile, now a change
        Assert.Equal(DemoAccounts.All.Count + 1, await app.WithDatabaseAsync(db => db.Users.CountAsync()));
        Assert.Equal(0, await app.WithDatabaseAsync(db => db.OutboxMessages.CountAsync()));
    }

    [Fact]
    public async Task A_row_that_fails_while_importing_leaves_nothing_half_saved()
    {
        using var refusing = new PortalApplication { ConfigureTestServices = services => services.AddScoped<IUserValidator<PortalUser>, RefusesPerson20>() };
        var principal = await refusing.SignedInAsync(DemoAccounts.Principal);
        var page = await (await PeopleSteps.UploadAsync(principal, ThirtyGoodTwoBad())).Content.ReadAsStringAsync();

        var applied = await PeopleSteps.ApplyAsync(principal, page);
        var body = await applied.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Conflict, applied.StatusCode);
        Assert.Contains("Nothing was imported: line 21 could not be saved. Person 20 cannot be added today.", body, StringComparison.Ordinal);
        Assert.Equal(DemoAccounts.All.Count, await refusing.WithDatabaseAsync(db => db.Users.CountAsync()));
        Assert.Equal(0, await refusing.WithDatabaseAsync(db => db.UserRoles.CountAsync(r => !db.Users.Any(u => u.Id == r.UserId))));
        Assert.Equal(0, await refusing.WithDatabaseAsync(db => db.OutboxMessages.CountAsync()));
    }

    [Fact]
    public async Task A_tampered_or_missing_import_is_refused()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var page = await (await PeopleSteps.UploadAsync(principal, ThirtyGoodTwoBad())).Content.ReadAsStringAsync();
        var upload = PortalClient.HiddenValue(page, "Upload");

        var tampered = await principal.PostAsync("/people/import/apply", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = PortalClient.AntiforgeryToken(page),
            ["Upload"] = upload[..^4] + (upload.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA"),
        }));
        var missing = await principal.PostFormAsync("/people/import", "/people/import/apply", []);

        Assert.Equal(HttpStatusCode.BadRequest, tampered.StatusCode);
        Assert.Contains("The import could not be read back. Upload the file again.", await tampered.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(DemoAccounts.All.Count, await app.WithDatabaseAsync(db => db.Users.CountAsync()));
    }

    /// <summary>An MIS export as SIMS, Arbor or Bromcom shape it: split names, free-text roles, extra columns.</summary>
    private static string MisExport(char separator) => string.Join(separator, "Staff Code", "Legal Surname", "Legal Forename", "Preferred Forename", "Work Email", "Staff Role", "Post") + "\r\n" +
        string.Join(separator, "ZB1", "Brontë", "Zoe", "Zoë", "zoe.bronte@example.org", "Assistant Headteacher", "Head of English") + "\r\n" +
        string.Join(separator, "SO2", "O’Brien", "Siobhán", "", "siobhan.obrien@example.org", "Admin", "Office manager") + "\r\n" +
        string.Join(separator, "PG3", "Gallagher", "Patrick", "Pat", "pat.gallagher@example.org", "Staff Governor", "Science technician") + "\r\n";

    [Theory]
    [InlineData("UTF-8, comma", "utf-8", ',')]
    [InlineData("UTF-8 with a byte order mark, semicolon", "utf-8-bom", ';')]
    [InlineData("UTF-16, tab (Excel's Unicode text)", "utf-16", '\t')]
    [InlineData("Windows-1252, comma (Excel's CSV)", "windows-1252", ',')]
    [InlineData("Windows-1252, semicolon", "windows-1252", ';')]
    public async Task An_mis_export_in_any_encoding_and_separator_is_previewed_with_names_built_and_roles_mapped(string file, string encoding, char separator)
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var text = MisExport(separator);
        byte[] bytes = encoding switch
        {
            "utf-8" => Encoding.UTF8.GetBytes(text),
            "utf-8-bom" => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)],
            "utf-16" => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)],
            _ => CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetBytes(text),
        };

        var preview = await PeopleSteps.UploadAsync(principal, bytes);
        var page = WebUtility.HtmlDecode(await preview.Content.ReadAsStringAsync());

        Assert.True(preview.StatusCode == HttpStatusCode.OK, $"{file}: {preview.StatusCode}");
        Assert.Contains("3 new", page, StringComparison.Ordinal);
        foreach (var name in new[] { "<td>Zoë Brontë</td>", "<td>Siobhán O’Brien</td>", "<td>Pat Gallagher</td>" })
        {
            Assert.Contains(name, page, StringComparison.Ordinal);
        }

        Assert.Contains("What the file's roles become in the portal", page, StringComparison.Ordinal);
        Assert.Equal([("Assistant Headteacher", "Staff"), ("Admin", "Staff"), ("Staff Governor", "Governor,Staff")], ChosenRoles(page));
        Assert.Contains("Waits for a governor: added as Staff and Governor and sent an invitation once one confirms", page, StringComparison.Ordinal);
        Assert.Contains("<strong>1 of the new and changed rows waits for a governor.</strong>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Roles_chosen_on_the_preview_show_in_its_rows_and_are_the_ones_imported()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var preview = await (await PeopleSteps.UploadAsync(principal, MisExport(','))).Content.ReadAsStringAsync();

        // Admin staff are governors here, and the staff governor is a governor only.
        var chosen = await principal.PostAsync("/people/import/roles", ImportForm(preview, ("Admin", "Governor"), ("Staff Governor", "Governor")));
        var page = WebUtility.HtmlDecode(await chosen.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, chosen.StatusCode);
        Assert.Contains("The rows below show the roles you chose. Nothing is imported yet.", page, StringComparison.Ordinal);
        Assert.Equal([("Assistant Headteacher", "Staff"), ("Admin", "Governor"), ("Staff Governor", "Governor")], ChosenRoles(page));
        Assert.Equal(DemoAccounts.All.Count, await app.WithDatabaseAsync(db => db.Users.CountAsync()));

        var applied = await principal.PostAsync("/people/import/apply", ImportForm(page, ("Admin", "Governor"), ("Staff Governor", "Governor")));

        Assert.Equal(HttpStatusCode.Redirect, applied.StatusCode);
        Assert.Equal(Roles.Governor, await PeopleSteps.WaitingAdditionAsync(app, "siobhan.obrien@example.org"));
        Assert.Equal(Roles.Governor, await PeopleSteps.WaitingAdditionAsync(app, "pat.gallagher@example.org"));
        Assert.Equal([Roles.Staff], await RolesOfAsync("zoe.bronte@example.org"));
    }

    [Fact]
    public async Task A_file_with_many_different_role_values_can_have_its_roles_chosen_and_be_imported()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var csv = "Name,Email,Role\r\n" + string.Concat(Enumerable.Range(1, 120).Select(i => $"Person {i},person{i}@example.org,Post {i}\r\n"));
        var preview = await (await PeopleSteps.UploadAsync(principal, csv)).Content.ReadAsStringAsync();

        var chosen = await principal.PostAsync("/people/import/roles", ImportForm(preview, ("Post 7", "Governor")));
        var applied = await principal.PostAsync("/people/import/apply", ImportForm(await chosen.Content.ReadAsStringAsync(), ("Post 7", "Governor")));

        Assert.Equal(HttpStatusCode.OK, chosen.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, applied.StatusCode);
        Assert.Equal(Roles.Governor, await PeopleSteps.WaitingAdditionAsync(app, "person7@example.org"));
        Assert.Equal([Roles.Staff], await RolesOfAsync("person8@example.org"));
    }

    [Fact]
    public async Task Staff_missing_from_a_full_export_are_marked_as_left_only_when_the_principal_says_so()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var preview = await (await PeopleSteps.UploadAsync(principal, $"Name,Email,Role,Job title\r\n{DemoAccounts.Teacher.FullName},{DemoAccounts.Teacher.Email},Teacher,Head of Geography\r\n")).Content.ReadAsStringAsync();

        // The teaching assistant is not in the file; the governor and the Principal are never listed.
        Assert.Contains("1 member of staff in the portal is not in the file.", preview, StringComparison.Ordinal);
        Assert.Contains($"<li>{DemoAccounts.Support.FullName} ({DemoAccounts.Support.Email})</li>", preview, StringComparison.Ordinal);
        Assert.DoesNotContain($"({DemoAccounts.Governor.Email})</li>", preview, StringComparison.Ordinal);
        Assert.DoesNotContain($"({DemoAccounts.Principal.Email})</li>", preview, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"MarkMissingAsLeft\" value=\"true\" checked", preview, StringComparison.Ordinal);

        var withoutSaying = await PeopleSteps.ApplyAsync(principal, preview);
        Assert.Contains("1 person updated; nobody marked as left.", await principal.GetStringAsync(withoutSaying.Headers.Location!.OriginalString), StringComparison.Ordinal);
        Assert.Null(await app.WithDatabaseAsync(db => db.Users.Where(u => u.Email == DemoAccounts.Support.Email).Select(u => u.DeactivatedAtUtc).SingleAsync()));

        // The same file again: every row is up to date, and the staff not in it can still be marked as left.
        preview = await (await PeopleSteps.UploadAsync(principal, $"Name,Email,Role,Job title\r\n{DemoAccounts.Teacher.FullName},{DemoAccounts.Teacher.Email},Teacher,Head of Geography\r\n")).Content.ReadAsStringAsync();
        Assert.Contains("Apply the import", preview, StringComparison.Ordinal);
        var form = ImportForm(preview);
        var fields = (await form.ReadAsStringAsync()) + "&MarkMissingAsLeft=true";
        var saying = await principal.PostAsync("/people/import/apply", new StringContent(fields, Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.Redirect, saying.StatusCode);
        Assert.Contains("1 person not in the file marked as left, with everything they signed kept.", await principal.GetStringAsync(saying.Headers.Location!.OriginalString), StringComparison.Ordinal);
        Assert.NotNull(await app.WithDatabaseAsync(db => db.Users.Where(u => u.Email == DemoAccounts.Support.Email).Select(u => u.DeactivatedAtUtc).SingleAsync()));
        Assert.Null(await app.WithDatabaseAsync(db => db.Users.Where(u => u.Email == DemoAccounts.Governor.Email).Select(u => u.DeactivatedAtUtc).SingleAsync()));
    }

    [Fact]
    public async Task Importing_with_other_roles_than_the_preview_showed_saves_nothing_and_shows_the_rows_with_them()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var preview = await (await PeopleSteps.UploadAsync(principal, MisExport(','))).Content.ReadAsStringAsync();

        var applied = await principal.PostAsync("/people/import/apply", ImportForm(preview, ("Admin", "Governor")));
        var page = WebUtility.HtmlDecode(await applied.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Conflict, applied.StatusCode);
        Assert.Contains("Nothing was imported: you chose other roles than the preview showed.", page, StringComparison.Ordinal);
        Assert.Contains(("Admin", "Governor"), ChosenRoles(page));
        Assert.Equal(DemoAccounts.All.Count, await app.WithDatabaseAsync(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task Making_a_principal_needs_its_own_confirmation_and_without_it_nothing_is_saved()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var preview = await (await PeopleSteps.UploadAsync(principal, MisExport(','))).Content.ReadAsStringAsync();
        var chosen = WebUtility.HtmlDecode(await (await principal.PostAsync("/people/import/roles", ImportForm(preview, ("Assistant Headteacher", "Principal")))).Content.ReadAsStringAsync());
        Assert.Contains("Full control of the portal, like yours. Check this is meant.", chosen, StringComparison.Ordinal);
        Assert.Contains("I confirm that Zoë Brontë becomes a Principal, with full control of the portal", chosen, StringComparison.Ordinal);

        var unconfirmed = await principal.PostAsync("/people/import/apply", ImportForm(chosen, ("Assistant Headteacher", "Principal")));
        var page = WebUtility.HtmlDecode(await unconfirmed.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, unconfirmed.StatusCode);
        Assert.Matches("<span class=\"field-error\" id=\"ConfirmPrincipals-error\">Confirm that this person becomes a Principal, or choose another role for them above. Nothing was imported.</span>", page);
        Assert.Equal(("Assistant Headteacher", "Principal"), ChosenRoles(page)[0]);
        Assert.Equal(DemoAccounts.All.Count, await app.WithDatabaseAsync(db => db.Users.CountAsync()));

        var confirmed = await principal.PostAsync("/people/import/apply", ImportForm(page, [("Assistant Headteacher", "Principal")], confirmPrincipals: true));

        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Equal(Roles.Principal, await PeopleSteps.WaitingAdditionAsync(app, "zoe.bronte@example.org"));
        Assert.Null(await app.WithDatabaseAsync(db => db.Users.SingleOrDefaultAsync(u => u.Email == "zoe.bronte@example.org")));
    }

    [Fact]
    public async Task Columns_with_headings_the_portal_does_not_know_are_chosen_on_screen_from_their_values_then_imported()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);

        var upload = await PeopleSteps.UploadAsync(principal, "Code,Person,Contact,Kind\r\nA1,Ayo Bello,ayo.bello@example.org,Teacher\r\nA2,Bea Lund,bea.lund@example.org,Governor\r\n");
        var columnsPage = WebUtility.HtmlDecode(await upload.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        Assert.Contains("There is no column for full name or email address or role that the portal recognises. Choose which column holds it.", columnsPage, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#column-FullName\">There is no column", columnsPage, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">Contact</th>\n                    <td>ayo.bello@example.org, bea.lund@example.org</td>", columnsPage, StringComparison.Ordinal);
        Assert.Equal(DemoAccounts.All.Count, await app.WithDatabaseAsync(db => db.Users.CountAsync()));

        // Only the role is left out: the page says so again, with what was chosen kept.
        var incomplete = await principal.PostAsync("/people/import/columns/read", ColumnsForm(columnsPage, fullName: 1, email: 2, role: null));
        var incompletePage = WebUtility.HtmlDecode(await incomplete.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, incomplete.StatusCode);
        Assert.Contains("There is no column for role that the portal recognises.", incompletePage, StringComparison.Ordinal);
        // The summary's link takes the Principal to the role's choice, the one still to make.
        Assert.Contains("<a href=\"#column-Role\">There is no column for role", incompletePage, StringComparison.Ordinal);
        Assert.Matches("<option value=\"2\" selected=\"selected\">Column 3: Contact</option>", incompletePage);

        var preview = await principal.PostAsync("/people/import/columns/read", ColumnsForm(incompletePage, fullName: 1, email: 2, role: 3));
        var previewPage = WebUtility.HtmlDecode(await preview.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Contains("2 new", previewPage, StringComparison.Ordinal);
        Assert.Contains("<td>Ayo Bello</td>", previewPage, StringComparison.Ordinal);

        // The roles step and the import read the same columns.
        var roles = WebUtility.HtmlDecode(await (await principal.PostAsync("/people/import/roles", ImportForm(previewPage, ("Teacher", "Staff")))).Content.ReadAsStringAsync());
        var applied = await principal.PostAsync("/people/import/apply", ImportForm(roles));

        Assert.Equal(HttpStatusCode.Redirect, applied.StatusCode);
        Assert.Equal([Roles.Staff], await RolesOfAsync("ayo.bello@example.org"));
        Assert.Equal(Roles.Governor, await PeopleSteps.WaitingAdditionAsync(app, "bea.lund@example.org"));
        Assert.Equal("Bea Lund", await app.WithDatabaseAsync(db => db.AccountChanges.Where(c => c.Email == "bea.lund@example.org").Select(c => c.FullName).SingleAsync()));
    }

    private static FormUrlEncodedContent ColumnsForm(string page, int? fullName, int? email, int? role) => new(new Dictionary<string, string>
    {
        ["__RequestVerificationToken"] = PortalClient.AntiforgeryToken(page),
        ["Upload"] = PortalClient.HiddenValue(page, "Upload"),
        ["FullName"] = $"{fullName}",
        ["Forename"] = string.Empty,
        ["Surname"] = string.Empty,
        ["Email"] = $"{email}",
        ["Role"] = $"{role}",
        ["JobTitle"] = string.Empty,
    });

    private static FormUrlEncodedContent ImportForm(string page, params (string Value, string Choice)[] changes) => ImportForm(page, changes, confirmPrincipals: false);

    // The preview's form as a browser sends it: the sealed file, and each role value's choice, some of them changed.
    private static FormUrlEncodedContent ImportForm(string page, (string Value, string Choice)[] changes, bool confirmPrincipals)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("__RequestVerificationToken", PortalClient.AntiforgeryToken(page)),
            new("Upload", PortalClient.HiddenValue(page, "Upload")),
        };
        var chosen = ChosenRoles(page);
        for (var i = 0; i < chosen.Count; i++)
        {
            var choice = changes.FirstOrDefault(c => c.Value == chosen[i].Value).Choice ?? chosen[i].Choice;
            fields.Add(new($"Choices[{i}].Value", chosen[i].Value));
            fields.Add(new($"Choices[{i}].Choice", choice));
        }

        if (confirmPrincipals)
        {
            fields.Add(new("ConfirmPrincipals", "true"));
        }

        return new FormUrlEncodedContent(fields);
    }

    // Each value of the role column on the preview, with the choice selected for it.
    private static List<(string Value, string Choice)> ChosenRoles(string page) =>
        [.. Regex.Matches(WebUtility.HtmlDecode(page), @"name=""Choices\[\d+\]\.Value"" value=""([^""]*)"">[\s\S]*?<option value=""([^""]*)"" selected=""selected"">")
            .Select(m => (m.Groups[1].Value, m.Groups[2].Value))];

    private async Task<string[]> RolesOfAsync(string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        return [.. (await users.GetRolesAsync((await users.FindByEmailAsync(email))!)).Order(StringComparer.Ordinal)];
    }

    [Fact]
    public async Task Names_with_accents_from_a_windows_1252_file_are_saved_exactly()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var preview = await PeopleSteps.UploadAsync(principal, CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetBytes(MisExport(',')));

        var applied = await PeopleSteps.ApplyAsync(principal, await preview.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Redirect, applied.StatusCode);
        var names = await app.WithDatabaseAsync(db => db.Users.Where(u => u.Email == "zoe.bronte@example.org" || u.Email == "siobhan.obrien@example.org").OrderBy(u => u.Email).Select(u => u.FullName).ToListAsync());
        Assert.Equal(["Siobhán O’Brien", "Zoë Brontë"], names);

        // The staff governor waits for a governor, with the name as the file has it.
        Assert.Equal("Pat Gallagher", await app.WithDatabaseAsync(db => db.AccountChanges.Where(c => c.Email == "pat.gallagher@example.org").Select(c => c.FullName).SingleAsync()));
        Assert.Equal("Staff,Governor", await PeopleSteps.WaitingAdditionAsync(app, "pat.gallagher@example.org"));
    }

    [Theory]
    [InlineData("spreadsheet", "The file is not a CSV or text file.")]
    [InlineData("too-big", "The file is larger than 8 MB.")]
    [InlineData("empty", "Choose a CSV file to upload.")]
    [InlineData("random", "The file is too large to import in one go.")]
    public async Task A_file_that_cannot_be_imported_is_refused_with_a_reason(string kind, string reason)
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var file = kind switch
        {
            "spreadsheet" => [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0xFF, 0xFE, 0x00, 0x01],
            "too-big" => Encoding.UTF8.GetBytes(Header + string.Concat(Enumerable.Repeat("Jo Patel,jo@example.org,Teacher,Staff\r\n", 220_000))),
            "empty" => [],
            "random" => RandomText(PeopleImport.MaxFileBytes - 100),
            _ => Encoding.UTF8.GetBytes("Jo Patel,jo@example.org,Teacher,Staff\r\n"),
        };

        var response = await PeopleSteps.UploadAsync(principal, file);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>
    /// A file no staff export looks like: one cell of Windows-1252 characters in no order, which compress no smaller than
    /// the file, so the copy of it sealed for the import would be longer than the import takes.
    /// </summary>
    private static byte[] RandomText(int length)
    {
        byte[] usable = [.. Enumerable.Range(0x20, 0xE0).Select(b => (byte)b).Where(b => b is not ((byte)'"' or (byte)',' or (byte)';' or 0x7F or 0x81 or 0x8D or 0x8F or 0x90 or 0x9D))];
        var random = new Random(7);
        var start = Encoding.ASCII.GetBytes("Name,Email,Role\r\n\"");
        var end = Encoding.ASCII.GetBytes("\",x@example.org,Staff\r\n");
        return [.. start, .. Enumerable.Range(0, length - start.Length - end.Length).Select(_ => usable[random.Next(usable.Length)]), .. end];
    }

    [Fact]
    public async Task A_leaver_in_the_file_is_not_brought_back()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        await PeopleSteps.MarkAsLeftAsync(principal, await PeopleSteps.PersonUrlAsync(app, DemoAccounts.Support.Email));

        var page = await (await PeopleSteps.UploadAsync(principal, "Name,Email,Role\nJo Patel,support@example.org,Staff\n")).Content.ReadAsStringAsync();

        Assert.Contains("Jo Patel has left, and an import does not bring leavers back.", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<button type=\"submit\" class=\"button\">Import", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_filters_that_make_no_sense_still_show_the_list()
    {
        // Every form's junk is sent by Security/BadInputTests; the list's filters are a query, not a form.
        var principal = await app.SignedInAsync(DemoAccounts.Principal);

        foreach (var query in new[] { "?status=Nope", "?role=Nope", $"?q={new string('x', 5000)}", "?q=%25_%5B", "?page=-5", "?page=99999", "?page=abc" })
        {
            Assert.Equal(HttpStatusCode.OK, (await principal.GetAsync($"/people{query}")).StatusCode);
        }
    }

    private static string CultureInvariant(FormattableString text) => FormattableString.Invariant(text);

    /// <summary>Stands for anything that refuses one row in the middle of an import, after earlier rows are written.</summary>
    private sealed class RefusesPerson20 : IUserValidator<PortalUser>
    {
        public Task<IdentityResult> ValidateAsync(UserManager<PortalUser> manager, PortalUser user) =>
            Task.FromResult(user.Email == "person20@example.org"
                ? IdentityResult.Failed(new IdentityError { Code = "Refused", Description = "Person 20 cannot be added today." })
                : IdentityResult.Success);
    }
}
