using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace PolicyPortal.Web.Services.Email;

/// <summary>
/// Tokens the app registration in <c>Email:Microsoft365</c> gets for itself from Microsoft Entra ID (client credentials),
/// one per scope, kept until shortly before they run out.
/// </summary>
public sealed class Microsoft365Tokens(IHttpClientFactory clients, IOptions<EmailOptions> options, TimeProvider clock)
{
    public const string HttpClientName = "Microsoft365";

    // Asked for again this long before it runs out, so no send starts with a token about to expire.
    private static readonly TimeSpan Margin = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, (string Value, DateTimeOffset Until)> _held = new(StringComparer.Ordinal);

    public async Task<string> ForAsync(string scope, CancellationToken cancellationToken)
    {
        if (_held.TryGetValue(scope, out var held) && held.Until - Margin > clock.GetUtcNow())
        {
            return held.Value;
        }

        var settings = options.Value.Microsoft365;
        var address = new Uri(settings.Authority, $"{Uri.EscapeDataString(settings.TenantId!)}/oauth2/v2.0/token");
        var fields = new Dictionary<string, string>
        {
            ["client_id"] = settings.ClientId!,
            ["scope"] = scope,
            ["grant_type"] = "client_credentials",
        };
        if (string.IsNullOrWhiteSpace(settings.CertificatePath))
        {
            fields["client_secret"] = settings.ClientSecret!;
        }
        else
        {
            fields["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
            fields["client_assertion"] = ClientAssertion(settings, address);
        }

        using var form = new FormUrlEncodedContent(fields);
        using var response = await clients.CreateClient(HttpClientName).PostAsync(address, form, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"Microsoft Entra ID gave no token for sending email ({(int)response.StatusCode}): {await MicrosoftError.ReadAsync(response, cancellationToken)}", null, response.StatusCode);
        }

        var answer = await response.Content.ReadFromJsonAsync<TokenAnswer>(cancellationToken)
            ?? throw new HttpRequestException("Microsoft Entra ID answered with no token for sending email.");
        _held[scope] = (answer.AccessToken, clock.GetUtcNow().AddSeconds(answer.ExpiresIn));
        return answer.AccessToken;
    }

    /// <summary>A token that was refused: the next send asks for a new one.</summary>
    public void Forget(string scope) => _held.TryRemove(scope, out _);

    // A short-lived JWT signed with the certificate's key (RS256, with its x5t), as Entra ID asks of an app that proves
    // itself with a certificate: written by the same JSON Web Token library the sign-in handler reads tokens with.
    private string ClientAssertion(Microsoft365Options settings, Uri audience)
    {
        using var certificate = X509CertificateLoader.LoadPkcs12FromFile(settings.CertificatePath!, settings.CertificatePassword);
        using var key = certificate.GetRSAPrivateKey() ?? throw new InvalidOperationException("Email:Microsoft365:CertificatePath holds no RSA private key.");

        var now = clock.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Audience = audience.ToString(),
            Issuer = settings.ClientId,
            Claims = new Dictionary<string, object> { ["sub"] = settings.ClientId!, ["jti"] = Guid.NewGuid().ToString() },
            NotBefore = now,
            IssuedAt = now,
            Expires = now.AddMinutes(10),
            SigningCredentials = new X509SigningCredentials(certificate, SecurityAlgorithms.RsaSha256),
        });
    }

    private sealed record TokenAnswer([property: JsonPropertyName("access_token")] string AccessToken, [property: JsonPropertyName("expires_in")] int ExpiresIn);
}
