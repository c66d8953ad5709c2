using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MimeKit;
using PolicyPortal.Web.Data.Seeding;
using PolicyPortal.Web.Services.Email;

namespace PolicyPortal.BrowserTests;

public sealed class PresenceJourneyTests(PortalInBrowser portal) : IClassFixture<PortalInBrowser>, IAsyncLifetime
{
    public Task InitializeAsync() => portal.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_teacher_asks_for_an_endorsed_account_the_principal_asks_for_changes_then_approves_it_and_it_is_on_the_register()
    {
        var teacher = await portal.SignedInPageAsync(DemoAccounts.Teacher);
        await teacher.GetByRole(AriaRole.Link, new() { Name = "Social media", Exact = true }).ClickAsync();
        await Assertions.Expect(teacher.GetByRole(AriaRole.Heading, new() { Name = "My social media requests" })).ToBeVisibleAsync();
        await teacher.AssertNoViolationsAsync();
        await teacher.GetByRole(AriaRole.Link, new() { Name = "Ask for approval of a presence" }).ClickAsync();
        await teacher.AssertNoViolationsAsync();

        // Sent without the policy's conditions: refused, each named.
        await teacher.GetByLabel("Account name or handle").FillAsync("@KE7Geography");
        await teacher.GetByLabel("Its web address").FillAsync("https://x.com/KE7Geography");
        await teacher.GetByLabel("What it is for").FillAsync("Sharing revision resources.");
        await teacher.GetByLabel("Students", new() { Exact = true }).CheckAsync();
        await teacher.GetByRole(AriaRole.Button, new() { Name = "Send the request" }).ClickAsync();
        await Assertions.Expect(teacher.GetByRole(AriaRole.Alert).Last).ToContainTextAsync("Confirm that students are not followed back.");
        await teacher.AssertNoViolationsAsync();

        await teacher.GetByLabel("It is kept entirely separate from any personal presence", new() { Exact = false }).CheckAsync();
        await teacher.GetByLabel("Students are not followed back", new() { Exact = false }).CheckAsync();
        await teacher.ScreenshotForGuideAsync("presence-request");
        await teacher.GetByRole(AriaRole.Button, new() { Name = "Send the request" }).ClickAsync();
        await Assertions.Expect(teacher.GetByRole(AriaRole.Status)).ToContainTextAsync("Your request is sent to the Principal.");
        await teacher.AssertNoViolationsAsync();
        var requestUrl = teacher.Url;

        // The Principal asks for changes.
        var principal = await portal.SignedInPageAsync(DemoAccounts.Principal);
        await principal.GetByRole(AriaRole.Link, new() { Name = "Requests to decide" }).ClickAsync();
        await principal.AssertNoViolationsAsync();
        await principal.GetByRole(AriaRole.Link, new() { Name = "@KE7Geography" }).ClickAsync();
        await principal.AssertNoViolationsAsync();
        await principal.GetByLabel("Conditions (if approving), what to change, or the reason for declining").FillAsync("Say which year groups it is for.");
        await principal.GetByRole(AriaRole.Button, new() { Name = "Ask for changes" }).ClickAsync();
        await Assertions.Expect(principal.GetByRole(AriaRole.Status)).ToContainTextAsync("back with the requester");

        // The teacher changes it and sends it again.
        await teacher.GotoAsync(requestUrl);
        await Assertions.Expect(teacher.Locator(".details--receipt")).ToContainTextAsync("Say which year groups it is for.");
        await teacher.GetByRole(AriaRole.Link, new() { Name = "Change the request" }).ClickAsync();
        await teacher.GetByLabel("What it is for").FillAsync("Sharing revision resources with Years 10 and 11.");
        await teacher.GetByRole(AriaRole.Button, new() { Name = "Save the changes" }).ClickAsync();
        await teacher.GetByRole(AriaRole.Button, new() { Name = "Send the request again" }).ClickAsync();
        await Assertions.Expect(teacher.GetByRole(AriaRole.Status)).ToContainTextAsync("Your request is sent again.");

        // The Principal approves with a condition; it is on the register for everyone.
        await principal.GotoAsync(requestUrl);
        await principal.GetByLabel("Conditions (if approving), what to change, or the reason for declining").FillAsync("Post only during school hours.");
        await principal.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Assertions.Expect(principal.GetByRole(AriaRole.Status)).ToContainTextAsync("approved and on the register");
        await Assertions.Expect(principal.GetByRole(AriaRole.Table, new() { Name = "Everything that happened to this request, oldest first" }).GetByRole(AriaRole.Row)).ToHaveCountAsync(6);
        await principal.AssertNoViolationsAsync();
        await principal.ScreenshotForGuideAsync("presence-decided");

        // Each step's email is in the pickup folder, and its link opens the request.
        Assert.Equal(4, await portal.App.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync());
        var emails = Directory.GetFiles(portal.App.MailPickupDirectory, "*.eml").Select(f => MimeMessage.Load(f)).ToList();
        Assert.Equal(
            [
                ("principal@example.org", "Social media request to decide: X (Twitter) @KE7Geography (Sam Taylor)"),
                ("teacher@example.org", "Your social media request: changes requested (X (Twitter) @KE7Geography)"),
                ("principal@example.org", "Social media request sent again: X (Twitter) @KE7Geography (Sam Taylor)"),
                ("teacher@example.org", "Your social media request: approved (X (Twitter) @KE7Geography)"),
            ],
            emails.OrderBy(m => m.Date).ThenBy(m => m.MessageId, StringComparer.Ordinal).Select(m => (m.To.Mailboxes.Single().Address, m.Subject)));
        var link = Regex.Match(emails.Single(m => m.Subject!.Contains("approved", StringComparison.Ordinal)).TextBody ?? string.Empty, @"https://portal\.school\.example(/presences/[0-9]+)").Groups[1].Value;
        await teacher.GotoAsync(link);
        await Assertions.Expect(teacher.Locator(".policy__kicker")).ToContainTextAsync("Approved");
        await teacher.AssertNoViolationsAsync();

        var support = await portal.SignedInPageAsync(DemoAccounts.Support);
        await support.GotoAsync("/presences/register");
        await Assertions.Expect(support.GetByRole(AriaRole.Row, new() { Name = "@KE7Geography" })).ToContainTextAsync("Sam Taylor");
        await support.AssertNoViolationsAsync();
        await support.ScreenshotForGuideAsync("presence-register");
        var response = await support.GotoAsync(requestUrl);
        Assert.Equal(404, response!.Status);
        await Assertions.Expect(support).ToHaveURLAsync(new Regex("/presences/[0-9]+$"));
    }
}
