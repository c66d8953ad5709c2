using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MimeKit;
using PolicyPortal.Web.Data.Seeding;
using PolicyPortal.Web.Services.Email;

namespace PolicyPortal.BrowserTests;

public sealed class PasswordResetJourneyTests(PortalInBrowser portal) : IClassFixture<PortalInBrowser>, IAsyncLifetime
{
    public Task InitializeAsync() => portal.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_teaching_assistant_who_forgot_their_password_chooses_a_new_one_from_the_email_signs_in_and_later_changes_it()
    {
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/account/sign-in");
        await page.GetByRole(AriaRole.Link, new() { Name = "Forgotten your password?" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Forgotten your password?" })).ToBeVisibleAsync();
        await page.AssertNoViolationsAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Email me a link" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Enter your email address.");
        await page.AssertNoViolationsAsync();
        await page.GetByLabel("Email address").FillAsync(DemoAccounts.Support.Email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Email me a link" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("we have emailed it a link to choose a new password");
        await page.AssertNoViolationsAsync();
        await page.ScreenshotForGuideAsync("account-forgotten-password");

        await portal.App.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync();
        var email = Directory.GetFiles(portal.App.MailPickupDirectory, "*.eml").Select(f => MimeMessage.Load(f)).Single(m => m.Subject == "PolicyPortal: choose a new password");
        var link = Regex.Match(email.TextBody ?? string.Empty, @"https://portal\.school\.example(/account/reset-password\S+)").Groups[1].Value;
        await page.GotoAsync(link);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Choose a new password" })).ToBeVisibleAsync();
        await page.AssertNoViolationsAsync();
        await page.GetByLabel("New password").FillAsync("a quiet lane of apple trees");
        await page.GetByLabel("The same password again").FillAsync("a quiet lane of apple trees");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change my password" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your new password is set");
        await page.AssertNoViolationsAsync();

        await page.GetByLabel("Email address").FillAsync(DemoAccounts.Support.Email);
        await page.GetByLabel("Password").FillAsync("a quiet lane of apple trees");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My policies" })).ToBeVisibleAsync();

        // Signed in, they change it again from My account, getting the current one wrong first.
        await page.GotoAsync("/account");
        await page.GetByRole(AriaRole.Link, new() { Name = "Change your password" }).ClickAsync();
        await page.AssertNoViolationsAsync();
        await page.GetByLabel("Current password").FillAsync("not what it is");
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync("seven swans on a grey lake");
        await page.GetByLabel("The new password again").FillAsync("seven swans on a grey lake");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change my password" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Your current password is not right.");
        await page.AssertNoViolationsAsync();
        await page.GetByLabel("Current password").FillAsync("a quiet lane of apple trees");
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync("seven swans on a grey lake");
        await page.GetByLabel("The new password again").FillAsync("seven swans on a grey lake");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change my password" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your password is changed.");
        await page.AssertNoViolationsAsync();

        await page.GotoAsync(link);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "This link no longer works" })).ToBeVisibleAsync();
        await page.AssertNoViolationsAsync();
    }
}
