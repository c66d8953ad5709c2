namespace PolicyPortal.BrowserTests;

public sealed class ContentSecurityPolicyTests(PortalInBrowser portal) : IClassFixture<PortalInBrowser>, IAsyncLifetime
{
    public Task InitializeAsync() => portal.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_inline_script_without_the_nonce_is_blocked_and_fails_the_page_check()
    {
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/account/sign-in");
        await page.AssertNoViolationsAsync();

        var report = await page.RunAndWaitForConsoleMessageAsync(
            () => page.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'document.title = \"injected\"'; document.body.appendChild(s); }"),
            new() { Predicate = m => m.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase) });

        Assert.NotEqual("injected", await page.TitleAsync());
        Assert.Contains("script-src", report.Text, StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<Xunit.Sdk.XunitException>(page.AssertNoViolationsAsync);
    }
}
