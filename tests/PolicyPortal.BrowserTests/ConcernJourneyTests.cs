using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MimeKit;
using PolicyPortal.Web.Data.Seeding;
using PolicyPortal.Web.Services.Email;

namespace PolicyPortal.BrowserTests;

public sealed class ConcernJourneyTests(PortalInBrowser portal) : IClassFixture<PortalInBrowser>, IAsyncLifetime
{
    public Task InitializeAsync() => portal.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_teacher_reports_a_concern_and_the_principal_reviews_and_closes_it_with_an_outcome_the_teacher_sees()
    {
        var teacher = await portal.SignedInPageAsync(DemoAccounts.Teacher);
        await teacher.GetByRole(AriaRole.Link, new() { Name = "Concerns", Exact = true }).ClickAsync();
        await Assertions.Expect(teacher.GetByRole(AriaRole.Heading, new() { Name = "Concerns", Exact = true })).ToBeVisibleAsync();
        await teacher.AssertNoViolationsAsync();
        await teacher.GetByRole(AriaRole.Link, new() { Name = "Report a concern" }).ClickAsync();
        await teacher.AssertNoViolationsAsync();

        // Sent with nothing filled in: refused, each field named.
        await teacher.GetByRole(AriaRole.Button, new() { Name = "Send the concern" }).ClickAsync();
        await Assertions.Expect(teacher.GetByRole(AriaRole.Alert)).ToContainTextAsync("Say what you saw.");
        await Assertions.Expect(teacher.GetByRole(AriaRole.Alert)).ToContainTextAsync("Enter the date you saw it.");
        await Assertions.Expect(teacher.GetByRole(AriaRole.Alert)).ToContainTextAsync("Say who it concerns.");
        await teacher.AssertNoViolationsAsync();

        await teacher.GetByLabel("What you saw").FillAsync("A public post with a photo of Year 9 students on the geography trip.");
        await teacher.GetByLabel("Where you saw it (optional)").FillAsync("https://x.com/someone/status/1860000000");
        await teacher.GetByLabel("The date you saw it").FillAsync("2026-11-20");
        await teacher.GetByLabel("Who it concerns").FillAsync("Jo Patel");
        await teacher.GetByLabel("Which part of the policy it relates to (optional)").SelectOptionAsync(new SelectOptionValue { Label = "Employee Responsibility" });
        await teacher.ScreenshotForGuideAsync("concern-report");
        await teacher.GetByRole(AriaRole.Button, new() { Name = "Send the concern" }).ClickAsync();
        await Assertions.Expect(teacher.GetByRole(AriaRole.Status)).ToContainTextAsync("Your concern is sent to the Principal.");
        await Assertions.Expect(teacher.Locator(".details--receipt")).ToContainTextAsync("Received");
        await teacher.AssertNoViolationsAsync();
        var concernUrl = teacher.Url;

        // The Principal finds it in the queue, opens it, starts the review and closes it.
        var principal = await portal.SignedInPageAsync(DemoAccounts.Principal);
        // The menu counts it: one concern to handle.
        await principal.GetByRole(AriaRole.Link, new() { Name = "Concerns 1 to do", Exact = true }).ClickAsync();
        await principal.AssertNoViolationsAsync();
        var row = principal.GetByRole(AriaRole.Table, new() { Name = "Concerns to handle, waiting ones first" }).GetByRole(AriaRole.Row).Filter(new() { HasText = "Jo Patel" });
        await Assertions.Expect(row).ToContainTextAsync("Received");
        await row.GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(principal.Locator(".details--receipt")).ToContainTextAsync("A public post with a photo of Year 9 students");
        await principal.AssertNoViolationsAsync();
        await principal.GetByRole(AriaRole.Button, new() { Name = "Start the review" }).ClickAsync();
        await Assertions.Expect(principal.GetByRole(AriaRole.Status)).ToContainTextAsync("The concern is under review.");
        await principal.AssertNoViolationsAsync();

        await principal.GetByRole(AriaRole.Button, new() { Name = "Close the concern" }).ClickAsync();
        await Assertions.Expect(principal.GetByRole(AriaRole.Alert)).ToContainTextAsync("Write the outcome before closing the concern.");
        await principal.AssertNoViolationsAsync();
        await principal.GetByLabel("Outcome").FillAsync("The post was taken down and advice given.");
        await principal.ScreenshotForGuideAsync("concern-handle");
        await principal.GetByRole(AriaRole.Button, new() { Name = "Close the concern" }).ClickAsync();
        await Assertions.Expect(principal.GetByRole(AriaRole.Status)).ToContainTextAsync("The concern is closed");
        var timeline = principal.GetByRole(AriaRole.Table, new() { Name = "Everything that happened to this concern, including each time it was viewed, oldest first" });
        await Assertions.Expect(timeline.GetByRole(AriaRole.Row).Filter(new() { HasText = "Viewed the concern." }).First).ToContainTextAsync("Alex Morgan");
        await Assertions.Expect(timeline).ToContainTextAsync("Closed the concern. Outcome: The post was taken down and advice given.");
        await principal.AssertNoViolationsAsync();

        // The teacher is emailed a link, which shows the outcome.
        await portal.App.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync();
        var email = Directory.GetFiles(portal.App.MailPickupDirectory, "*.eml").Select(f => MimeMessage.Load(f)).Single(m => m.To.Mailboxes.Single().Address == DemoAccounts.Teacher.Email);
        var link = Regex.Match(email.TextBody ?? string.Empty, @"https://portal\.school\.example(/concerns/[0-9a-f]{32})").Groups[1].Value;
        Assert.EndsWith(link, concernUrl, StringComparison.Ordinal);
        await teacher.GotoAsync(link);
        await Assertions.Expect(teacher.Locator(".details--receipt")).ToContainTextAsync("The post was taken down and advice given.");
        await Assertions.Expect(teacher.GetByRole(AriaRole.Heading, new() { Name = "Timeline" })).ToHaveCountAsync(0);
        await teacher.AssertNoViolationsAsync();

        // Anyone else is told there is no such concern.
        var support = await portal.SignedInPageAsync(DemoAccounts.Support);
        var response = await support.GotoAsync(link);
        Assert.Equal(404, response!.Status);
        await support.AssertNoViolationsAsync();
    }

    [Fact]
    public async Task A_teacher_reports_a_concern_about_the_principal_with_the_keyboard_alone()
    {
        var teacher = await portal.SignedInPageAsync(DemoAccounts.Teacher);
        await Keyboard.TabToAsync(teacher, teacher.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Concerns", Exact = true }));
        await teacher.Keyboard.PressAsync("Enter");
        await Keyboard.TabToAsync(teacher, teacher.GetByRole(AriaRole.Link, new() { Name = "Report a concern" }));
        await teacher.Keyboard.PressAsync("Enter");

        // Each field in turn: Tab to it, type; Space ticks; the arrow keys choose; Enter sends.
        await Keyboard.TabToAsync(teacher, teacher.GetByLabel("What you saw"));
        await teacher.Keyboard.TypeAsync("A post mocking a student by name.");
        // Headless Chromium lays out a date field month first, whatever the page's locale.
        await Keyboard.TabToAsync(teacher, teacher.GetByLabel("The date you saw it"));
        await teacher.Keyboard.TypeAsync("11202026");
        await Assertions.Expect(teacher.GetByLabel("The date you saw it")).ToHaveValueAsync("2026-11-20");
        await Keyboard.TabToAsync(teacher, teacher.GetByLabel("Who it concerns"));
        await teacher.Keyboard.TypeAsync("Alex Morgan");
        await teacher.Keyboard.PressAsync("Tab");
        await Assertions.Expect(teacher.GetByLabel("This concerns the Principal")).ToBeFocusedAsync();
        await teacher.Keyboard.PressAsync("Space");
        await Keyboard.TabToAsync(teacher, teacher.GetByLabel("Which part of the policy it relates to (optional)"));
        await teacher.Keyboard.PressAsync("ArrowDown");
        await Keyboard.TabToAsync(teacher, teacher.GetByRole(AriaRole.Button, new() { Name = "Send the concern" }));
        await teacher.Keyboard.PressAsync("Enter");

        await Assertions.Expect(teacher.GetByRole(AriaRole.Status)).ToContainTextAsync("Your concern is sent to the governors");
        await Assertions.Expect(teacher.Locator(".details--receipt")).ToContainTextAsync("20 November 2026");
        await teacher.AssertNoViolationsAsync();
    }
}
