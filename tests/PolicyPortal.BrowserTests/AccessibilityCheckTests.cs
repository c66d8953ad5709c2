namespace PolicyPortal.BrowserTests;

/// <summary>The page check every journey makes (<see cref="Accessibility.AssertNoViolationsAsync"/>) fails a page that breaks a WCAG rule.</summary>
public sealed class AccessibilityCheckTests(PortalInBrowser portal) : IClassFixture<PortalInBrowser>, IAsyncLifetime
{
    public Task InitializeAsync() => portal.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_image_without_alternative_text_fails_the_page_check_naming_the_rule_and_the_element()
    {
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/account/sign-in");
        await page.AssertNoViolationsAsync();

        await page.EvaluateAsync("() => { const img = document.createElement('img'); img.id = 'no-alt'; img.src = '/css/site.css'; document.querySelector('main').appendChild(img); }");

        var failure = await Assert.ThrowsAnyAsync<Xunit.Sdk.XunitException>(page.AssertNoViolationsAsync);
        Assert.Contains("image-alt", failure.Message, StringComparison.Ordinal);
        Assert.Contains("#no-alt", failure.Message, StringComparison.Ordinal);
    }
}
