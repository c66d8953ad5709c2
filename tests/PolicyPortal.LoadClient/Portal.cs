using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using PolicyPortal.Testing;
using PolicyPortal.Web.Data.Seeding;

namespace PolicyPortal.LoadClient;

/// <summary>What came of one signature posted to the portal.</summary>
internal enum PostOutcome
{
    /// <summary>Redirected to a receipt: the signature is recorded, now or before.</summary>
    Receipt,

    /// <summary>Any other answer: an error.</summary>
    Refused,

    /// <summary>No answer: the connection broke after the request went out, so the portal may or may not have recorded it.</summary>
    NoAnswer,

    /// <summary>Never sent: nothing listens at the address.</summary>
    NotSent,
}

internal sealed record PostResult(PostOutcome Outcome, long AcknowledgementId = 0, string? Problem = null);

/// <summary>The portal over HTTPS on loopback, trusting only the throwaway certificate the script made for it.</summary>
internal sealed partial class Portal : IDisposable
{
    private readonly HttpClient client;

    /// <param name="timeout">How long one request may take; a minute unless a command's requests are known to be long.</param>
    public Portal(Options options, int connections = 64, TimeSpan? timeout = null)
    {
        var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(options.Text("cert")));
        var handler = new SocketsHttpHandler
        {
            UseCookies = false,
            AllowAutoRedirect = false,
            MaxConnectionsPerServer = connections,
            SslOptions = { RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && presented.GetCertHashString() == certificate.GetCertHashString() },
        };
        client = new HttpClient(handler) { BaseAddress = new Uri(options.Text("url")), Timeout = timeout ?? TimeSpan.FromSeconds(60) };
    }

    /// <summary>Signs <paramref name="person"/> in through the sign-in form, then keeps the token of the forms they will post.</summary>
    public async Task<PortalSession> SignInAsync(Person person)
    {
        var session = new PortalSession(person);
        var signInPage = await GetAsync(session, "/account/sign-in", HttpStatusCode.OK);
        var form = new Dictionary<string, string>
        {
            ["Email"] = person.Email,
            ["Password"] = DemoAccounts.Password,
            ["__RequestVerificationToken"] = PortalClient.AntiforgeryToken(signInPage),
        };
        using (var response = await SendAsync(session, HttpMethod.Post, "/account/sign-in", new FormUrlEncodedContent(form)))
        {
            if (response.StatusCode != HttpStatusCode.Redirect)
            {
                throw new LoadClientException($"Signing in as {person.Email} answered {(int)response.StatusCode}; is Auth__SignInAttemptsPerMinute high enough?");
            }
        }

        // The token on a signed-in page is bound to this person, so it is the one their posts need.
        session.FormToken = PortalClient.AntiforgeryToken(await GetAsync(session, "/", HttpStatusCode.OK));
        return session;
    }

    /// <summary>A cheap request that carries the session's cookie, so the portal renews it as it would for a browser.</summary>
    public async Task RenewAsync(PortalSession session)
    {
        using var response = await SendAsync(session, HttpMethod.Get, "/health/live");
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new LoadClientException($"/health/live answered {(int)response.StatusCode} for {session.Person.Email}.");
        }
    }

    public async Task<PostResult> SignAsync(Unsigned signature)
    {
        try
        {
            using var response = await SendAsync(signature.Session, HttpMethod.Post, SignPath(signature.Policy), new StringContent(SignBody(signature), null, "application/x-www-form-urlencoded"));
            var receipt = ReceiptPath().Match(response.Headers.Location?.OriginalString ?? string.Empty);
            return response.StatusCode == HttpStatusCode.Redirect && receipt.Success
                ? new PostResult(PostOutcome.Receipt, long.Parse(receipt.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))
                : new PostResult(PostOutcome.Refused, Problem: $"{(int)response.StatusCode} {response.Headers.Location}");
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.ConnectionError)
        {
            return new PostResult(PostOutcome.NotSent, Problem: ex.Message);
        }
        catch (HttpRequestException ex)
        {
            return new PostResult(PostOutcome.NoAnswer, Problem: ex.Message);
        }
    }

    /// <summary>A page the session opens, which must answer 200.</summary>
    public Task<string> PageAsync(PortalSession session, string path) => GetAsync(session, path, HttpStatusCode.OK);

    /// <summary>Chooses a file on the people import page and sends it, as the browser's file field does.</summary>
    public async Task<(HttpStatusCode Status, string Page)> UploadPeopleAsync(PortalSession session, byte[] csv)
    {
        var file = new ByteArrayContent(csv);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(session.FormToken), "__RequestVerificationToken" },
            { file, "file", "staff.csv" },
        };
        using var response = await SendAsync(session, HttpMethod.Post, "/people/import", form);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Posts a form as a browser sends it, with the session's form token; answers the status and where it redirects.</summary>
    public async Task<(HttpStatusCode Status, string? Location)> PostFormAsync(PortalSession session, string path, IEnumerable<KeyValuePair<string, string>> fields)
    {
        using var response = await SendAsync(session, HttpMethod.Post, path, new FormUrlEncodedContent([new("__RequestVerificationToken", session.FormToken), .. fields]));
        return (response.StatusCode, response.Headers.Location?.OriginalString);
    }

    public static string SignPath(PolicyInForce policy) => $"/policies/{policy.Slug}/acknowledge";

    /// <summary>The sign form as the policy page fills it in for this person: the revision and text shown, ticked, signed with their name.</summary>
    public static string SignBody(Unsigned signature) =>
        $"RevisionId={signature.Policy.RevisionId}&TextSha256={signature.Policy.TextSha256}&Confirmed=true" +
        $"&SignatureName={Uri.EscapeDataString(signature.Session.Person.FullName)}&__RequestVerificationToken={Uri.EscapeDataString(signature.Session.FormToken)}";

    public void Dispose() => client.Dispose();

    private async Task<string> GetAsync(PortalSession session, string path, HttpStatusCode expected)
    {
        using var response = await SendAsync(session, HttpMethod.Get, path);
        if (response.StatusCode != expected)
        {
            throw new LoadClientException($"{path} answered {(int)response.StatusCode} for {session.Person.Email}.");
        }

        return await response.Content.ReadAsStringAsync();
    }

    private async Task<HttpResponseMessage> SendAsync(PortalSession session, HttpMethod method, string path, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        var cookies = session.CookieHeader;
        if (cookies.Length > 0)
        {
            request.Headers.Add("Cookie", cookies);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        session.Keep(response);
        return response;
    }

    [GeneratedRegex("^/acknowledgements/([0-9]+)$")]
    private static partial Regex ReceiptPath();
}
