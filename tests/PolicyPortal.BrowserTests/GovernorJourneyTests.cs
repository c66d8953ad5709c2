using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MimeKit;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Data.Seeding;
using PolicyPortal.Web.Services.Email;

namespace PolicyPortal.BrowserTests;

/// <summary>The Principal cannot make or remove a governor, or change their own account, without another governor.</summary>
public sealed class GovernorJourneyTests(PortalInBrowser portal) : IClassFixture<PortalInBrowser>, IAsyncLifetime
{
    public Task InitializeAsync() => portal.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_principal_adds_a_governor_who_is_invited_only_once_another_governor_confirms_and_every_governor_hears_of_both_steps()
    {
        var chair = await portal.App.AddPersonAsync("chair@example.org", "Pat Chair", "Chair of Governors", Roles.Governor);
        var principal = await portal.SignedInPageAsync(DemoAccounts.Principal);
        await principal.GotoAsync("/people/new");
        await principal.GetByLabel("Full name").FillAsync("Kim Lowe");
        await principal.GetByLabel("Email address").FillAsync("kim.lowe@example.org");
        await principal.GetByLabel("Job title (optional)").FillAsync("Parent governor");
        await principal.GetByLabel("Staff", new() { Exact = true }).UncheckAsync();
        await principal.GetByLabel("Governor", new() { Exact = true }).CheckAsync();
        await principal.AssertNoViolationsAsync();
        await principal.GetByRole(AriaRole.Button, new() { Name = "Add and send the invitation" }).ClickAsync();

        await Assertions.Expect(principal.GetByRole(AriaRole.Status)).ToContainTextAsync("Nothing is added yet: a governor must confirm adding Kim Lowe as Governor, and the invitation goes to kim.lowe@example.org only then.");
        var waiting = principal.GetByRole(AriaRole.Region, new() { Name = "Waiting for a governor" });
        await Assertions.Expect(waiting.GetByRole(AriaRole.Heading, new() { Name = "Add Kim Lowe as Governor" })).ToBeVisibleAsync();
        await Assertions.Expect(waiting.GetByRole(AriaRole.Row, new() { Name = "Job title" })).ToContainTextAsync("Parent governor");
        await principal.AssertNoViolationsAsync();
        await waiting.ScreenshotForGuideAsync("people-waiting-for-a-governor");

        // No invitation yet; both governors are told, with the link to the page.
        var asked = await SendEmailsAsync();
        Assert.DoesNotContain(asked, m => Address(m) == "kim.lowe@example.org");
        Assert.Equal([chair.Email, DemoAccounts.Governor.Email], asked.Where(m => m.Subject == "PolicyPortal: adding Kim Lowe as Governor waits for a governor").Select(Address).Order(StringComparer.Ordinal));
        Assert.All(asked, m => Assert.Contains("https://portal.school.example/governors/changes", m.TextBody, StringComparison.Ordinal));

        // A governor finds it on their to-do list and confirms it.
        var governor = await portal.SignedInPageAsync(DemoAccounts.Governor);
        await Assertions.Expect(governor.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Changes to confirm 1 to do" })).ToBeVisibleAsync();
        await governor.GetByRole(AriaRole.Region, new() { Name = "To do" }).GetByRole(AriaRole.Link, new() { Name = "1 change to governors' or Principals' accounts to confirm" }).ClickAsync();
        await Assertions.Expect(governor.GetByRole(AriaRole.Heading, new() { Name = "Changes to confirm", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(governor.GetByText("Asked for by Alex Morgan on 24 November 2026 at 09:30.")).ToBeVisibleAsync();
        await governor.AssertNoViolationsAsync();
        await governor.GetByRole(AriaRole.Main).ScreenshotForGuideAsync("governors-changes-to-confirm");
        await governor.GetByRole(AriaRole.Button, new() { Name = "Confirm this change: Add Kim Lowe as Governor" }).ClickAsync();
        await Assertions.Expect(governor.GetByRole(AriaRole.Status)).ToContainTextAsync("Confirmed and made: Add Kim Lowe (kim.lowe@example.org) as Governor.");
        await Assertions.Expect(governor.GetByText("There is nothing to confirm.")).ToBeVisibleAsync();
        await governor.AssertNoViolationsAsync();

        // The invitation goes now, in the Principal's name; both governors, and the Principal, are told.
        var decided = (await SendEmailsAsync()).Where(m => !asked.Any(a => a.MessageId == m.MessageId)).ToList();
        var invitation = Assert.Single(decided, m => Address(m) == "kim.lowe@example.org");
        Assert.Contains("Alex Morgan has added you to PolicyPortal", invitation.TextBody, StringComparison.Ordinal);
        Assert.Equal(
            [chair.Email, DemoAccounts.Governor.Email, DemoAccounts.Principal.Email],
            decided.Where(m => m.Subject == "PolicyPortal: Robin Hughes confirmed adding Kim Lowe as Governor").Select(Address).Order(StringComparer.Ordinal));

        // The Principal's audit of accounts: asked by the Principal, confirmed by the governor.
        await principal.GotoAsync("/people/audit");
        var kim = principal.GetByRole(AriaRole.Row).Filter(new() { HasText = "Kim Lowe" });
        await Assertions.Expect(kim.Filter(new() { HasText = "Change confirmed by a governor" })).ToContainTextAsync("Robin Hughes");
        await Assertions.Expect(kim.Filter(new() { HasText = "Change asked, waiting for a governor" })).ToContainTextAsync("Alex Morgan");
        await principal.AssertNoViolationsAsync();
    }

    [Fact]
    public async Task The_principal_cannot_rename_themself_or_mark_a_governor_as_left_alone_and_can_withdraw_what_they_asked()
    {
        var principal = await portal.SignedInPageAsync(DemoAccounts.Principal);
        await principal.GetByRole(AriaRole.Link, new() { Name = "People", Exact = true }).ClickAsync();
        await principal.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = DemoAccounts.Principal.FullName }).ClickAsync();
        await principal.GetByRole(AriaRole.Link, new() { Name = "Change details, email, roles or groups" }).ClickAsync();
        await principal.GetByLabel("Full name").FillAsync("Alexandra Morgan");
        await principal.GetByRole(AriaRole.Button, new() { Name = "Save the changes" }).ClickAsync();

        await Assertions.Expect(principal.GetByRole(AriaRole.Status)).ToContainTextAsync("Nothing has changed yet: a governor must confirm");
        await Assertions.Expect(principal.GetByRole(AriaRole.Heading, new() { Name = "Alex Morgan", Level = 1 })).ToBeVisibleAsync();
        var waiting = principal.GetByRole(AriaRole.Region, new() { Name = "Waiting for a governor: Change Alex Morgan's account" });
        await Assertions.Expect(waiting.GetByRole(AriaRole.Row, new() { Name = "Name" })).ToContainTextAsync("Alexandra Morgan");
        await principal.AssertNoViolationsAsync();
        await waiting.ScreenshotForGuideAsync("people-own-change-waiting");
        await waiting.GetByRole(AriaRole.Button, new() { Name = "Withdraw this change" }).ClickAsync();
        await Assertions.Expect(principal.GetByRole(AriaRole.Status)).ToContainTextAsync("Withdrawn: Change Alex Morgan's account: Name: Alex Morgan → Alexandra Morgan. Nothing of it was made.");
        await Assertions.Expect(principal.GetByRole(AriaRole.Row).Filter(new() { HasText = "Change withdrawn" })).ToHaveCountAsync(1);

        await principal.GotoAsync("/people");
        await principal.GetByRole(AriaRole.Link, new() { Name = DemoAccounts.Governor.FullName }).ClickAsync();
        await principal.GetByRole(AriaRole.Link, new() { Name = "Mark as left" }).ClickAsync();
        await Assertions.Expect(principal.GetByText("a governor must confirm it, and they leave only then.", new() { Exact = false })).ToBeVisibleAsync();
        await principal.AssertNoViolationsAsync();
        await principal.GetByRole(AriaRole.Button, new() { Name = "Yes, mark as left" }).ClickAsync();
        await Assertions.Expect(principal.GetByRole(AriaRole.Status)).ToContainTextAsync("They have not left yet: a governor must confirm marking a governor or a Principal as left.");
        await Assertions.Expect(principal.Locator(".policy__kicker")).ToContainTextAsync("Active");
        await Assertions.Expect(principal.GetByRole(AriaRole.Region, new() { Name = "Waiting for a governor: Mark Robin Hughes as left" })).ToBeVisibleAsync();
        await principal.AssertNoViolationsAsync();
    }

    private async Task<IReadOnlyList<MimeMessage>> SendEmailsAsync()
    {
        await portal.App.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync();
        return [.. Directory.GetFiles(portal.App.MailPickupDirectory, "*.eml").Order(StringComparer.Ordinal).Select(f => MimeMessage.Load(f))];
    }

    private static string Address(MimeMessage message) => message.To.Mailboxes.Single().Address;
}
