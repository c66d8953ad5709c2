using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;
using MimeKit;

namespace PolicyPortal.Web.Services.Email;

/// <summary>
/// Sends as the Microsoft 365 mailbox <c>Email:From</c> through Microsoft Graph's sendMail, with a token the app
/// registration gets for itself (<see cref="Microsoft365Tokens"/>): no mailbox password anywhere.
/// </summary>
public sealed class GraphTransport(IHttpClientFactory clients, Microsoft365Tokens tokens, IOptions<EmailOptions> options) : IEmailTransport
{
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var scope = new Uri(settings.Microsoft365.GraphEndpoint, ".default").ToString();
        var token = await tokens.ForAsync(scope, cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(settings.Microsoft365.GraphEndpoint, $"v1.0/users/{Uri.EscapeDataString(settings.From)}/sendMail"))
        {
            Content = JsonContent.Create(SendMail(message)),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await clients.CreateClient(Microsoft365Tokens.HttpClientName).SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            if (response.StatusCode == System.Net.HttpStatusCode.Unauthorized)
            {
                tokens.Forget(scope);
            }

            throw new HttpRequestException($"Graph refused the email ({(int)response.StatusCode}): {await MicrosoftError.ReadAsync(response, cancellationToken)}", null, response.StatusCode);
        }
    }

    public Task EndPassAsync(CancellationToken cancellationToken) => Task.CompletedTask;

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
}

/// <summary>Graph's and Entra ID's errors name what is wrong (a missing permission, an unknown mailbox): kept for the log.</summary>
internal static class MicrosoftError
{
    public static async Task<string> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
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
}
