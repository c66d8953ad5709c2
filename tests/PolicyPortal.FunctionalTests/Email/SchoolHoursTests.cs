using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using PolicyPortal.Testing;
using PolicyPortal.Web.Data.Seeding;
using PolicyPortal.Web.Services;

namespace PolicyPortal.FunctionalTests.Email;

/// <summary>Emails arrive in school hours, 07:30 to 18:00 on weekdays, except the ones someone is waiting for.</summary>
public sealed partial class SchoolHoursTests(PortalApplication app) : IClassFixture<PortalApplication>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    // The shipped policy came into force on Tuesday 24 November 2026, so the first automatic reminders are due from Tuesday 1 December.
    private static readonly DateTimeOffset FridayEvening = new(2026, 12, 4, 23, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Reminders_made_at_23_00_on_a_friday_wait_for_monday_07_30_and_then_go_once()
    {
        Mailbox.MoveClockTo(app, FridayEvening);
        var reminded = await RunRemindersAsync();
        var atNight = await Mailbox.DispatchAsync(app);
        Mailbox.MoveClockTo(app, FridayEvening.AddHours(13)); // Saturday midday
        var atTheWeekend = await Mailbox.DispatchAsync(app);
        Mailbox.MoveClockTo(app, new DateTimeOffset(2026, 12, 7, 7, 29, 0, TimeSpan.Zero));
        var justBefore = await Mailbox.DispatchAsync(app);
        Mailbox.MoveClockTo(app, new DateTimeOffset(2026, 12, 7, 7, 30, 0, TimeSpan.Zero));
        var atOpening = await Mailbox.DispatchAsync(app);
        var again = await Mailbox.DispatchAsync(app);

        Assert.Equal(4, reminded);
        Assert.Equal((0, 0, 0), (atNight, atTheWeekend, justBefore));
        Assert.Equal(4, atOpening);
        Assert.Equal(0, again);
        var emails = Mailbox.Read(app);
        Assert.Equal(4, emails.Count);
        Assert.Equal(4, emails.Select(m => m.To.Mailboxes.Single().Address).Distinct().Count());
        Assert.All(emails, m => Assert.Equal(new DateTime(2026, 12, 7, 7, 30, 0), Mailbox.SentAt(m)));
        Assert.All(emails, Mailbox.AssertSentInSchoolHours);
    }

    [Fact]
    public async Task In_british_summer_time_the_hours_are_the_schools_not_utcs()
    {
        // 06:45 UTC on a Monday in June is 07:45 in London.
        Mailbox.MoveClockTo(app, new DateTimeOffset(2027, 6, 7, 6, 45, 0, TimeSpan.Zero));
        await RunRemindersAsync();

        Assert.Equal(4, await Mailbox.DispatchAsync(app));
        Assert.All(Mailbox.Read(app), m => Assert.Equal(new DateTime(2027, 6, 7, 7, 45, 0), Mailbox.SentAt(m)));
    }

    [Fact]
    public async Task A_password_reset_asked_for_at_23_00_goes_at_once_and_the_reminders_waiting_stay_behind()
    {
        Mailbox.MoveClockTo(app, FridayEvening);
        await RunRemindersAsync();
        var visitor = app.Anonymous();

        await visitor.PostFormAsync("/account/forgot-password", "/account/forgot-password", new() { ["Email"] = DemoAccounts.Teacher.Email });
        var sent = await Mailbox.DispatchAsync(app);

        Assert.Equal(1, sent);
        var reset = Assert.Single(Mailbox.Read(app));
        Assert.Equal(DemoAccounts.Teacher.Email, reset.To.Mailboxes.Single().Address);
        Assert.Equal("PolicyPortal: choose a new password", reset.Subject);
        Assert.Equal(new DateTime(2026, 12, 4, 23, 0, 0), Mailbox.SentAt(reset));
        var link = new Uri(ResetLink().Match(reset.TextBody ?? "").Value);
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync(link.PathAndQuery)).StatusCode);
    }

    [Fact]
    public async Task An_invitation_the_principal_sends_at_21_00_goes_at_once()
    {
        Mailbox.MoveClockTo(app, new DateTimeOffset(2026, 11, 24, 21, 0, 0, TimeSpan.Zero));
        var principal = await app.SignedInAsync(DemoAccounts.Principal);

        await People.PeopleSteps.AddAsync(principal, "Chris Evans", "chris.evans@example.org", "Teacher of Music", "Staff");
        var sent = await Mailbox.DispatchAsync(app);

        Assert.Equal(1, sent);
        var invitation = Assert.Single(Mailbox.Read(app));
        Assert.Equal("chris.evans@example.org", invitation.To.Mailboxes.Single().Address);
        Assert.Equal("You are invited to PolicyPortal: set your password", invitation.Subject);
        Assert.Equal(new DateTime(2026, 11, 24, 21, 0, 0), Mailbox.SentAt(invitation));
    }

    private async Task<int> RunRemindersAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<Reminders>().RunAsync()).Reminded;
    }

    [GeneratedRegex(@"https://portal\.school\.example/account/reset-password\?\S+")]
    private static partial Regex ResetLink();
}
