using System.Net;
using PolicyPortal.Testing;
using PolicyPortal.Web.Data.Seeding;

namespace PolicyPortal.FunctionalTests.Security;

/// <summary>
/// Outside Development the portal works over HTTPS only: its cookies are Secure. A request that reaches it over plain
/// HTTP, as from a proxy left without forwarded headers, gets a page saying so, not a server error.
/// </summary>
public sealed class PlainHttpTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    private const string HttpsPage = "<title>Use the portal&#x27;s https:// address – PolicyPortal</title>";

    [Fact]
    public async Task A_page_or_a_form_sent_over_plain_HTTP_gets_the_use_HTTPS_page_and_nobody_is_signed_in()
    {
        var overHttp = app.CreateDefaultClient(new Uri("http://localhost"));

        // What a proxy passes on from a signed-in browser: the sign-in cookie, which the portal does not read over HTTP.
        using var page = new HttpRequestMessage(HttpMethod.Get, "/");
        page.Headers.Add("Cookie", $"{PortalClient.AuthCookieName}={await app.SignInCookieAsync(DemoAccounts.Teacher)}");
        var pageResponse = await overHttp.SendAsync(page);
        var form = await overHttp.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = DemoAccounts.Teacher.Email,
            ["Password"] = DemoAccounts.Password,
        }));

        foreach (var response in new[] { pageResponse, form })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var text = await response.Content.ReadAsStringAsync();
            Assert.Contains(HttpsPage, text, StringComparison.Ordinal);
            Assert.Contains("ASPNETCORE_FORWARDEDHEADERS_ENABLED", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Signed in as", text, StringComparison.Ordinal);
            Assert.False(response.Headers.Contains("Set-Cookie"));
        }
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/css/site.css")]
    public async Task Load_balancer_probes_and_static_files_still_answer_over_plain_HTTP(string url)
    {
        var response = await app.CreateDefaultClient(new Uri("http://localhost")).GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Behind_a_proxy_that_says_the_visitor_used_HTTPS_plain_HTTP_to_the_portal_works()
    {
        using var behindProxy = new PortalApplication { Settings = new Dictionary<string, string> { ["ForwardedHeaders_Enabled"] = "true" } };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/account/sign-in");
        request.Headers.Add("X-Forwarded-Proto", "https");

        var response = await behindProxy.CreateDefaultClient(new Uri("http://localhost")).SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<form", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
