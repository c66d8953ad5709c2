using System.Net;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Moq;
using PolicyPortal.FunctionalTests.Data;
using PolicyPortal.Testing;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Services.Email;

namespace PolicyPortal.FunctionalTests.Email;

/// <summary>What happens to waiting emails when the transport throws, hangs or refuses a recipient; and the outbox's upkeep.</summary>
public sealed class OutboxDispatcherTests(OutboxDispatcherTests.MockedTransportApplication app) : IClassFixture<OutboxDispatcherTests.MockedTransportApplication>, IAsyncLifetime
{
    private readonly Mock<IEmailTransport> _transport = app.Transport;

    public async Task InitializeAsync()
    {
        await app.ResetAsync();
        await app.WithDatabaseAsync(db => db.OutboxMessages.ExecuteDeleteAsync());
        _transport.Reset();
        _transport.Setup(t => t.SendAsync(It.IsAny<MimeMessage>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
        _transport.Setup(t => t.EndPassAsync(It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private OutboxDispatcher Dispatcher => app.Services.GetRequiredService<OutboxDispatcher>();

    [Fact]
    public async Task A_transport_that_throws_fails_only_that_email_which_is_tried_again_a_minute_later()
    {
        await AddAsync("first@example.org", "broken@example.org", "third@example.org");
        _transport.Setup(t => t.SendAsync(To("broken@example.org"), It.IsAny<CancellationToken>())).ThrowsAsync(new IOException("Connection reset by peer"));

        Assert.Equal(2, await Dispatcher.DispatchDueAsync());

        var broken = await MessageToAsync("broken@example.org");
        Assert.Null(broken.SentAtUtc);
        Assert.Equal(1, broken.Attempts);
        Assert.Equal("Connection reset by peer", broken.LastError);
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime.AddMinutes(1), broken.NextAttemptAtUtc);
        Assert.Contains(app.Log.Events, e => e.Level == Serilog.Events.LogEventLevel.Warning && CapturedLog.Text(e).Contains($"Email {broken.Id} failed (attempt 1)", StringComparison.Ordinal));
        _transport.Verify(t => t.EndPassAsync(It.IsAny<CancellationToken>()), Times.Once);

        _transport.Setup(t => t.SendAsync(To("broken@example.org"), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
        Assert.Equal(0, await Dispatcher.DispatchDueAsync());
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await Dispatcher.DispatchDueAsync());
        Assert.NotNull((await MessageToAsync("broken@example.org")).SentAtUtc);
        _transport.Verify(t => t.SendAsync(To("first@example.org"), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_recipient_the_server_refuses_keeps_the_servers_reason_and_the_others_go()
    {
        await AddAsync("first@example.org", "left@example.org", "third@example.org");
        _transport.Setup(t => t.SendAsync(To("left@example.org"), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new SmtpCommandException(SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.MailboxUnavailable, new MailboxAddress("Left", "left@example.org"), "5.1.1 User unknown"));

        Assert.Equal(2, await Dispatcher.DispatchDueAsync());

        var refused = await MessageToAsync("left@example.org");
        Assert.Null(refused.SentAtUtc);
        Assert.Equal("5.1.1 User unknown", refused.LastError);
        Assert.NotNull((await MessageToAsync("first@example.org")).SentAtUtc);
        Assert.NotNull((await MessageToAsync("third@example.org")).SentAtUtc);
    }

    [Fact]
    public async Task A_transport_that_hangs_times_out_and_the_rest_of_the_pass_goes_on_the_next_pass_not_later()
    {
        await AddAsync("first@example.org", "slow@example.org", "third@example.org");
        _transport.Setup(t => t.SendAsync(To("slow@example.org"), It.IsAny<CancellationToken>()))
            .Returns((MimeMessage _, CancellationToken cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken));

        Assert.Equal(1, await Dispatcher.DispatchDueAsync());

        var slow = await MessageToAsync("slow@example.org");
        Assert.Equal("No answer within 2 seconds.", slow.LastError);
        Assert.Equal(1, slow.Attempts);
        var third = await MessageToAsync("third@example.org");
        Assert.Equal(0, third.Attempts);
        Assert.Contains(app.Log.Events, e => CapturedLog.Text(e).Contains($"Email {slow.Id} timed out", StringComparison.Ordinal));
        _transport.Verify(t => t.EndPassAsync(It.IsAny<CancellationToken>()), Times.Once);

        // Not held by the abandoned pass's claim: the next pass, at the same moment, sends it.
        Assert.Equal(1, await Dispatcher.DispatchDueAsync());
        Assert.NotNull((await MessageToAsync("third@example.org")).SentAtUtc);
        Assert.Null((await MessageToAsync("slow@example.org")).SentAtUtc);
    }

    [Fact]
    public async Task Sent_emails_are_deleted_once_older_than_keep_sent_days_and_waiting_ones_never()
    {
        var now = app.Clock.GetUtcNow().UtcDateTime;
        await app.WithDatabaseAsync(db =>
        {
            var old = new OutboxMessage("old@example.org", "Old", "Sent long ago", "Body", now.AddDays(-40));
            old.MarkSent(now.AddDays(-30).AddMinutes(-1));
            var recent = new OutboxMessage("recent@example.org", "Recent", "Sent lately", "Body", now.AddDays(-40));
            recent.MarkSent(now.AddDays(-29));
            var stuck = new OutboxMessage("stuck@example.org", "Stuck", "Never went", "Body", now.AddDays(-40));
            stuck.MarkFailed("Mailbox unavailable", now.AddMinutes(5));
            db.OutboxMessages.AddRange(old, recent, stuck);
            return db.SaveChangesAsync();
        });

        await Dispatcher.DispatchDueAsync();

        var left = await app.WithDatabaseAsync(db => db.OutboxMessages.OrderBy(m => m.ToAddress).Select(m => m.ToAddress).ToListAsync());
        Assert.Equal(["recent@example.org", "stuck@example.org"], left);
    }

    [Fact]
    public async Task Ready_says_degraded_while_an_email_has_waited_over_an_hour_in_the_school_day_and_healthy_once_it_goes()
    {
        Assert.Equal("Healthy", await ReadyAsync());
        _transport.Setup(t => t.SendAsync(It.IsAny<MimeMessage>(), It.IsAny<CancellationToken>())).ThrowsAsync(new IOException("Connection refused"));
        await AddAsync("teacher@example.org");
        await Dispatcher.DispatchDueAsync();
        app.Clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal("Healthy", await ReadyAsync());

        app.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal("Degraded", await ReadyAsync());

        _transport.Setup(t => t.SendAsync(It.IsAny<MimeMessage>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
        await Dispatcher.DispatchDueAsync();
        Assert.Equal("Healthy", await ReadyAsync());
    }

    [Fact]
    public async Task Ready_stays_healthy_overnight_while_emails_wait_for_the_morning_and_degrades_if_they_have_not_gone_an_hour_into_it()
    {
        // Tuesday 18:30: the school day is over, so a reminder written now waits for Wednesday 07:30.
        app.Clock.Advance(TimeSpan.FromHours(9));
        await AddAsync("teacher@example.org");
        await Dispatcher.DispatchDueAsync();

        app.Clock.Advance(TimeSpan.FromHours(13.5)); // Wednesday 08:00
        Assert.Equal("Healthy", await ReadyAsync());
        app.Clock.Advance(TimeSpan.FromHours(0.6)); // 08:36, and nothing sent it
        Assert.Equal("Degraded", await ReadyAsync());
    }

    private async Task<string> ReadyAsync()
    {
        var response = await app.Anonymous().GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static MimeMessage To(string address) => It.Is<MimeMessage>(m => m.To.Mailboxes.Single().Address == address);

    private Task AddAsync(params string[] addresses) => app.WithDatabaseAsync(db =>
    {
        foreach (var address in addresses)
        {
            db.OutboxMessages.Add(new OutboxMessage(address, address, $"To {address}", "Body", app.Clock.GetUtcNow().UtcDateTime));
        }

        return db.SaveChangesAsync();
    });

    private Task<OutboxMessage> MessageToAsync(string address) => app.WithDatabaseAsync(db => db.OutboxMessages.SingleAsync(m => m.ToAddress == address));

    /// <summary>The portal with a mocked email transport, a captured log and a send timeout short for a test but long beside a mocked send, even on a busy machine.</summary>
    public sealed class MockedTransportApplication : PortalApplication
    {
        public MockedTransportApplication()
        {
            Settings = new Dictionary<string, string> { ["Email:SendTimeout"] = "00:00:02" };
            ConfigureTestServices = services =>
            {
                Log.AddTo(services);
                services.AddSingleton(Transport.Object);
            };
        }

        public Mock<IEmailTransport> Transport { get; } = new();

        internal CapturedLog Log { get; } = new();
    }
}
