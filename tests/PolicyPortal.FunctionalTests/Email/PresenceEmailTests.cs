using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using PolicyPortal.FunctionalTests.Presences;
using PolicyPortal.Testing;
using PolicyPortal.Web.Data.Seeding;
using PolicyPortal.Web.Services.Email;

namespace PolicyPortal.FunctionalTests.Email;

public sealed class PresenceEmailTests(PortalApplication app) : IClassFixture<PortalApplication>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task With_no_mail_server_each_email_is_an_eml_file_with_an_absolute_link()
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        var principal = await app.SignedInAsync(DemoAccounts.Principal);

        var submitted = await teacher.PostFormAsync("/presences/new", "/presences/new", PresenceForms.Endorsed());
        var url = submitted.Headers.Location!.OriginalString;
        await principal.PostFormAsync(url, $"{url}/decision", new() { ["ConcurrencyStamp"] = PortalClient.HiddenValue(await principal.GetStringAsync(url), "ConcurrencyStamp"), ["decision"] = "Approve", ["note"] = "School hours only." });
        var sent = await app.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync();

        Assert.Equal(2, sent);
        var messages = Directory.GetFiles(app.MailPickupDirectory, "*.eml").Select(f => MimeMessage.Load(f)).OrderBy(m => m.Subject, StringComparer.Ordinal).ToList();
        Assert.Equal(["principal@example.org", "teacher@example.org"], messages.Select(m => m.To.Mailboxes.Single().Address));
        Assert.Equal("Social media request to decide: X (Twitter) @KE7Geography (Sam Taylor)", messages[0].Subject);
        Assert.Equal("Your social media request: approved (X (Twitter) @KE7Geography)", messages[1].Subject);
        Assert.All(messages, m => Assert.Contains($"https://portal.school.example{url}", m.TextBody, StringComparison.Ordinal));
        Assert.Contains("School hours only.", messages[1].TextBody, StringComparison.Ordinal);

        // The link in the email opens the request for the person it was sent to.
        Assert.Equal(HttpStatusCode.OK, (await principal.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task A_real_smtp_server_receives_each_message_with_the_right_recipient_and_subject()
    {
        await using var smtp = LoopbackSmtpServer.Start();
        using var mailed = SmtpApp(smtp.Port);
        var teacher = await mailed.SignedInAsync(DemoAccounts.Teacher);

        var submitted = await teacher.PostFormAsync("/presences/new", "/presences/new", PresenceForms.Endorsed());
        var sent = await mailed.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync();

        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        Assert.Equal(1, sent);
        var message = Assert.Single(smtp.Received);
        Assert.Equal("principal@example.org", message.To.Mailboxes.Single().Address);
        Assert.Equal("Social media request to decide: X (Twitter) @KE7Geography (Sam Taylor)", message.Subject);
    }

    [Fact]
    public async Task With_the_mail_server_down_the_action_succeeds_and_the_email_goes_once_it_is_back()
    {
        var port = LoopbackSmtpServer.FreePort();
        using var mailed = SmtpApp(port);
        var teacher = await mailed.SignedInAsync(DemoAccounts.Teacher);
        var dispatcher = mailed.Services.GetRequiredService<OutboxDispatcher>();

        var submitted = await teacher.PostFormAsync("/presences/new", "/presences/new", PresenceForms.Endorsed());
        var sentWhileDown = await dispatcher.DispatchDueAsync();

        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        Assert.Equal(0, sentWhileDown);
        var waiting = await mailed.WithDatabaseAsync(db => db.OutboxMessages.SingleAsync());
        Assert.Null(waiting.SentAtUtc);
        Assert.Equal(1, waiting.Attempts);
        Assert.NotNull(waiting.LastError);

        await using var smtp = LoopbackSmtpServer.Start(port);
        Assert.Equal(0, await dispatcher.DispatchDueAsync()); // not yet: the retry is due a minute later
        mailed.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await dispatcher.DispatchDueAsync());

        var message = Assert.Single(smtp.Received);
        Assert.Equal("principal@example.org", message.To.Mailboxes.Single().Address);
        Assert.NotNull((await mailed.WithDatabaseAsync(db => db.OutboxMessages.SingleAsync())).SentAtUtc);
        Assert.Equal(0, await dispatcher.DispatchDueAsync());
        Assert.Single(smtp.Received);
    }

    private static PortalApplication SmtpApp(int port) => new()
    {
        Settings = new Dictionary<string, string>
        {
            ["Email:SmtpHost"] = "127.0.0.1",
            ["Email:SmtpPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:SmtpSecurity"] = "None",
        },
    };
}
