using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using PolicyPortal.Web.Data.Seeding;

namespace PolicyPortal.Testing;

/// <summary>HTTP clients for the test host: anonymous, or signed in through the real sign-in form.</summary>
public static partial class PortalClient
{
    /// <summary>The portal's cookies are Secure, so the client speaks HTTPS, as every real visitor does.</summary>
    public static readonly Uri BaseAddress = new("https://localhost");

    public static HttpClient Anonymous(this PortalApplication app) =>
        app.OverKestrel ? app.KestrelClient() : app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = BaseAddress });

    public static Task<HttpClient> SignedInAsync(this PortalApplication app, DemoAccount account) =>
        app.SignedInAsync(account.Email, DemoAccounts.Password);

    public static async Task<HttpClient> SignedInAsync(this PortalApplication app, string email, string password)
    {
        var client = app.Anonymous();
        var response = await client.PostFormAsync("/account/sign-in", "/account/sign-in", new() { ["Email"] = email, ["Password"] = password });
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Signing in as {email} answered {(int)response.StatusCode}.");
        }

        return client;
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
