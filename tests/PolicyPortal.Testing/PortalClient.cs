using System.Net;
using System.Text.RegularExpressions;
using PolicyPortal.Web.Data.Seeding;

namespace PolicyPortal.Testing;

/// <summary>HTTP clients for the test host: anonymous, or signed in.</summary>
public static partial class PortalClient
{
    /// <summary>The portal's cookies are Secure, so the client speaks HTTPS, as every real visitor does.</summary>
    public static readonly Uri BaseAddress = new("https://localhost");

    public const string AuthCookieName = "__Host-PolicyPortal.Auth";

    public static HttpClient Anonymous(this PortalApplication app) => app.Client(new CookieContainer());

    /// <summary>
    /// A client signed in as a demo account, with the cookie of <see cref="SignInCookieAsync"/> where it can stand for
    /// signing in now (<see cref="CanReuseSignIn"/>), and otherwise through the form.
    /// </summary>
    public static async Task<HttpClient> SignedInAsync(this PortalApplication app, DemoAccount account)
    {
        if (!app.CanReuseSignIn(account))
        {
            return await app.SignedInThroughTheFormAsync(account);
        }

        var cookies = new CookieContainer();
        cookies.Add(app.BaseAddress, new Cookie(AuthCookieName, await app.SignInCookieAsync(account), "/") { Secure = true, HttpOnly = true });
        return app.Client(cookies);
    }

    /// <summary>
    /// Whether the cookie of <see cref="SignInCookieAsync"/> is as good as signing in now: the host started from the
    /// template, which every reset puts back with the same accounts, security stamps and keys; the account is one of the
    /// template's; and the clock is where it was when the cookie was made, at its start.
    /// </summary>
    public static bool CanReuseSignIn(this PortalApplication app, DemoAccount account) =>
        app.StartsFromTemplate && app.Clock.AtStart && DemoAccounts.All.Contains(account);

    /// <summary>
    /// The value of a demo account's sign-in cookie on this host, made once by signing in through the real form and
    /// kept for the host's life, so a test that is not about signing in does not pay for it.
    /// </summary>
    public static async Task<string> SignInCookieAsync(this PortalApplication app, DemoAccount account)
    {
        if (app.SignInCookies.TryGetValue(account.Email, out var kept))
        {
            return kept;
        }

        var cookies = new CookieContainer();
        await SignInAsync(app.Client(cookies), account.Email, DemoAccounts.Password);
        var value = cookies.GetCookies(app.BaseAddress)[AuthCookieName]?.Value ?? throw new InvalidOperationException($"Signing in as {account.Email} set no cookie.");
        return app.SignInCookies.GetOrAdd(account.Email, value);
    }

    /// <summary>A client signed in through the real sign-in form, for the tests about signing in.</summary>
    public static Task<HttpClient> SignedInThroughTheFormAsync(this PortalApplication app, DemoAccount account) =>
        app.SignedInAsync(account.Email, DemoAccounts.Password);

    /// <summary>A client signed in through the real sign-in form.</summary>
    public static async Task<HttpClient> SignedInAsync(this PortalApplication app, string email, string password)
    {
        var client = app.Anonymous();
        await SignInAsync(client, email, password);
        return client;
    }

    private static async Task SignInAsync(HttpClient client, string email, string password)
    {
        var response = await client.PostFormAsync("/account/sign-in", "/account/sign-in", new() { ["Email"] = email, ["Password"] = password });
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Signing in as {email} answered {(int)response.StatusCode}.");
        }
    }

    /// <summary>Opens <paramref name="pageUrl"/>, takes its antiforgery token as a browser would, and posts the fields to <paramref name="actionUrl"/>.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string pageUrl, string actionUrl, Dictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(pageUrl);
        var withToken = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = AntiforgeryToken(page) };
        return await client.PostAsync(actionUrl, new FormUrlEncodedContent(withToken));
    }

    public static string AntiforgeryToken(string html) => HiddenValue(html, "__RequestVerificationToken");

    /// <summary>The value of the hidden input <paramref name="name"/> on the page.</summary>
    public static string HiddenValue(string html, string name)
    {
        foreach (Match input in InputTag().Matches(html))
        {
            var tag = input.Value;
            if (tag.Contains($"name=\"{name}\"", StringComparison.Ordinal))
            {
                var value = ValueAttribute().Match(tag);
                if (value.Success)
                {
                    return WebUtility.HtmlDecode(value.Groups[1].Value);
                }
            }
        }

        throw new InvalidOperationException($"The page has no hidden input '{name}'.");
    }

    [GeneratedRegex("<input[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InputTag();

    [GeneratedRegex("value=\"([^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex ValueAttribute();
}
