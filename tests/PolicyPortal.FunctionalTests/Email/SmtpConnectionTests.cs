using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PolicyPortal.Testing;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Services.Email;

namespace PolicyPortal.FunctionalTests.Email;

public sealed class SmtpConnectionTests
{
    [Fact]
    public async Task A_pass_of_fifty_emails_goes_through_one_connection_to_the_mail_server_and_the_next_pass_opens_another()
    {
        await using var smtp = LoopbackSmtpServer.Start();
        using var app = new PortalApplication
        {
            SeedDemoAccounts = false,
            Settings = new Dictionary<string, string>
            {
                ["Email:SmtpHost"] = "127.0.0.1",
                ["Email:SmtpPort"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Email:SmtpSecurity"] = "None",
            },
        };
        await app.WithDatabaseAsync(db =>
        {
            for (var n = 1; n <= 51; n++)
            {
                db.OutboxMessages.Add(new OutboxMessage($"person{n}@example.org", $"Person {n}", $"Message {n}", "Hello.", app.Clock.GetUtcNow().UtcDateTime));
            }

            return db.SaveChangesAsync();
        });
        var dispatcher = app.Services.GetRequiredService<OutboxDispatcher>();

        Assert.Equal(50, await dispatcher.DispatchDueAsync());

        Assert.Equal(50, smtp.Received.Count);
        Assert.Equal(50, smtp.Received.Select(m => m.Subject).Distinct().Count());
        Assert.Equal(1, smtp.Connections);

        Assert.Equal(1, await dispatcher.DispatchDueAsync());
        Assert.Equal(2, smtp.Connections);
        Assert.Equal(0, await app.WithDatabaseAsync(db => db.OutboxMessages.CountAsync(m => m.SentAtUtc == null)));
    }

    [Fact]
    public async Task Microsoft_365_smtp_is_signed_in_to_with_the_app_registrations_token_and_no_password()
    {
        await using var microsoft = await StandInMicrosoft365.StartAsync();
        await using var smtp = LoopbackSmtpServer.Start();
        using var app = new PortalApplication
        {
            SeedDemoAccounts = false,
            Settings = new Dictionary<string, string>
            {
                ["Email:SmtpHost"] = "127.0.0.1",
                ["Email:SmtpPort"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Email:SmtpSecurity"] = "None",
                ["Email:SmtpAuth"] = "OAuth2",
                ["Email:From"] = "policies@school.example",
                ["Email:Microsoft365:TenantId"] = "5f1c0c7e-tenant",
                ["Email:Microsoft365:ClientId"] = "portal-app",
                ["Email:Microsoft365:ClientSecret"] = "the-secret",
                ["Email:Microsoft365:Authority"] = microsoft.Address,
            },
        };
        await app.WithDatabaseAsync(db =>
        {
            db.OutboxMessages.Add(new OutboxMessage("teacher@example.org", "Sam Taylor", "Please read and sign", "Hello.", app.Clock.GetUtcNow().UtcDateTime));
            return db.SaveChangesAsync();
        });

        Assert.Equal(1, await app.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync());

        var token = Assert.Single(microsoft.TokenRequests);
        Assert.Equal("https://outlook.office365.com/.default", token.Form["scope"]);
        Assert.Equal("client_credentials", token.Form["grant_type"]);
        var signIn = Assert.Single(smtp.SignIns).Split(' ');
        Assert.Equal(["AUTH", "XOAUTH2"], signIn[..2]);
        Assert.Equal("user=policies@school.example\u0001auth=Bearer token-1\u0001\u0001", Encoding.ASCII.GetString(Convert.FromBase64String(signIn[2])));
        Assert.Equal("teacher@example.org", Assert.Single(smtp.Received).To.Mailboxes.Single().Address);
    }
}
