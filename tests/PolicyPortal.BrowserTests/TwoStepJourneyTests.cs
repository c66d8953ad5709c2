using Microsoft.Playwright;
using PolicyPortal.Testing;
using PolicyPortal.Web.Data.Seeding;

namespace PolicyPortal.BrowserTests;

public sealed class TwoStepJourneyTests(PortalInBrowser portal) : IClassFixture<PortalInBrowser>, IAsyncLifetime
{
    public Task InitializeAsync() => portal.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_teacher_sets_up_two_step_sign_in_with_an_authenticator_app_and_then_signs_in_with_its_code()
    {
        var page = await portal.SignedInPageAsync(DemoAccounts.Teacher);
        await page.GotoAsync("/account");
        await page.GetByRole(AriaRole.Link, new() { Name = "Set up two-step sign-in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Set up two-step sign-in" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Img, new() { Name = "QR code of the key below" })).ToBeVisibleAsync();
        await page.AssertNoViolationsAsync();
        var key = await page.Locator("code.key").InnerTextAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on two-step sign-in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Enter the 6-digit code your authenticator app shows.");
        await page.AssertNoViolationsAsync();
        await page.GetByLabel("Code from your app").FillAsync(Authenticator.CodeAt(key, portal.App.Clock.GetUtcNow()));
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on two-step sign-in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your recovery codes" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".recovery-codes li")).ToHaveCountAsync(10);
        await page.AssertNoViolationsAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.GetByLabel("Email address").FillAsync(DemoAccounts.Teacher.Email);
        await page.GetByLabel("Password").FillAsync(DemoAccounts.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Two-step sign-in" })).ToBeVisibleAsync();
        await page.AssertNoViolationsAsync();

        // The code already used to set it up is refused; the next one, half a minute later, is taken. On a phone.
        await page.SetViewportSizeAsync(360, 740);
        await page.GetByLabel("Code", new() { Exact = true }).FillAsync(Authenticator.CodeAt(key, portal.App.Clock.GetUtcNow()));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("That code is not right, or has been used already.");
        await page.AssertNoViolationsAsync();
        var (width, screen) = await page.WidthsAsync();
        Assert.True(width <= screen, $"The second step is {width} pixels wide on a screen of {screen}.");

        portal.App.Clock.Advance(TimeSpan.FromSeconds(30));
        await page.GetByLabel("Code", new() { Exact = true }).FillAsync(Authenticator.CodeAt(key, portal.App.Clock.GetUtcNow()));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My policies" })).ToBeVisibleAsync();
    }
}
