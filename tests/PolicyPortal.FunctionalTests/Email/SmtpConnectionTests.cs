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
}
