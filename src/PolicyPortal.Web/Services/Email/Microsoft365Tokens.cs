using System.Collections.Concurrent;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

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
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = settings.ClientId!,
            ["client_secret"] = settings.ClientSecret!,
            ["scope"] = scope,
            ["grant_type"] = "client_credentials",
        });
        using var response = await clients.CreateClient(HttpClientName).PostAsync(new Uri(settings.Authority, $"{Uri.EscapeDataString(settings.TenantId!)}/oauth2/v2.0/token"), form, cancellationToken);
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

    private sealed record TokenAnswer([property: JsonPropertyName("access_token")] string AccessToken, [property: JsonPropertyName("expires_in")] int ExpiresIn);
}
