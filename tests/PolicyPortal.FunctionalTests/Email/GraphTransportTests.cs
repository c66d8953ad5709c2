using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PolicyPortal.Testing;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Services.Email;

namespace PolicyPortal.FunctionalTests.Email;

public sealed class GraphTransportTests
{
    [Fact]
    public async Task Emails_go_through_graph_as_the_shared_mailbox_with_one_token_and_a_refusal_keeps_graphs_reason()
    {
        await using var microsoft = await StandInMicrosoft365.StartAsync();
        using var app = new PortalApplication
        {
            SeedDemoAccounts = false,
            Settings = new Dictionary<string, string>
            {
                ["Email:Transport"] = "Graph",
                ["Email:From"] = "office@school.example",
                ["Email:FromName"] = "Kingsfield School",
                ["Email:Graph:TenantId"] = "5f1c0c7e-tenant",
                ["Email:Graph:ClientId"] = "portal-app",
                ["Email:Graph:ClientSecret"] = "the-secret",
                ["Email:Graph:Authority"] = microsoft.Address,
                ["Email:Graph:Endpoint"] = microsoft.Address,
            },
        };
        await app.WithDatabaseAsync(db =>
        {
            var now = app.Clock.GetUtcNow().UtcDateTime;
            db.OutboxMessages.Add(new OutboxMessage("teacher@example.org", "Sam Taylor", "Please read and sign", "The policy has changed.", now));
            db.OutboxMessages.Add(new OutboxMessage("head@example.org", "Alex Head", "A concern to look at", "A concern was raised.", now));
            db.OutboxMessages.Add(new OutboxMessage("nobody@example.org", "Nobody", "Lost", "Nobody reads this.", now));
            return db.SaveChangesAsync();
        });

        var sent = await app.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync();

        Assert.Equal(2, sent);
        var token = Assert.Single(microsoft.TokenRequests);
        Assert.Equal("/5f1c0c7e-tenant/oauth2/v2.0/token", token.Path);
        Assert.Equal("client_credentials", token.Form["grant_type"]);
        Assert.Equal("portal-app", token.Form["client_id"]);
        Assert.Equal("the-secret", token.Form["client_secret"]);
        Assert.Equal($"{microsoft.Address}/.default", token.Form["scope"]);

        Assert.Equal(3, microsoft.SendMailRequests.Count);
        Assert.All(microsoft.SendMailRequests, r => Assert.Equal("/v1.0/users/office@school.example/sendMail", r.Path));
        Assert.All(microsoft.SendMailRequests, r => Assert.Equal("Bearer token-1", r.Authorization));
        var first = microsoft.SendMailRequests.First().Body.RootElement;
        var message = first.GetProperty("message");
        Assert.Equal("Please read and sign", message.GetProperty("subject").GetString());
        Assert.Equal("Text", message.GetProperty("body").GetProperty("contentType").GetString());
        Assert.Equal("The policy has changed.", message.GetProperty("body").GetProperty("content").GetString());
        var to = Assert.Single(message.GetProperty("toRecipients").EnumerateArray()).GetProperty("emailAddress");
        Assert.Equal("teacher@example.org", to.GetProperty("address").GetString());
        Assert.Equal("Sam Taylor", to.GetProperty("name").GetString());
        Assert.False(first.GetProperty("saveToSentItems").GetBoolean());

        var refused = await app.WithDatabaseAsync(db => db.OutboxMessages.SingleAsync(m => m.SentAtUtc == null));
        Assert.Equal("nobody@example.org", refused.ToAddress);
        Assert.Equal("Graph refused the email (400): ErrorInvalidRecipients: At least one recipient is not valid.", refused.LastError);
    }

    /// <summary>Entra ID's token endpoint and Graph's sendMail, on Kestrel, keeping what they were sent.</summary>
    private sealed class StandInMicrosoft365 : IAsyncDisposable
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
}
