using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using MimeKit;

namespace PolicyPortal.Web.Services.Email;

/// <summary>
/// Sends as the Microsoft 365 mailbox <c>Email:From</c> through Microsoft Graph's sendMail, with a token the app
/// registration gets for itself (client credentials): no mailbox password anywhere.
/// </summary>
public sealed class GraphTransport(IHttpClientFactory clients, IOptions<EmailOptions> options, TimeProvider clock) : IEmailTransport
{
    public const string HttpClientName = "Graph";

    // Asked for again this long before it runs out, so no send starts with a token about to expire.
    private static readonly TimeSpan Margin = TimeSpan.FromMinutes(5);

    private (string Value, DateTimeOffset Until)? _token;

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var client = clients.CreateClient(HttpClientName);
        var token = await TokenAsync(client, settings.Graph, cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(settings.Graph.Endpoint, $"v1.0/users/{Uri.EscapeDataString(settings.From)}/sendMail"))
        {
            Content = JsonContent.Create(SendMail(message)),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            if (response.StatusCode == System.Net.HttpStatusCode.Unauthorized)
            {
                _token = null;
            }

            throw new HttpRequestException($"Graph refused the email ({(int)response.StatusCode}): {await ErrorAsync(response, cancellationToken)}", null, response.StatusCode);
        }
    }

    public Task EndPassAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task<string> TokenAsync(HttpClient client, GraphMailOptions graph, CancellationToken cancellationToken)
    {
        if (_token is { } held && held.Until - Margin > clock.GetUtcNow())
        {
            return held.Value;
        }

        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = graph.ClientId!,
            ["client_secret"] = graph.ClientSecret!,
            ["scope"] = new Uri(graph.Endpoint, ".default").ToString(),
            ["grant_type"] = "client_credentials",
        });
        using var response = await client.PostAsync(new Uri(graph.Authority, $"{Uri.EscapeDataString(graph.TenantId!)}/oauth2/v2.0/token"), form, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"Microsoft Entra ID gave no token for sending email ({(int)response.StatusCode}): {await ErrorAsync(response, cancellationToken)}", null, response.StatusCode);
        }

        var answer = await response.Content.ReadFromJsonAsync<TokenAnswer>(cancellationToken)
            ?? throw new HttpRequestException("Microsoft Entra ID answered with no token for sending email.");
        _token = (answer.AccessToken, clock.GetUtcNow().AddSeconds(answer.ExpiresIn));
        return answer.AccessToken;
    }

    private static object SendMail(MimeMessage message) => new
    {
        message = new
        {
            subject = message.Subject,
            body = new { contentType = "Text", content = message.TextBody ?? string.Empty },
            toRecipients = message.To.Mailboxes.Select(m => new { emailAddress = new { address = m.Address, name = m.Name } }),
        },
        saveToSentItems = false,
    };

    // Graph's and Entra ID's errors name what is wrong (a missing permission, an unknown mailbox): keep that for the log.
    private static async Task<string> ErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var json = JsonDocument.Parse(text);
            var root = json.RootElement;
            if (root.TryGetProperty("error", out var error))
            {
                return error.ValueKind == JsonValueKind.Object
                    ? $"{error.GetProperty("code").GetString()}: {error.GetProperty("message").GetString()}"
                    : $"{error.GetString()}: {(root.TryGetProperty("error_description", out var description) ? description.GetString() : null)}";
            }
        }
        catch (Exception problem) when (problem is JsonException or KeyNotFoundException or InvalidOperationException)
        {
        }

        return text.Length > 300 ? text[..300] : text;
    }

    private sealed record TokenAnswer([property: JsonPropertyName("access_token")] string AccessToken, [property: JsonPropertyName("expires_in")] int ExpiresIn);
}
