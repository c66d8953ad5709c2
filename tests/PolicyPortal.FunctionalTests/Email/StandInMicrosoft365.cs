using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PolicyPortal.FunctionalTests.Email;

/// <summary>Entra ID's token endpoint and Graph's sendMail, on Kestrel, keeping what they were sent.</summary>
internal sealed class StandInMicrosoft365 : IAsyncDisposable
{
    private readonly WebApplication _host;

    private StandInMicrosoft365(WebApplication host) => _host = host;

    public string Address => _host.Urls.Single();

    public ConcurrentQueue<(string Path, Dictionary<string, string> Form)> TokenRequests { get; } = new();

    public ConcurrentQueue<(string Path, string? Authorization, JsonDocument Body)> SendMailRequests { get; } = new();

    public static async Task<StandInMicrosoft365> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var host = builder.Build();
        var standIn = new StandInMicrosoft365(host);
        host.MapPost("/{tenant}/oauth2/v2.0/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            standIn.TokenRequests.Enqueue((request.Path, form.ToDictionary(f => f.Key, f => f.Value.ToString())));
            return Results.Json(new { token_type = "Bearer", access_token = "token-1", expires_in = 3599 });
        });
        host.MapPost("/v1.0/users/{mailbox}/sendMail", async (HttpRequest request) =>
        {
            var body = await JsonDocument.ParseAsync(request.Body);
            standIn.SendMailRequests.Enqueue((Uri.UnescapeDataString(request.Path), request.Headers.Authorization.ToString(), body));
            var to = body.RootElement.GetProperty("message").GetProperty("toRecipients")[0].GetProperty("emailAddress").GetProperty("address").GetString();
            return to == "nobody@example.org"
                ? Results.Json(new { error = new { code = "ErrorInvalidRecipients", message = "At least one recipient is not valid." } }, statusCode: StatusCodes.Status400BadRequest)
                : Results.Accepted();
        });
        await host.StartAsync();
        return standIn;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        await _host.DisposeAsync();
        foreach (var (_, _, body) in SendMailRequests)
        {
            body.Dispose();
        }
    }
}
