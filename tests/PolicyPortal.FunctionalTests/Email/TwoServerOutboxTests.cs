using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using PolicyPortal.Testing;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Services.Email;

namespace PolicyPortal.FunctionalTests.Email;

public sealed class TwoServerOutboxTests
{
    [Fact]
    public async Task A_password_link_asked_for_at_night_on_one_server_goes_at_once_from_another_and_nothing_else_does()
    {
        using var first = new PortalApplication();
        using var second = first.SecondInstance();
        var fridayNight = new DateTimeOffset(2026, 12, 4, 23, 0, 0, TimeSpan.Zero);
        first.Clock.Advance(fridayNight - first.Clock.GetUtcNow());
        second.Clock.Advance(fridayNight - second.Clock.GetUtcNow());
        await first.Anonymous().PostFormAsync("/account/forgot-password", "/account/forgot-password", new() { ["Email"] = Web.Data.Seeding.DemoAccounts.Teacher.Email });
        await first.WithDatabaseAsync(db =>
        {
            db.OutboxMessages.Add(new OutboxMessage("person@example.org", "Person", "A reminder", "Hello.", fridayNight.UtcDateTime));
            return db.SaveChangesAsync();
        });

        // The first server is gone (restarted, say): the mark is in the database, so the second sends the link.
        var sent = await second.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync();

        Assert.Equal(1, sent);
        Assert.Equal("PolicyPortal: choose a new password", MimeMessage.Load(Directory.GetFiles(second.MailPickupDirectory, "*.eml").Single()).Subject);
        Assert.Equal(1, await first.WithDatabaseAsync(db => db.OutboxMessages.CountAsync(m => m.SentAtUtc == null)));
    }

    [Fact]
    public async Task Two_servers_sending_at_once_send_each_email_exactly_once()
    {
        using var first = new PortalApplication();
        using var second = first.SecondInstance();
        _ = second.Services;
        await first.WithDatabaseAsync(async db =>
        {
            for (var n = 1; n <= 120; n++)
            {
                db.OutboxMessages.Add(new OutboxMessage($"person{n}@example.org", $"Person {n}", $"Message {n}", "Hello.", first.Clock.GetUtcNow().UtcDateTime));
            }

            await db.SaveChangesAsync();
        });

        // Each server's dispatcher runs one pass at a time, so race two passes of each from separate threads until the outbox is empty.
        var sent = 0;
        for (var round = 0; round < 5; round++)
        {
            var passes = await Task.WhenAll(
                Task.Run(() => first.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync()),
                Task.Run(() => second.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync()));
            sent += passes.Sum();
        }

        // A server that won no claim sent nothing, and its pickup folder is made only by a first email.
        var subjects = new[] { first.MailPickupDirectory, second.MailPickupDirectory }
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.GetFiles(folder, "*.eml"))
            .Select(f => MimeMessage.Load(f).Subject)
            .ToList();
        Assert.Equal(120, sent);
        Assert.Equal(120, subjects.Count);
        Assert.Equal(120, subjects.Distinct().Count());
        Assert.Equal(0, await first.WithDatabaseAsync(db => db.OutboxMessages.CountAsync(m => m.SentAtUtc == null)));
    }

    [Fact]
    public async Task A_claim_left_by_a_server_that_died_runs_out_and_the_email_goes_later()
    {
        using var app = new PortalApplication();
        await app.WithDatabaseAsync(async db =>
        {
            db.OutboxMessages.Add(new OutboxMessage("teacher@example.org", "Sam Taylor", "Left behind", "Hello.", app.Clock.GetUtcNow().UtcDateTime));
            await db.SaveChangesAsync();
            await db.OutboxMessages.ExecuteUpdateAsync(set => set
                .SetProperty(m => m.ClaimedBy, "a-server-that-died")
                .SetProperty(m => m.ClaimedUntilUtc, app.Clock.GetUtcNow().UtcDateTime + OutboxDispatcher.ClaimLease));
        });
        var dispatcher = app.Services.GetRequiredService<OutboxDispatcher>();

        var whileClaimed = await dispatcher.DispatchDueAsync();
        app.Clock.Advance(OutboxDispatcher.ClaimLease + TimeSpan.FromSeconds(1));
        var afterTheLease = await dispatcher.DispatchDueAsync();

        Assert.Equal(0, whileClaimed);
        Assert.Equal(1, afterTheLease);
    }
}
