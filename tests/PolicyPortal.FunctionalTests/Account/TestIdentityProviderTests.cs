using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PolicyPortal.Testing;

namespace PolicyPortal.FunctionalTests.Account;

/// <summary>
/// The OpenID Connect provider the single sign-on tests sign in at (<see cref="TestIdentityProvider"/>) behaves as Entra ID
/// and Google do for the portal: discovery, an authorization code with PKCE, a signed ID token saying who signed in, and
/// <c>access_denied</c> when nobody does.
/// </summary>
public sealed class TestIdentityProviderTests : IAsyncLifetime
{
    private static readonly Uri RedirectUri = new("https://portal.school.example/signin-oidc");

    private TestIdentityProvider _provider = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _provider = await TestIdentityProvider.StartAsync();
        await _provider.AllowRedirectAsync(RedirectUri);
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && certificate.GetCertHashString() == _provider.Certificate.GetCertHashString();
        _client = new HttpClient(handler) { BaseAddress = _provider.Authority };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _provider.DisposeAsync();
    }

    [Fact]
    public async Task A_Google_person_comes_back_with_a_code_whose_signed_id_token_names_them_and_their_verified_email()
    {
        _provider.SignInAs(new ProviderPerson { Subject = "google-1", Name = "Ada Lovelace", Email = "ada@school.example", EmailVerified = true, HostedDomain = "school.example" });

        var claims = await SignInAsync(ClientAuthentication.Post);

        Assert.Equal("google-1", claims.GetProperty("sub").GetString());
        Assert.Equal("Ada Lovelace", claims.GetProperty("name").GetString());
        Assert.Equal("ada@school.example", claims.GetProperty("email").GetString());
        Assert.Equal(JsonValueKind.True, claims.GetProperty("email_verified").ValueKind);
        Assert.Equal("school.example", claims.GetProperty("hd").GetString());
        Assert.False(claims.TryGetProperty("tid", out _));
        Assert.False(claims.TryGetProperty("preferred_username", out _));
    }

    [Fact]
    public async Task An_Entra_person_comes_back_with_their_tenant_object_id_and_email_as_preferred_username()
    {
        _provider.SignInAs(new ProviderPerson { Subject = "entra-sub", Name = "Grace Hopper", Email = "grace@school.example", TenantId = "tenant-1", ObjectId = "object-1" });

        var claims = await SignInAsync(ClientAuthentication.Basic);

        Assert.Equal("entra-sub", claims.GetProperty("sub").GetString());
        Assert.Equal("tenant-1", claims.GetProperty("tid").GetString());
        Assert.Equal("object-1", claims.GetProperty("oid").GetString());
        Assert.Equal("grace@school.example", claims.GetProperty("preferred_username").GetString());
        Assert.False(claims.TryGetProperty("email_verified", out _));
        Assert.False(claims.TryGetProperty("hd", out _));
    }

    [Fact]
    public async Task With_nobody_signed_in_the_client_is_sent_back_with_access_denied()
    {
        var response = await _client.GetAsync(AuthorizeUrl(state: "state-1", codeChallenge: Challenge("verifier-".PadRight(50, 'x'))));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var answer = QueryHelpers.ParseQuery(response.Headers.Location!.Query);
        Assert.StartsWith(RedirectUri.ToString(), response.Headers.Location.ToString(), StringComparison.Ordinal);
        Assert.Equal("access_denied", answer["error"]);
        Assert.Equal("state-1", answer["state"]);
        Assert.False(answer.ContainsKey("code"));
    }

    private enum ClientAuthentication
    {
        Post,
        Basic,
    }

    // The client's side of a sign-in, by hand: discovery, authorize, back to the redirect URI with a code, the code and
    // PKCE verifier for tokens; returns the ID token's claims once its signature checks out against the provider's keys.
    private async Task<JsonElement> SignInAsync(ClientAuthentication authentication)
    {
        var discovery = await _client.GetFromJsonAsync<JsonElement>(".well-known/openid-configuration");
        Assert.Equal(_provider.Authority.ToString(), discovery.GetProperty("issuer").GetString());
        Assert.Contains("S256", discovery.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(m => m.GetString()));
        var keys = new JsonWebKeySet(await _client.GetStringAsync(discovery.GetProperty("jwks_uri").GetString()));

        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var authorize = await _client.GetAsync(AuthorizeUrl(state: "state-2", codeChallenge: Challenge(verifier)));
        Assert.Equal(HttpStatusCode.Redirect, authorize.StatusCode);
        var callback = authorize.Headers.Location!;
        Assert.Equal(RedirectUri.GetLeftPart(UriPartial.Path), callback.GetLeftPart(UriPartial.Path));
        var answer = QueryHelpers.ParseQuery(callback.Query);
        Assert.Equal("state-2", answer["state"]);
        var received = Assert.Single(_provider.AuthorizationRequests);
        Assert.Equal(RedirectUri.ToString(), received["redirect_uri"]);
        Assert.Equal("S256", received["code_challenge_method"]);

        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = answer["code"].ToString(),
            ["redirect_uri"] = RedirectUri.ToString(),
            ["code_verifier"] = verifier,
        };
        using var tokenRequest = new HttpRequestMessage(HttpMethod.Post, discovery.GetProperty("token_endpoint").GetString());
        if (authentication == ClientAuthentication.Basic)
        {
            tokenRequest.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestIdentityProvider.ClientId}:{TestIdentityProvider.ClientSecret}")));
        }
        else
        {
            form["client_id"] = TestIdentityProvider.ClientId;
            form["client_secret"] = TestIdentityProvider.ClientSecret;
        }

        tokenRequest.Content = new FormUrlEncodedContent(form);
        var tokens = await _client.SendAsync(tokenRequest);
        var body = await tokens.Content.ReadAsStringAsync();
        Assert.True(tokens.IsSuccessStatusCode, body);

        var idToken = JsonDocument.Parse(body).RootElement.GetProperty("id_token").GetString();
        var validation = await new JsonWebTokenHandler().ValidateTokenAsync(idToken, new TokenValidationParameters
        {
            ValidIssuer = _provider.Authority.ToString(),
            ValidAudience = TestIdentityProvider.ClientId,
            IssuerSigningKeys = keys.GetSigningKeys(),
        });
        Assert.True(validation.IsValid, validation.Exception?.Message);
        return JsonDocument.Parse(Base64UrlEncoder.Decode(((JsonWebToken)validation.SecurityToken).EncodedPayload)).RootElement;
    }

    private static string AuthorizeUrl(string state, string codeChallenge) =>
        QueryHelpers.AddQueryString("connect/authorize", new Dictionary<string, string?>
        {
            ["client_id"] = TestIdentityProvider.ClientId,
            ["redirect_uri"] = RedirectUri.ToString(),
            ["response_type"] = "code",
            ["scope"] = "openid profile email",
            ["state"] = state,
            ["nonce"] = "nonce-" + state,
            ["code_challenge"] = codeChallenge,
            ["code_challenge_method"] = "S256",
        });

    private static string Challenge(string verifier) => Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
}
