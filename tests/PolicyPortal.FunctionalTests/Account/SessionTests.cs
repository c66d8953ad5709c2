using System.Net;
using PolicyPortal.FunctionalTests.People;
using PolicyPortal.Testing;
using PolicyPortal.Web.Data.Seeding;

using static PolicyPortal.FunctionalTests.Account.AccountSteps;

namespace PolicyPortal.FunctionalTests.Account;

public sealed class SessionTests(PortalApplication app) : IClassFixture<PortalApplication>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private const string AuthCookieName = "__Host-PolicyPortal.Auth";

    [Fact]
    public async Task The_sign_in_cookie_is_host_only_secure_and_hidden_from_scripts()
    {

        var response = await SignInAsync(app.Anonymous(), DemoAccounts.Teacher.Email, DemoAccounts.Password);

        var setCookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(AuthCookieName + "=", StringComparison.Ordinal));
        var attributes = setCookie.Split(';', StringSplitOptions.TrimEntries).Skip(1).Select(a => a.ToLowerInvariant()).ToList();
        Assert.Contains("secure", attributes);
        Assert.Contains("httponly", attributes);
        Assert.Contains("samesite=lax", attributes);
        Assert.Contains("path=/", attributes);
        Assert.DoesNotContain(attributes, a => a.StartsWith("domain", StringComparison.Ordinal));
        Assert.DoesNotContain(attributes, a => a.StartsWith("expires", StringComparison.Ordinal) || a.StartsWith("max-age", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_antiforgery_cookie_is_host_only_and_secure()
    {

        var page = await app.Anonymous().GetAsync("/account/sign-in");

        var setCookie = Assert.Single(page.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-PolicyPortal.Antiforgery=", StringComparison.Ordinal));
        Assert.Contains("; secure", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; path=/", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", setCookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_session_used_now_and_then_stays_open_but_ends_after_31_idle_minutes()
    {
        var teacher = await app.SignedInThroughTheFormAsync(DemoAccounts.Teacher);

        app.Clock.Advance(TimeSpan.FromMinutes(20));
        var after20 = await teacher.GetAsync("/");
        app.Clock.Advance(TimeSpan.FromMinutes(20));
        var after40 = await teacher.GetAsync("/");
        app.Clock.Advance(TimeSpan.FromMinutes(31));
        var idle = await teacher.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, after20.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after40.StatusCode);
        AssertSentToSignIn(idle);
    }

    [Fact]
    public async Task The_idle_timeout_comes_from_settings()
    {
        using var tenMinutes = new PortalApplication { Settings = new Dictionary<string, string> { ["Auth:IdleTimeoutMinutes"] = "10" } };
        var teacher = await tenMinutes.SignedInThroughTheFormAsync(DemoAccounts.Teacher);

        tenMinutes.Clock.Advance(TimeSpan.FromMinutes(11));

        AssertSentToSignIn(await teacher.GetAsync("/"));
    }

    [Fact]
    public async Task A_session_in_constant_use_still_ends_12_hours_after_signing_in()
    {
        var teacher = await app.SignedInThroughTheFormAsync(DemoAccounts.Teacher);

        for (var elapsed = TimeSpan.FromMinutes(20); elapsed < TimeSpan.FromHours(12); elapsed += TimeSpan.FromMinutes(20))
        {
            app.Clock.Advance(TimeSpan.FromMinutes(20));
            Assert.Equal(HttpStatusCode.OK, (await teacher.GetAsync("/")).StatusCode);
        }

        app.Clock.Advance(TimeSpan.FromMinutes(20));
        AssertSentToSignIn(await teacher.GetAsync("/"));
        await app.SignedInThroughTheFormAsync(DemoAccounts.Teacher);
    }

    [Fact]
    public async Task The_absolute_lifetime_comes_from_settings()
    {
        using var oneHour = new PortalApplication { Settings = new Dictionary<string, string> { ["Auth:AbsoluteLifetimeHours"] = "1" } };
        var teacher = await oneHour.SignedInThroughTheFormAsync(DemoAccounts.Teacher);

        oneHour.Clock.Advance(TimeSpan.FromMinutes(25));
        var inTime = await teacher.GetAsync("/");
        oneHour.Clock.Advance(TimeSpan.FromMinutes(25));
        var stillInTime = await teacher.GetAsync("/");
        oneHour.Clock.Advance(TimeSpan.FromMinutes(11));
        var tooLate = await teacher.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, inTime.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stillInTime.StatusCode);
        AssertSentToSignIn(tooLate);
    }

    [Fact]
    public async Task A_tampered_cookie_is_refused()
    {
        var cookie = AuthCookie(await SignInAsync(app.Anonymous(), DemoAccounts.Teacher.Email, DemoAccounts.Password));
        var middle = cookie.Length / 2;
        var tampered = cookie[..middle] + (cookie[middle] == 'A' ? 'B' : 'A') + cookie[(middle + 1)..];

        var genuine = await GetWithCookieAsync(app, cookie, "/");
        var refused = await GetWithCookieAsync(app, tampered, "/");

        Assert.Equal(HttpStatusCode.OK, genuine.StatusCode);
        AssertSentToSignIn(refused);
    }

    [Fact]
    public async Task After_signing_out_a_copy_of_the_old_cookie_stops_working()
    {
        var teacher = app.Anonymous();
        var copy = AuthCookie(await SignInAsync(teacher, DemoAccounts.Teacher.Email, DemoAccounts.Password));
        Assert.Equal(HttpStatusCode.OK, (await GetWithCookieAsync(app, copy, "/")).StatusCode);

        await teacher.PostFormAsync("/", "/account/sign-out", []);
        app.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));

        AssertSentToSignIn(await GetWithCookieAsync(app, copy, "/"));
    }

    [Fact]
    public async Task An_old_cookie_sent_again_and_again_is_renewed_and_a_leavers_still_ends_within_a_minute()
    {
        var cookie = AuthCookie(await SignInAsync(app.Anonymous(), DemoAccounts.Teacher.Email, DemoAccounts.Password));
        var principal = await app.SignedInThroughTheFormAsync(DemoAccounts.Principal);
        var teacherUrl = await PeopleSteps.PersonUrlAsync(app, DemoAccounts.Teacher.Email);

        // A client that keeps sending the cookie it signed in with, as a second tab can, or a client that ignores renewals.
        app.Clock.Advance(TimeSpan.FromSeconds(61));
        var first = await GetWithCookieAsync(app, cookie, "/");
        var second = await GetWithCookieAsync(app, cookie, "/");
        var third = await GetWithCookieAsync(app, cookie, "/");
        await PeopleSteps.MarkAsLeftAsync(principal, teacherUrl);
        app.Clock.Advance(TimeSpan.FromSeconds(61));
        var afterAMinute = await GetWithCookieAsync(app, cookie, "/");

        Assert.All([first, second, third], response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        Assert.True(RenewsAuthCookie(first), "The first request after a minute checks the account and renews the cookie.");
        AssertSentToSignIn(afterAMinute);
    }

    private static bool RenewsAuthCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var setCookies) && setCookies.Any(c => c.StartsWith(AuthCookieName + "=", StringComparison.Ordinal));

    /// <summary>The sign-in cookie as a browser would send it back: name=value.</summary>
    private static string AuthCookie(HttpResponseMessage response) =>
        response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(AuthCookieName + "=", StringComparison.Ordinal)).Split(';')[0];

    private static async Task<HttpResponseMessage> GetWithCookieAsync(PortalApplication app, string cookie, string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Cookie", cookie);
        return await app.Anonymous().SendAsync(request);
    }

    private static void AssertSentToSignIn(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/sign-in", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }
}
