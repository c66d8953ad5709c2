using System.Buffers.Text;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
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

    [Fact]
    public async Task With_a_certificate_instead_of_a_secret_the_token_is_asked_for_with_an_assertion_signed_by_its_key()
    {
        await using var microsoft = await StandInMicrosoft365.StartAsync();
        using var folder = new TemporaryFolder();
        using var key = RSA.Create(2048);
        using var certificate = new CertificateRequest("CN=PolicyPortal email", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var pfx = folder.File("portal-email.pfx");
        await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pkcs12, "pfx-password"));
        using var app = new PortalApplication
        {
            SeedDemoAccounts = false,
            Settings = new Dictionary<string, string>
            {
                ["Email:Transport"] = "Graph",
                ["Email:From"] = "office@school.example",
                ["Email:Microsoft365:TenantId"] = "5f1c0c7e-tenant",
                ["Email:Microsoft365:ClientId"] = "portal-app",
                ["Email:Microsoft365:CertificatePath"] = pfx,
                ["Email:Microsoft365:CertificatePassword"] = "pfx-password",
                ["Email:Microsoft365:Authority"] = microsoft.Address,
                ["Email:Microsoft365:GraphEndpoint"] = microsoft.Address,
            },
        };
        await app.WithDatabaseAsync(db =>
        {
            db.OutboxMessages.Add(new OutboxMessage("teacher@example.org", "Sam Taylor", "Please read and sign", "Hello.", app.Clock.GetUtcNow().UtcDateTime));
            return db.SaveChangesAsync();
        });

        Assert.Equal(1, await app.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync());

        var form = Assert.Single(microsoft.TokenRequests).Form;
        Assert.False(form.ContainsKey("client_secret"));
        Assert.Equal("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", form["client_assertion_type"]);
        var parts = form["client_assertion"].Split('.');
        Assert.True(key.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
        Assert.Equal(Base64Url.EncodeToString(certificate.GetCertHash()), header.RootElement.GetProperty("x5t").GetString());
        using var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
        Assert.Equal($"{microsoft.Address}/5f1c0c7e-tenant/oauth2/v2.0/token", claims.RootElement.GetProperty("aud").GetString());
        Assert.Equal("portal-app", claims.RootElement.GetProperty("iss").GetString());
        Assert.Equal("portal-app", claims.RootElement.GetProperty("sub").GetString());
        Assert.Equal("Bearer token-1", Assert.Single(microsoft.SendMailRequests).Authorization);
    }
}
