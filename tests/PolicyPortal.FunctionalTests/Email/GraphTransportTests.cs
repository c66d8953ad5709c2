using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
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
                ["Email:Microsoft365:TenantId"] = "5f1c0c7e-tenant",
                ["Email:Microsoft365:ClientId"] = "portal-app",
                ["Email:Microsoft365:ClientSecret"] = "the-secret",
                ["Email:Microsoft365:Authority"] = microsoft.Address,
                ["Email:Microsoft365:GraphEndpoint"] = microsoft.Address,
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
}
