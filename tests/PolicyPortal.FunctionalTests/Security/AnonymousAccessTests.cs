using System.Net;
using PolicyPortal.Testing;

namespace PolicyPortal.FunctionalTests.Security;

public sealed class AnonymousAccessTests(PortalApplication app) : IClassFixture<PortalApplication>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("/")]
    [InlineData("/policies")]
    [InlineData("/policies/personal-use-of-social-media")]
    [InlineData("/policies/no-such-policy")]
    [InlineData("/acknowledgements/1")]
    [InlineData("/no-such-page")]
    public async Task Anonymous_visitors_are_sent_to_sign_in_from_every_page(string url)
    {
        var response = await app.Anonymous().GetAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/account/sign-in?ReturnUrl={Uri.EscapeDataString(url)}", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task Anonymous_posts_are_sent_to_sign_in_and_record_nothing()
    {
        var response = await app.Anonymous().PostAsync(SeedPolicy.SignUrl, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["RevisionId"] = "1",
            ["Confirmed"] = "true",
            ["SignatureName"] = "Sam Taylor",
        }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/sign-in", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/account/sign-in")]
    [InlineData("/css/site.css")]
    public async Task The_sign_in_page_and_its_stylesheet_are_open_to_all(string url)
    {
        var response = await app.Anonymous().GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/account/register")]
    [InlineData("/Identity/Account/Register")]
    public async Task There_is_no_self_registration(string url)
    {
        var client = await app.SignedInAsync(Web.Data.Seeding.DemoAccounts.Support);

        var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Every_response_carries_the_security_headers()
    {
        var response = await app.Anonymous().GetAsync("/account/sign-in");

        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Theory]
    [InlineData("/account/sign-in")]
    [InlineData("/policies")]
    [InlineData("/no-such-page")]
    [InlineData("/css/site.css")]
    public async Task Every_response_has_a_strict_policy_with_a_fresh_nonce_and_never_unsafe_inline(string url)
    {
        var client = app.Anonymous();

        var policies = new[] { await client.GetAsync(url), await client.GetAsync(url) }
            .Select(r => r.Headers.GetValues("Content-Security-Policy").Single())
            .ToList();

        Assert.All(policies, policy =>
        {
            Assert.Matches("script-src 'self' 'nonce-[A-Za-z0-9+/]{22}=='", policy);
            Assert.Contains("object-src 'none'", policy, StringComparison.Ordinal);
            Assert.Contains("base-uri 'none'", policy, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        });
        Assert.NotEqual(policies[0], policies[1]);
    }

    [Fact]
    public async Task Https_responses_tell_browsers_to_use_https_for_a_year_on_the_portal_and_any_host_below_it()
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://portal.school.example"), AllowAutoRedirect = false });

        var response = await client.GetAsync("/account/sign-in");

        Assert.Equal("max-age=31536000; includeSubDomains", response.Headers.GetValues("Strict-Transport-Security").Single());
    }
}
