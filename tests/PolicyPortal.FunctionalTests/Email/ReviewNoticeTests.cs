using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PolicyPortal.Testing;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Data.Seeding;
using PolicyPortal.Web.Services;

namespace PolicyPortal.FunctionalTests.Email;

/// <summary>The Principal and governors hear 30 days before an annual review falls due, and on the day: once each.</summary>
public sealed class ReviewNoticeTests(PortalApplication app) : IClassFixture<PortalApplication>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private const string Title = "Personal Use of Social Media Sites";
    private const string HistoryLink = "https://portal.school.example" + SeedPolicy.Url + "/revisions";

    // Reviewed today, Tuesday 24 November 2026, so the next review falls due on Wednesday 24 November 2027.
    private static readonly DateTimeOffset DayBeforeTheNotice = new(2027, 10, 24, 9, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset ThirtyDaysBefore = new(2027, 10, 25, 9, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset DueDay = new(2027, 11, 24, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_principal_and_governors_are_told_30_days_before_and_on_the_day_once_each_however_often_the_job_runs()
    {
        await app.AddPersonAsync("chair@example.org", "Pat Chair", "Chair of Governors", Roles.Governor);
        Assert.Equal(HttpStatusCode.Redirect, (await RecordReviewAsync(app)).StatusCode);

        Mailbox.MoveClockTo(app, DayBeforeTheNotice);
        var tooEarly = await RunTimesAsync(app, 3);
        Mailbox.MoveClockTo(app, ThirtyDaysBefore);
        var soon = await RunTimesAsync(app, 3);
        await Mailbox.DispatchAsync(app);
        Mailbox.MoveClockTo(app, ThirtyDaysBefore.AddDays(10));
        var inBetween = await RunTimesAsync(app, 3);
        Mailbox.MoveClockTo(app, DueDay);
        var onTheDay = await RunTimesAsync(app, 3);
        await Mailbox.DispatchAsync(app);
        Mailbox.MoveClockTo(app, DueDay.AddDays(1));
        var dayAfter = await RunTimesAsync(app, 3);
        await Mailbox.DispatchAsync(app);

        Assert.Equal((0, 1, 0, 1, 0), (tooEarly, soon, inBetween, onTheDay, dayAfter));
        string[] everyone = ["chair@example.org", DemoAccounts.Governor.Email, DemoAccounts.Principal.Email];
        foreach (var person in everyone)
        {
            var emails = Mailbox.To(app, person);
            Assert.Equal(
                [$"Please plan the annual review of {Title}: due on 24 November 2027", $"Please review {Title}: its annual review is due today"],
                emails.Select(m => m.Subject));
            Assert.All(emails, m => Assert.Contains($"{HistoryLink}\n", m.TextBody, StringComparison.Ordinal));
            Assert.All(emails, Mailbox.AssertSentInSchoolHours);
        }

        Assert.Equal(6, Mailbox.Read(app).Count);
        var governors = Mailbox.To(app, DemoAccounts.Governor.Email);
        Assert.StartsWith("Dear Robin Hughes,\n\nThe governing body's annual review of Personal Use of Social Media Sites (version 1.0, in force) is due on 24 November 2027.", governors[0].TextBody, StringComparison.Ordinal);
        Assert.Equal(new DateTime(2027, 10, 25, 10, 30, 0), Mailbox.SentAt(governors[0])); // British Summer Time
    }

    [Fact]
    public async Task A_notice_found_due_at_the_weekend_waits_for_monday_morning()
    {
        Assert.Equal(HttpStatusCode.Redirect, (await RecordReviewAsync(app, reviewedOn: "2026-11-20")).StatusCode); // due Saturday 20 November 2027

        Mailbox.MoveClockTo(app, new DateTimeOffset(2027, 11, 20, 0, 5, 0, TimeSpan.Zero));
        await RunTimesAsync(app, 1);
        var atTheWeekend = await Mailbox.DispatchAsync(app);
        Mailbox.MoveClockTo(app, new DateTimeOffset(2027, 11, 22, 7, 30, 0, TimeSpan.Zero));
        var onMonday = await Mailbox.DispatchAsync(app);

        Assert.Equal((0, 2), (atTheWeekend, onMonday));
        Assert.All(Mailbox.Read(app), m => Assert.Equal($"Please review {Title}: its annual review is due today", m.Subject));
        Assert.All(Mailbox.Read(app), Mailbox.AssertSentInSchoolHours);
    }

    [Fact]
    public async Task Two_servers_running_the_notices_at_once_and_a_restart_tell_each_person_once()
    {
        using var first = new PortalApplication();
        await first.AddPersonAsync("chair@example.org", "Pat Chair", "Chair of Governors", Roles.Governor);
        await RecordReviewAsync(first);
        using var second = first.SecondInstance();
        _ = second.Services;

        var notices = 0;
        foreach (var day in new[] { ThirtyDaysBefore, DueDay })
        {
            Mailbox.MoveClockTo(first, day);
            Mailbox.MoveClockTo(second, day);
            var rounds = await Task.WhenAll(RunTimesAsync(first, 1), RunTimesAsync(second, 1), RunTimesAsync(first, 1), RunTimesAsync(second, 1));
            notices += rounds.Sum();
            await Task.WhenAll(Task.Run(() => Mailbox.DispatchAsync(first)), Task.Run(() => Mailbox.DispatchAsync(second)));
        }

        // A server started afresh on the same database finds both notices gone.
        using var restarted = first.SecondInstance();
        Mailbox.MoveClockTo(restarted, DueDay);
        var afterRestart = await RunTimesAsync(restarted, 1);

        Assert.Equal(2, notices);
        Assert.Equal(0, afterRestart);
        var emails = Mailbox.Read(first).Concat(Mailbox.Read(second)).ToList();
        Assert.Equal(6, emails.Count);
        Assert.All(emails.GroupBy(m => m.To.Mailboxes.Single().Address), person => Assert.Equal(2, person.Select(m => m.Subject).Distinct().Count()));
    }

    private static async Task<HttpResponseMessage> RecordReviewAsync(PortalApplication app, string reviewedOn = "2026-11-24")
    {
        var governor = await app.SignedInAsync(DemoAccounts.Governor);
        return await governor.PostFormAsync(SeedPolicy.Url + "/revisions", SeedPolicy.Url + "/annual-review", new() { ["ReviewedOn"] = reviewedOn, ["MinuteReference"] = "FGB 2026/15" });
    }

    // The background job's rounds, each in a scope of its own as the runner makes them.
    private static async Task<int> RunTimesAsync(PortalApplication app, int times)
    {
        var sent = 0;
        for (var round = 0; round < times; round++)
        {
            sent += await Task.Run(async () =>
            {
                await using var scope = app.Services.CreateAsyncScope();
                return await scope.ServiceProvider.GetRequiredService<ReviewNotices>().RunAsync();
            });
        }

        return sent;
    }
}
