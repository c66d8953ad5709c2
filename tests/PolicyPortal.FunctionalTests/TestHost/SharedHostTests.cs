using System.Net;
using Microsoft.EntityFrameworkCore;
using PolicyPortal.FunctionalTests.Signing;
using PolicyPortal.Testing;
using PolicyPortal.Web.Data.Seeding;

namespace PolicyPortal.FunctionalTests.TestHost;

/// <summary>
/// What the shared test hosts rely on: every host starts from the same template database and a reset puts it back, so a
/// reset leaves nothing of the test before it, and a demo account's sign-in cookie stays good after a reset and on any
/// other host (the same accounts, security stamps and data protection keys).
/// </summary>
public sealed class SharedHostTests(PortalApplication app) : IClassFixture<PortalApplication>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_sign_in_cookie_is_good_after_a_reset_and_on_another_host_and_the_reset_undoes_what_the_test_did()
    {
        var cookie = await app.SignInCookieAsync(DemoAccounts.Teacher);
        await SigningForm.SignAsync(await app.SignedInAsync(DemoAccounts.Teacher), "Sam Taylor");
        app.Clock.Advance(TimeSpan.FromMinutes(5));

        await app.ResetAsync();
        using var other = new PortalApplication();

        foreach (var host in new[] { app, other })
        {
            // Past the minute after which the cookie is checked against the account's security stamp.
            host.Clock.Advance(TimeSpan.FromSeconds(61));
            var home = await GetWithCookieAsync(host, cookie, "/");

            Assert.Equal(HttpStatusCode.OK, home.StatusCode);
            Assert.Contains("Sam Taylor", await home.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Contains("You have 1 policy to sign.", await home.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(0, await host.WithDatabaseAsync(db => db.Acknowledgements.CountAsync()));
        }
    }

    private static async Task<HttpResponseMessage> GetWithCookieAsync(PortalApplication host, string cookie, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Cookie", $"{PortalClient.AuthCookieName}={cookie}");
        return await host.Anonymous().SendAsync(request);
    }
}
