using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MimeKit;
using PolicyPortal.Testing;
using PolicyPortal.Web.Data.Seeding;
using PolicyPortal.Web.Services.Email;

namespace PolicyPortal.BrowserTests;

/// <summary>Issue 5's journey: staff list in, reminder out, a newcomer signs and the dashboard moves, a leaver is shut out.</summary>
public sealed class ComplianceJourneyTests(PortalInBrowser portal) : IClassFixture<PortalInBrowser>, IAsyncLifetime
{
    private const string Policy = "Personal Use of Social Media Sites";

    public Task InitializeAsync() => portal.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_governor_checks_the_record_against_the_chain_head_printed_on_an_evidence_pack()
    {
        var teacher = await portal.SignedInPageAsync(DemoAccounts.Teacher);
        await teacher.GotoAsync(SeedPolicy.Url);
        await teacher.GetByLabel("I have read and understood this policy").CheckAsync();
        await teacher.GetByLabel("Your full name, as your signature").FillAsync("Sam Taylor");
        await teacher.GetByRole(AriaRole.Button, new() { Name = "Sign version 1.0" }).ClickAsync();
        await Assertions.Expect(teacher.GetByText("Entry in the record")).ToBeVisibleAsync();
        await teacher.AssertNoViolationsAsync();

        // The chain head as an inspector's printed copy of the pack has it.
        var governor = await portal.SignedInPageAsync(DemoAccounts.Governor);
        await governor.GotoAsync($"/compliance/{SeedPolicy.Slug}/evidence");
        var printed = Regex.Match(await governor.GetByText("The record’s chain head when this pack was produced").InnerTextAsync(), @"entry (\d+), chain hash ([0-9a-f]{64})");
        Assert.True(printed.Success);

        await governor.GotoAsync("/compliance");
        await governor.GetByRole(AriaRole.Link, new() { Name = "Verify the record" }).ClickAsync();
        await Assertions.Expect(governor.GetByRole(AriaRole.Heading, new() { Name = "Verify the record" })).ToBeVisibleAsync();
        await Assertions.Expect(governor.GetByRole(AriaRole.Status).Filter(new() { HasText = "Intact:" })).ToContainTextAsync($"Intact: 1 entry, the latest on 24 November 2026 at 09:30, chain head {printed.Groups[2].Value}.");
        await governor.AssertNoViolationsAsync();

        // Typed wrongly: the problem beside the field, in view, and what was typed kept.
        await governor.GetByLabel("Entry number").FillAsync(printed.Groups[1].Value);
        await governor.GetByLabel("Chain hash").FillAsync(printed.Groups[2].Value[..40]);
        await governor.GetByRole(AriaRole.Button, new() { Name = "Compare" }).ClickAsync();
        var summary = governor.GetByRole(AriaRole.Alert).Filter(new() { HasText = "There is a problem" });
        await Assertions.Expect(summary).ToBeInViewportAsync();
        await Assertions.Expect(governor.GetByLabel("Chain hash")).ToHaveValueAsync(printed.Groups[2].Value[..40]);
        await governor.AssertNoViolationsAsync();

        await governor.GetByLabel("Chain hash").FillAsync(printed.Groups[2].Value);
        await governor.GetByRole(AriaRole.Button, new() { Name = "Compare" }).ClickAsync();
        await Assertions.Expect(governor.GetByRole(AriaRole.Status).Filter(new() { HasText = "Matches:" })).ToContainTextAsync($"Matches: entry {printed.Groups[1].Value} has this chain hash");
        await governor.AssertNoViolationsAsync();
        await governor.ScreenshotForGuideAsync("verify-the-record");
    }

    [Fact]
    public async Task The_principal_imports_staff_reminds_them_a_newcomer_signs_and_a_leaver_is_shut_out()
    {
        var principal = await portal.SignedInPageAsync(DemoAccounts.Principal);

        // Thirty staff from the MIS export, and two rows it got wrong.
        await principal.GotoAsync("/people/import");
        await principal.AssertNoViolationsAsync();
        await principal.GetByLabel("CSV file").SetInputFilesAsync(new FilePayload { Name = "staff.csv", MimeType = "text/csv", Buffer = StaffExport() });
        await principal.GetByRole(AriaRole.Button, new() { Name = "Preview the import" }).ClickAsync();
        await Assertions.Expect(principal.GetByRole(AriaRole.Heading, new() { Name = "Check the import" })).ToBeVisibleAsync();
        await Assertions.Expect(principal.GetByText("30 new", new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(principal.GetByText("2 with errors", new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(principal.GetByRole(AriaRole.Row).Filter(new() { HasText = "Casey Nomail" })).ToContainTextAsync("The email address is missing.");
        await Assertions.Expect(principal.GetByRole(AriaRole.Row).Filter(new() { HasText = "Drew Caretaker" })).ToContainTextAsync("\"drew at school.example\" is not an email address the portal can use.");
        await principal.AssertNoViolationsAsync();
        await principal.GetByRole(AriaRole.Button, new() { Name = "Import 30 people" }).Last.ClickAsync();
        await Assertions.Expect(principal.GetByRole(AriaRole.Status)).ToContainTextAsync("Imported: 30 people added");
        await Assertions.Expect(principal.GetByRole(AriaRole.Link, new() { Name = "Casey Nomail" })).ToHaveCountAsync(0);
        await principal.AssertNoViolationsAsync();

        // Staff in scope: the Principal, the two demo staff and the thirty newcomers.
        await principal.GotoAsync("/compliance");
        await Assertions.Expect(StaffSigned(principal)).ToHaveTextAsync("0 of 33 (0%)");
        await principal.AssertNoViolationsAsync();

        // One action reminds everyone outstanding: 33 staff and the governor.
        await principal.GetByRole(AriaRole.Link, new() { Name = Policy }).ClickAsync();
        await principal.AssertNoViolationsAsync();
        await principal.GetByRole(AriaRole.Button, new() { Name = "Remind the 34 people outstanding" }).ClickAsync();
        await Assertions.Expect(principal.GetByRole(AriaRole.Status)).ToContainTextAsync("Reminded 34 people by email.");
        await Assertions.Expect(principal.GetByRole(AriaRole.Row).Filter(new() { HasText = "Staff Member 07" })).ToContainTextAsync("24 November 2026");
        await principal.AssertNoViolationsAsync();
        await principal.ScreenshotForGuideAsync("compliance-reminded");

        // A newcomer who never set a password is reminded with a new invitation: they set a password from it, and its
        // link to the policy takes them there.
        // The outbox sends 50 a pass: as many passes as the 64 emails waiting take.
        while (await portal.App.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync() > 0)
        {
        }

        var mail = Directory.GetFiles(portal.App.MailPickupDirectory, "*.eml").Select(f => MimeMessage.Load(f))
            .Where(m => m.To.Mailboxes.Any(a => a.Address == "staff07@school.example")).ToList();
        Assert.DoesNotContain(mail, m => m.Subject == $"Please read and sign: {Policy}");
        var invitation = Assert.Single(mail, m => m.Subject == "You are still invited to PolicyPortal: set your password to sign a policy");
        var newcomer = await portal.NewPageAsync();
        await newcomer.GotoAsync(Regex.Match(invitation.TextBody ?? string.Empty, @"https://portal\.school\.example(/account/set-password\S+)").Groups[1].Value);
        await newcomer.AssertNoViolationsAsync();
        await newcomer.GetByLabel("New password").FillAsync("seven walnut lanterns drifting");
        await newcomer.GetByLabel("The same password again").FillAsync("seven walnut lanterns drifting");
        await newcomer.GetByRole(AriaRole.Button, new() { Name = "Set my password" }).ClickAsync();
        await Assertions.Expect(newcomer.GetByRole(AriaRole.Status)).ToContainTextAsync("Your password is set.");
        await newcomer.AssertNoViolationsAsync();
        await newcomer.GotoAsync(Regex.Match(invitation.TextBody ?? string.Empty, @"https://portal\.school\.example(/policies/\S+)").Groups[1].Value);
        await Assertions.Expect(newcomer).ToHaveURLAsync(new Regex("/account/sign-in"));
        await newcomer.AssertNoViolationsAsync();
        await newcomer.GetByLabel("Email address").FillAsync("staff07@school.example");
        await newcomer.GetByLabel("Password").FillAsync("seven walnut lanterns drifting");
        await newcomer.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(newcomer.GetByRole(AriaRole.Heading, new() { Name = Policy, Level = 1 })).ToBeVisibleAsync();
        await newcomer.AssertNoViolationsAsync();
        await newcomer.GetByLabel("I have read and understood this policy").CheckAsync();
        await newcomer.GetByLabel("Your full name, as your signature").FillAsync("Staff Member 07");
        await newcomer.GetByRole(AriaRole.Button, new() { Name = "Sign version 1.0" }).ClickAsync();
        await Assertions.Expect(newcomer.GetByRole(AriaRole.Status)).ToContainTextAsync("Your signature is recorded");
        await newcomer.AssertNoViolationsAsync();

        // The dashboard moves by one.
        await principal.GotoAsync("/compliance");
        await Assertions.Expect(StaffSigned(principal)).ToHaveTextAsync("1 of 33 (3%)");
        await principal.AssertNoViolationsAsync();
        await principal.ScreenshotForGuideAsync("compliance-dashboard");

        // The evidence pack for the revision, ready to print.
        await principal.GotoAsync("/compliance/personal-use-of-social-media/evidence");
        await Assertions.Expect(principal.GetByRole(AriaRole.Row).Filter(new() { HasText = "Staff Member 07" })).ToContainTextAsync("24 November 2026");
        await principal.AssertNoViolationsAsync();

        // ... and the same pack as a PDF file to keep.
        var pdf = await principal.RunAndWaitForDownloadAsync(() => principal.GetByRole(AriaRole.Link, new() { Name = "Download as PDF" }).ClickAsync());
        Assert.Equal("personal-use-of-social-media-1.0-evidence-2026-11-24.pdf", pdf.SuggestedFilename);
        Assert.Contains("Staff Member 07", string.Join(" ", PdfText.Pages(await File.ReadAllBytesAsync((await pdf.PathAsync())!))), StringComparison.Ordinal);

        // A leaver: marked as left, out of the counts, and refused at sign-in.
        await principal.GotoAsync("/people?q=teacher%40example.org");
        await principal.AssertNoViolationsAsync();
        await principal.GetByRole(AriaRole.Link, new() { Name = DemoAccounts.Teacher.FullName }).ClickAsync();
        await principal.AssertNoViolationsAsync();
        await principal.GetByRole(AriaRole.Link, new() { Name = "Mark as left" }).ClickAsync();
        await principal.AssertNoViolationsAsync();
        await principal.GetByRole(AriaRole.Button, new() { Name = "Yes, mark as left" }).ClickAsync();
        await Assertions.Expect(principal.GetByRole(AriaRole.Status)).ToContainTextAsync("Marked as left.");
        await principal.AssertNoViolationsAsync();
        await principal.GotoAsync("/compliance");
        await Assertions.Expect(StaffSigned(principal)).ToHaveTextAsync("1 of 32 (3%)");
        await principal.AssertNoViolationsAsync();

        var leaver = await portal.NewPageAsync();
        await leaver.GotoAsync("/account/sign-in");
        await leaver.GetByLabel("Email address").FillAsync(DemoAccounts.Teacher.Email);
        await leaver.GetByLabel("Password").FillAsync(DemoAccounts.Password);
        await leaver.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(leaver.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await Assertions.Expect(leaver).ToHaveURLAsync(new Regex("/account/sign-in"));
        await leaver.AssertNoViolationsAsync();
    }

    private static ILocator StaffSigned(IPage page) =>
        page.GetByRole(AriaRole.Row).Filter(new() { HasText = Policy }).Locator("td").Nth(1);

    private static byte[] StaffExport()
    {
        var csv = new StringBuilder("Full name,Email,Job title,Role\r\n");
        for (var n = 1; n <= 30; n++)
        {
            csv.Append($"Staff Member {n:D2},staff{n:D2}@school.example,{(n % 3 == 0 ? "Teaching assistant" : "Teacher")},{(n % 3 == 0 ? "Support staff" : "Teacher")}\r\n");
            if (n == 10)
            {
                csv.Append("Casey Nomail,,Teacher,Teacher\r\n");
            }
        }

        csv.Append("Drew Caretaker,drew at school.example,Site staff,Caretaker\r\n");
        return Encoding.UTF8.GetBytes(csv.ToString());
    }
}
