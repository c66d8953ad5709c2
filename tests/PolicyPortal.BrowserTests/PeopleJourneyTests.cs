using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MimeKit;
using PolicyPortal.Web.Data.Seeding;
using PolicyPortal.Web.Services.Email;

namespace PolicyPortal.BrowserTests;

public sealed class PeopleJourneyTests(PortalInBrowser portal) : IClassFixture<PortalInBrowser>, IAsyncLifetime
{
    public Task InitializeAsync() => portal.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_principal_adds_a_person_who_sets_a_password_from_the_email_then_imports_two_more_and_marks_a_leaver()
    {
        var principal = await portal.SignedInPageAsync(DemoAccounts.Principal);
        await principal.GetByRole(AriaRole.Link, new() { Name = "People", Exact = true }).ClickAsync();
        await Assertions.Expect(principal.GetByRole(AriaRole.Heading, new() { Name = "People", Exact = true })).ToBeVisibleAsync();
        await principal.AssertNoViolationsAsync();

        // Sent empty: each problem named, then filled in properly.
        await principal.GetByRole(AriaRole.Link, new() { Name = "Add a person" }).ClickAsync();
        await principal.GetByLabel("Staff", new() { Exact = true }).UncheckAsync();
        await principal.GetByRole(AriaRole.Button, new() { Name = "Add and send the invitation" }).ClickAsync();
        await Assertions.Expect(principal.GetByRole(AriaRole.Alert)).ToContainTextAsync("Enter the person's full name.");
        await principal.AssertNoViolationsAsync();
        await principal.GetByLabel("Full name").FillAsync("Lee Chen");
        await principal.GetByLabel("Email address").FillAsync("lee.chen@example.org");
        await principal.GetByLabel("Job title (optional)").FillAsync("Teacher of Science");
        await principal.GetByLabel("Staff", new() { Exact = true }).CheckAsync();
        await principal.GetByRole(AriaRole.Button, new() { Name = "Add and send the invitation" }).ClickAsync();
        await Assertions.Expect(principal.GetByRole(AriaRole.Status)).ToContainTextAsync("an invitation to set a password is on its way");
        await principal.AssertNoViolationsAsync();

        // The new person follows the link in their email.
        await portal.App.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync();
        var invitation = Directory.GetFiles(portal.App.MailPickupDirectory, "*.eml").Select(f => MimeMessage.Load(f)).Single();
        var link = Regex.Match(invitation.TextBody ?? string.Empty, @"https://portal\.school\.example(/account/set-password\S+)").Groups[1].Value;
        var lee = await portal.NewPageAsync();
        await lee.GotoAsync(link);
        await Assertions.Expect(lee.GetByRole(AriaRole.Heading, new() { Name = "Set your password" })).ToBeVisibleAsync();
        await lee.AssertNoViolationsAsync();
        await lee.GetByLabel("New password").FillAsync("three unrelated garden words");
        await lee.GetByLabel("The same password again").FillAsync("three unrelated garden words");
        await lee.GetByRole(AriaRole.Button, new() { Name = "Set my password" }).ClickAsync();
        await Assertions.Expect(lee.GetByRole(AriaRole.Status)).ToContainTextAsync("Your password is set.");
        await lee.GetByLabel("Email address").FillAsync("lee.chen@example.org");
        await lee.GetByLabel("Password").FillAsync("three unrelated garden words");
        await lee.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(lee.GetByRole(AriaRole.Heading, new() { Name = "My policies" })).ToBeVisibleAsync();

        // An import of two more, previewed first.
        await principal.GotoAsync("/people");
        await principal.GetByRole(AriaRole.Link, new() { Name = "Import from a CSV file" }).ClickAsync();
        await principal.AssertNoViolationsAsync();
        await principal.GetByLabel("CSV file").SetInputFilesAsync(new FilePayload
        {
            Name = "staff.csv",
            MimeType = "text/csv",
            Buffer = Encoding.UTF8.GetBytes("Name,Email address,Position,Staff type\r\nKim Lowe,kim.lowe@example.org,Cover supervisor,Support staff\r\nPat Evans,pat.evans@example.org,,Governor\r\nLee Chen,lee.chen@example.org,Teacher of Science,Teacher\r\n"),
        });
        await principal.GetByRole(AriaRole.Button, new() { Name = "Preview the import" }).ClickAsync();
        await Assertions.Expect(principal.GetByRole(AriaRole.Heading, new() { Name = "Check the import" })).ToBeVisibleAsync();
        await principal.AssertNoViolationsAsync();
        await principal.ScreenshotForGuideAsync("people-import-preview");
        // The button above the rows submits the form below them, which carries the file.
        await principal.GetByRole(AriaRole.Button, new() { Name = "Import 2 people" }).First.ClickAsync();
        await Assertions.Expect(principal.GetByRole(AriaRole.Status)).ToContainTextAsync("Imported: 1 person added");

        // The governor is only asked for: a governor confirms before Pat Evans has an account.
        await Assertions.Expect(principal.GetByRole(AriaRole.Status)).ToContainTextAsync("1 change to governors or Principals waits for a governor's confirmation");
        await Assertions.Expect(principal.GetByRole(AriaRole.Heading, new() { Name = "Add Pat Evans as Governor" })).ToBeVisibleAsync();
        await Assertions.Expect(principal.GetByRole(AriaRole.Link, new() { Name = "Pat Evans" })).ToHaveCountAsync(0);
        await principal.AssertNoViolationsAsync();

        // A leaver, after a confirmation.
        await principal.GetByRole(AriaRole.Link, new() { Name = "Kim Lowe" }).ClickAsync();
        await principal.AssertNoViolationsAsync();
        await principal.GetByRole(AriaRole.Link, new() { Name = "Mark as left" }).ClickAsync();
        await principal.AssertNoViolationsAsync();
        await principal.GetByRole(AriaRole.Button, new() { Name = "Yes, mark as left" }).ClickAsync();
        await Assertions.Expect(principal.GetByRole(AriaRole.Status)).ToContainTextAsync("Marked as left.");
        await Assertions.Expect(principal.Locator(".policy__kicker")).ToContainTextAsync("Left on");
        await principal.ScreenshotForGuideAsync("people-person-left");
    }

    [Fact]
    public async Task Siobhan_OBrien_added_by_the_principal_signs_in_from_her_invitation_and_signs_with_the_keyboard_she_has()
    {
        var principal = await portal.SignedInPageAsync(DemoAccounts.Principal);
        await principal.GotoAsync("/people");
        await principal.GetByRole(AriaRole.Link, new() { Name = "Add a person" }).ClickAsync();
        await principal.GetByLabel("Full name").FillAsync("😀😀");
        await principal.GetByLabel("Email address").FillAsync("siobhan.obrien@example.org");
        await principal.GetByRole(AriaRole.Button, new() { Name = "Add and send the invitation" }).ClickAsync();
        var problems = principal.GetByRole(AriaRole.Alert).Filter(new() { HasText = "There is a problem" });
        await Assertions.Expect(problems).ToContainTextAsync("A full name needs letters");
        await Assertions.Expect(problems).ToBeFocusedAsync();
        await Assertions.Expect(principal.GetByLabel("Email address")).ToHaveValueAsync("siobhan.obrien@example.org");
        await principal.AssertNoViolationsAsync();
        await principal.GetByLabel("Full name").FillAsync("Siobhán O’Brien");
        await principal.GetByLabel("Email address").FillAsync("siobhan.obrien@example.org");
        await principal.GetByLabel("Job title (optional)").FillAsync("Teacher of Irish");
        await principal.GetByLabel("Staff", new() { Exact = true }).CheckAsync();
        await principal.GetByRole(AriaRole.Button, new() { Name = "Add and send the invitation" }).ClickAsync();
        await Assertions.Expect(principal.GetByRole(AriaRole.Status)).ToContainTextAsync("an invitation to set a password is on its way");
        await Assertions.Expect(principal.GetByRole(AriaRole.Heading, new() { Name = "Siobhán O’Brien" })).ToBeVisibleAsync();

        await portal.App.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync();
        var invitation = Directory.GetFiles(portal.App.MailPickupDirectory, "*.eml").Select(f => MimeMessage.Load(f)).Single(m => m.To.ToString().Contains("siobhan.obrien@example.org", StringComparison.Ordinal));
        Assert.Contains("Hello Siobhán O’Brien", invitation.TextBody, StringComparison.Ordinal);
        var link = Regex.Match(invitation.TextBody ?? string.Empty, @"https://portal\.school\.example(/account/set-password\S+)").Groups[1].Value;
        var siobhan = await portal.NewPageAsync();
        await siobhan.GotoAsync(link);
        await siobhan.GetByLabel("New password").FillAsync("a cliff path above the sea");
        await siobhan.GetByLabel("The same password again").FillAsync("a cliff path above the sea");
        await siobhan.GetByRole(AriaRole.Button, new() { Name = "Set my password" }).ClickAsync();
        await siobhan.GetByLabel("Email address").FillAsync("siobhan.obrien@example.org");
        await siobhan.GetByLabel("Password").FillAsync("a cliff path above the sea");
        await siobhan.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        // Her keyboard types a straight apostrophe and no accents.
        await siobhan.GetByRole(AriaRole.Link, new() { Name = "Read and sign Personal Use of Social Media Sites" }).ClickAsync();
        await siobhan.GetByLabel("I have read and understood this policy").CheckAsync();
        await siobhan.GetByLabel("Your full name, as your signature").FillAsync("Siobhan O'Brien");
        await siobhan.GetByRole(AriaRole.Button, new() { Name = "Sign version 1.0" }).ClickAsync();

        var receipt = siobhan.Locator(".details--receipt");
        await Assertions.Expect(siobhan.GetByRole(AriaRole.Status)).ToContainTextAsync("Thank you. Your signature is recorded.");
        await Assertions.Expect(receipt).ToContainTextAsync("Siobhán O’Brien (siobhan.obrien@example.org), Teacher of Irish");
        await Assertions.Expect(receipt.Locator("dd").Nth(1)).ToHaveTextAsync("Siobhan O'Brien");
        await siobhan.AssertNoViolationsAsync();
    }

    [Fact]
    public async Task The_principal_imports_a_messy_40_row_export_mapping_a_column_and_two_role_values_then_invites_and_downloads_one_person_s_data()
    {
        var principal = await portal.SignedInPageAsync(DemoAccounts.Principal);
        await principal.GotoAsync("/people/import");
        await principal.GetByLabel("CSV file").SetInputFilesAsync(new FilePayload { Name = "staff.csv", MimeType = "text/csv", Buffer = CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetBytes(MessyExport()) });
        await principal.GetByRole(AriaRole.Button, new() { Name = "Preview the import" }).ClickAsync();

        // "Contact" is not a heading the portal knows: it is chosen from the file's columns and their values.
        await Assertions.Expect(principal.GetByRole(AriaRole.Alert)).ToContainTextAsync("There is no column for email address that the portal recognises.");
        await Assertions.Expect(principal.GetByRole(AriaRole.Row, new() { Name = "Contact" })).ToContainTextAsync("zoe.bronte@example.org, siobhan.obrien@example.org");
        await principal.AssertNoViolationsAsync();
        await principal.GetByLabel("Email address").SelectOptionAsync(new SelectOptionValue { Label = "Column 3: Contact" });
        await principal.GetByRole(AriaRole.Button, new() { Name = "Preview the import" }).ClickAsync();
        await Assertions.Expect(principal.GetByRole(AriaRole.Row).Filter(new() { HasText = "zoe.bronte@example.org" })).ToContainTextAsync("Zoë Brontë");
        await principal.AssertNoViolationsAsync();

        // The messy rows are listed with their reasons; the rest go ahead.
        await Assertions.Expect(principal.GetByRole(AriaRole.Row).Filter(new() { HasText = "The email address is missing." })).ToHaveCountAsync(1);
        await Assertions.Expect(principal.GetByRole(AriaRole.Row).Filter(new() { HasText = "which a spreadsheet would run as a formula" })).ToHaveCountAsync(1);
        await Assertions.Expect(principal.GetByRole(AriaRole.Row).Filter(new() { HasText = "The same email address is also on line" })).ToHaveCountAsync(2);

        // The clerk is not a governor, and the staff governor is only a governor here: chosen for those two values.
        await Assertions.Expect(principal.GetByLabel("Role in the portal for Clerk to Governors")).ToHaveValueAsync("Governor");
        await principal.GetByLabel("Role in the portal for Clerk to Governors").SelectOptionAsync("Staff");
        await principal.GetByLabel("Role in the portal for Staff Governor").SelectOptionAsync("Governor");
        await principal.GetByRole(AriaRole.Button, new() { Name = "Update the preview" }).ClickAsync();
        await Assertions.Expect(principal.GetByRole(AriaRole.Row).Filter(new() { HasText = "Siobhán O’Brien" })).ToContainTextAsync("Added as Staff in Office and sent an invitation");
        await Assertions.Expect(principal.GetByRole(AriaRole.Row).Filter(new() { HasText = "Pat Governor" })).ToContainTextAsync("Waits for a governor: added as Governor and sent an invitation once one confirms");
        await principal.AssertNoViolationsAsync();
        await principal.GetByRole(AriaRole.Button, new() { Name = "Import 36 people" }).Last.ClickAsync();
        await Assertions.Expect(principal.GetByRole(AriaRole.Status)).ToContainTextAsync("Imported: 35 people added");
        await principal.AssertNoViolationsAsync();

        // None has set a password: all are sent a new invitation in one action, counted first.
        await principal.GetByRole(AriaRole.Link, new() { Name = "Send new invitations to everyone invited" }).ClickAsync();
        await Assertions.Expect(principal.GetByText("35 people have been invited and not set a password yet.", new() { Exact = false })).ToBeVisibleAsync();
        await principal.AssertNoViolationsAsync();
        await principal.GetByRole(AriaRole.Button, new() { Name = "Send 35 new invitations" }).ClickAsync();
        await Assertions.Expect(principal.GetByRole(AriaRole.Status)).ToContainTextAsync("New invitations to 35 people go out in school hours.");

        // One person's page: their groups, their invitation, the policy they have yet to sign, and the changes to their account.
        await principal.GetByLabel("Name or email contains").FillAsync("zoe");
        await principal.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await principal.GetByRole(AriaRole.Link, new() { Name = "Zoë Brontë" }).ClickAsync();
        await Assertions.Expect(principal.GetByRole(AriaRole.Heading, new() { Name = "Zoë Brontë", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(principal.GetByText("Its link works until", new() { Exact = false })).ToBeVisibleAsync();
        await Assertions.Expect(principal.GetByText("Not signed: outstanding for", new() { Exact = false })).ToBeVisibleAsync();
        await Assertions.Expect(principal.GetByRole(AriaRole.Row).Filter(new() { HasText = "Invitation sent" })).ToHaveCountAsync(1);
        await principal.AssertNoViolationsAsync();

        var download = await principal.RunAndWaitForDownloadAsync(() => principal.GetByRole(AriaRole.Link, new() { Name = "Download everything held about them (JSON)" }).ClickAsync());
        Assert.Equal("PolicyPortal data of Zoë Brontë.json", download.SuggestedFilename);
        using var data = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync((await download.PathAsync())!));
        Assert.Equal("Zoë Brontë", data.RootElement.GetProperty("Account").GetProperty("FullName").GetString());
        Assert.Equal("Office", data.RootElement.GetProperty("Account").GetProperty("Groups")[0].GetString());
        Assert.Contains(data.RootElement.GetProperty("ChangesToTheAccount").EnumerateArray(), e => e.GetProperty("Kind").GetString() == "Imported");
    }

    [Fact]
    public async Task The_principal_asks_a_policy_of_the_safeguarding_team_only_and_sees_its_sign_off_by_group()
    {
        var principal = await portal.SignedInPageAsync(DemoAccounts.Principal);
        await principal.GotoAsync("/people");
        await principal.GetByRole(AriaRole.Link, new() { Name = "Groups" }).ClickAsync();
        await principal.GetByLabel("Name of the group").FillAsync("Safeguarding team");
        await principal.GetByRole(AriaRole.Button, new() { Name = "Add the group" }).ClickAsync();
        await Assertions.Expect(principal.GetByRole(AriaRole.Status)).ToContainTextAsync("The group Safeguarding team is added.");
        await principal.AssertNoViolationsAsync();

        await principal.GotoAsync("/people");
        await principal.GetByRole(AriaRole.Link, new() { Name = DemoAccounts.Support.FullName }).ClickAsync();
        await principal.GetByRole(AriaRole.Link, new() { Name = "Change details, email, roles or groups" }).ClickAsync();
        await principal.GetByLabel("Safeguarding team").CheckAsync();
        await principal.AssertNoViolationsAsync();
        await principal.GetByRole(AriaRole.Button, new() { Name = "Save the changes" }).ClickAsync();
        await Assertions.Expect(principal.GetByRole(AriaRole.Row).Filter(new() { HasText = "Groups changed" })).ToContainTextAsync("Groups: none → Safeguarding team");

        await principal.GotoAsync("/policies/personal-use-of-social-media/details");
        await principal.GetByLabel("No role: only the groups ticked below, or, with none ticked, nobody").CheckAsync();
        await principal.GetByLabel("Safeguarding team (1 person)").CheckAsync();
        await principal.AssertNoViolationsAsync();
        await principal.GetByRole(AriaRole.Button, new() { Name = "Save the details" }).ClickAsync();
        await Assertions.Expect(principal.GetByRole(AriaRole.Status)).ToContainTextAsync("The policy's details are saved.");

        await principal.GotoAsync("/compliance/personal-use-of-social-media");
        await Assertions.Expect(principal.GetByRole(AriaRole.Row, new() { Name = "Safeguarding team" })).ToContainTextAsync("0 of 1 (0%)");
        await Assertions.Expect(principal.GetByRole(AriaRole.Row).Filter(new() { HasText = DemoAccounts.Teacher.FullName })).ToHaveCountAsync(0);
        await principal.AssertNoViolationsAsync();
        await principal.GotoAsync("/people/groups");
        await Assertions.Expect(principal.GetByRole(AriaRole.Row, new() { Name = "Safeguarding team" })).ToContainTextAsync("Personal Use of Social Media Sites");
        await principal.AssertNoViolationsAsync();
        await principal.GotoAsync("/people/audit");
        await Assertions.Expect(principal.GetByRole(AriaRole.Row).Filter(new() { HasText = "Groups changed" })).ToContainTextAsync(DemoAccounts.Support.FullName);
        await principal.AssertNoViolationsAsync();
    }

    [Fact]
    public async Task The_principal_previews_a_trust_s_long_export_which_lists_the_first_new_people_then_imports_them_all()
    {
        var principal = await portal.SignedInPageAsync(DemoAccounts.Principal);
        await principal.GotoAsync("/people/import");
        var export = new StringBuilder("Legal Surname,Preferred Forename,Work Email,Staff Role\r\n");
        for (var i = 1; i <= 1_000; i++)
        {
            export.Append(FormattableString.Invariant($"Walker-{i},Sam,sam.walker{i}@trust.example,Teaching Assistant\r\n"));
        }

        await principal.GetByLabel("CSV file").SetInputFilesAsync(new FilePayload { Name = "trust.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(export.ToString()) });
        await principal.GetByRole(AriaRole.Button, new() { Name = "Preview the import" }).ClickAsync();

        await Assertions.Expect(principal.GetByText("The other 750 new people are added in the same way", new() { Exact = false })).ToBeVisibleAsync();
        await Assertions.Expect(principal.GetByRole(AriaRole.Row).Filter(new() { HasText = "sam.walker250@trust.example" })).ToBeVisibleAsync();
        await Assertions.Expect(principal.GetByRole(AriaRole.Row).Filter(new() { HasText = "sam.walker251@trust.example" })).ToHaveCountAsync(0);
        await principal.AssertNoViolationsAsync();
        await principal.GetByRole(AriaRole.Button, new() { Name = "Import 1,000 people" }).Last.ClickAsync();
        await Assertions.Expect(principal.GetByRole(AriaRole.Status)).ToContainTextAsync("Imported: 1,000 people added");
    }

    // A Windows-1252 staff export of 40 rows as an MIS writes it, with the mess a real one has: an unknown heading for
    // the email column, placeholders, stray spaces, a missing address, a formula, one person twice.
    private static string MessyExport()
    {
        var rows = new List<string>
        {
            "Legal Surname,Preferred Forename,Contact,Staff Role,Job Title,Department",
            "Brontë,Zoë,zoe.bronte@example.org,Admin,Office Manager,Office",
            "O’Brien,Siobhán,siobhan.obrien@example.org,Clerk to Governors,-,Office",
            "Governor,Pat,pat.governor@example.org,Staff Governor,,",
        };
        var roles = new[] { "Teacher", "Teaching Assistant", "Deputy Head", "Supply" };
        var departments = new[] { "Science", "Humanities", "Maths", "English" };
        for (var n = 1; n <= 33; n++)
        {
            rows.Add($"  Surname{n:D2} ,Person,person{n:D2}@example.org,{roles[n % roles.Length]},N/A,{departments[n % departments.Length]}");
        }

        rows.Add("Noemail,Nia,,Teacher,,Science");
        rows.Add("\"=HYPERLINK(\"\"x\"\")\",Formula,formula@example.org,Teacher,,Science");
        rows.Add("Twice,Terry,terry.twice@example.org,Teacher,,Maths");
        rows.Add("Twice,Terry,TERRY.TWICE@example.org,Teacher,,Maths");
        return string.Join("\r\n", rows) + "\r\n";
    }
}
