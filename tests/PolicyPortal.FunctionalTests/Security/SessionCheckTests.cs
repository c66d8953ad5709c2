using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using PolicyPortal.FunctionalTests.People;
using PolicyPortal.Testing;
using PolicyPortal.Web.Data.Seeding;

namespace PolicyPortal.FunctionalTests.Security;

/// <summary>A sign-in cookie older than a minute is checked against its account once a minute, however often it is sent.</summary>
public sealed class SessionCheckTests
{
    private const string AuthCookie = "__Host-PolicyPortal.Auth";

    [Fact]
    public async Task An_old_cookie_sent_again_and_again_is_checked_once_a_minute_and_a_leavers_still_ends_within_a_minute()
    {
        using var app = new PortalApplication();
        var (client, cookies) = await SignInWithoutCookieJarAsync(app, DemoAccounts.Teacher.Email);
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var teacherUrl = await PeopleSteps.PersonUrlAsync(app, DemoAccounts.Teacher.Email);

        // A client that keeps sending the cookie it signed in with, as a second tab can, or a client that ignores renewals.
        app.Clock.Advance(TimeSpan.FromSeconds(61));
        var first = await GetAsync(client, cookies);
        var second = await GetAsync(client, cookies);
        var third = await GetAsync(client, cookies);
        await PeopleSteps.MarkAsLeftAsync(principal, teacherUrl);
        app.Clock.Advance(TimeSpan.FromSeconds(61));
        var afterAMinute = await GetAsync(client, cookies);

        Assert.All([first, second, third], response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        Assert.True(RenewsAuthCookie(first), "The first request after a minute checks the account and renews the cookie.");
        Assert.False(RenewsAuthCookie(second), "The same cookie sent again within the minute was checked again.");
        Assert.False(RenewsAuthCookie(third), "The same cookie sent again within the minute was checked again.");
        Assert.Equal(HttpStatusCode.Redirect, afterAMinute.StatusCode);
        Assert.StartsWith("/account/sign-in", afterAMinute.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> GetAsync(HttpClient client, string cookies)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Cookie", cookies);
        return client.SendAsync(request);
    }

    private static bool RenewsAuthCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var setCookies) && setCookies.Any(c => c.StartsWith(AuthCookie + "=", StringComparison.Ordinal));

    // Signs in through the form with a client that keeps no cookies, and returns the Cookie header a browser would then send.
    private static async Task<(HttpClient Client, string Cookies)> SignInWithoutCookieJarAsync(PortalApplication app, string email)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = PortalClient.BaseAddress });
        var page = await client.GetAsync("/account/sign-in");
        var antiforgery = CookiePairs(page);
        var form = new HttpRequestMessage(HttpMethod.Post, "/account/sign-in")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Email"] = email,
                ["Password"] = DemoAccounts.Password,
                ["__RequestVerificationToken"] = PortalClient.AntiforgeryToken(await page.Content.ReadAsStringAsync()),
            }),
        };
        form.Headers.Add("Cookie", antiforgery);
        var signedIn = await client.SendAsync(form);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return (client, $"{antiforgery}; {CookiePairs(signedIn)}");
    }

    private static string CookiePairs(HttpResponseMessage response) =>
        string.Join("; ", response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Where(pair => !pair.EndsWith('=')));
}
