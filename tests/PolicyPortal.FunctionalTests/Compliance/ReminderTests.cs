using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PolicyPortal.FunctionalTests.Data;
using PolicyPortal.FunctionalTests.Signing;
using PolicyPortal.Testing;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Data.Seeding;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Services;
using Serilog.Events;

namespace PolicyPortal.FunctionalTests.Compliance;

public sealed class ReminderTests(PortalApplication app) : IClassFixture<PortalApplication>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private const string SeedUrl = "/compliance/" + SeedPolicy.Slug;

    [Fact]
    public async Task One_action_reminds_everyone_outstanding_by_email_and_the_page_shows_when()
    {
        await SigningForm.SignAsync(await app.SignedInAsync(DemoAccounts.Teacher), "Sam Taylor");
        var principal = await app.SignedInAsync(DemoAccounts.Principal);

        var response = await principal.PostFormAsync(SeedUrl, SeedUrl + "/remind", []);
        var page = await principal.GetStringAsync(SeedUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("Reminded 3 people by email.", page, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">Jo Patel</th><td>Staff</td><td>Teaching Assistant</td><td>0 days</td><td>24 November 2026</td>", page, StringComparison.Ordinal);
        var emails = await OutboxAsync(app);
        Assert.Equal(["governor@example.org", "principal@example.org", "support@example.org"], emails.Select(e => e.ToAddress).Order());
        Assert.All(emails, e => Assert.Equal("Please read and sign: Personal Use of Social Media Sites", e.Subject));
        Assert.All(emails, e => Assert.Contains("https://portal.school.example/policies/" + SeedPolicy.Slug, e.Body, StringComparison.Ordinal));
        Assert.Equal(3, await app.WithDatabaseAsync(db => db.Reminders.CountAsync(r => r.Kind == ReminderKind.Manual && r.SentByName == "Alex Morgan")));
    }

    [Fact]
    public async Task Someone_who_never_set_a_password_is_sent_a_new_invitation_naming_the_policy_instead_of_a_reminder()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        await principal.PostFormAsync("/people/new", "/people/new", new() { ["FullName"] = "Lee Chen", ["Email"] = "lee.chen@example.org", ["Roles"] = Roles.Staff });
        await app.WithDatabaseAsync(db => db.OutboxMessages.ExecuteDeleteAsync());

        await principal.PostFormAsync(SeedUrl, SeedUrl + "/remind", []);

        var toLee = Assert.Single(await OutboxAsync(app), e => e.ToAddress == "lee.chen@example.org");
        Assert.Equal("You are still invited to PolicyPortal: set your password to sign a policy", toLee.Subject);
        Assert.Contains("- Personal Use of Social Media Sites (version 1.0): https://portal.school.example/policies/" + SeedPolicy.Slug + "\n", toLee.Body, StringComparison.Ordinal);
        Assert.Contains("https://portal.school.example/account/set-password?", toLee.Body, StringComparison.Ordinal);
        Assert.All((await OutboxAsync(app)).Where(e => e.ToAddress != "lee.chen@example.org"), e => Assert.StartsWith("Please read and sign", e.Subject, StringComparison.Ordinal));
        Assert.Equal(1, await app.WithDatabaseAsync(db => db.Reminders.CountAsync(r => db.Users.Any(u => u.Id == r.UserId && u.Email == "lee.chen@example.org"))));

        // The link in it sets the password: Lee can then sign in and sign.
        var link = await People.PeopleSteps.InvitationLinkAsync(app, "lee.chen@example.org");
        Assert.Equal(HttpStatusCode.Redirect, (await People.PeopleSteps.SetPasswordAsync(app.Anonymous(), link, "a long enough new password")).StatusCode);
        Assert.Contains("Invitation sent", await principal.GetStringAsync(await People.PeopleSteps.PersonUrlAsync(app, "lee.chen@example.org")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reminding_again_the_same_day_leaves_alone_everyone_already_reminded()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        await principal.PostFormAsync(SeedUrl, SeedUrl + "/remind", []);

        await principal.PostFormAsync(SeedUrl, SeedUrl + "/remind", []);
        var page = await principal.GetStringAsync(SeedUrl);

        Assert.Contains("Nobody was reminded: all 4 outstanding people had already been reminded today.", page, StringComparison.Ordinal);
        Assert.Equal(4, (await OutboxAsync(app)).Count);
    }

    [Fact]
    public async Task Only_the_principal_sends_reminders_and_only_with_the_form_token()
    {
        var governor = await app.SignedInAsync(DemoAccounts.Governor);
        var principal = await app.SignedInAsync(DemoAccounts.Principal);

        var byGovernor = await governor.PostFormAsync(SeedUrl, SeedUrl + "/remind", []);
        var withoutToken = await principal.PostAsync(SeedUrl + "/remind", new FormUrlEncodedContent([]));
        var governorsPage = await governor.GetStringAsync(SeedUrl);

        Assert.Equal(HttpStatusCode.Forbidden, byGovernor.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);
        Assert.DoesNotContain("/remind", governorsPage, StringComparison.Ordinal);
        Assert.Empty(await OutboxAsync(app));
    }

    [Fact]
    public async Task Automatic_reminders_start_after_the_configured_days_then_come_weekly_until_the_person_signs()
    {
        using var weekly = new PortalApplication { Settings = new Dictionary<string, string> { ["Reminders:FirstAfterDays"] = "3", ["Reminders:RepeatEveryDays"] = "7" } };
        var remindedOn = new List<(int Day, int People)>();
        for (var day = 0; day <= 12; day++)
        {
            if (day == 5)
            {
                await SigningForm.SignAsync(await weekly.SignedInAsync(DemoAccounts.Teacher), "Sam Taylor");
            }

            remindedOn.Add((day, (await RunRemindersAsync(weekly)).Reminded));
            weekly.Clock.Advance(TimeSpan.FromDays(1));
        }

        // In force on day 0: first reminders on day 3 (all four), then day 10 (the teacher signed on day 5).
        Assert.Equal([(3, 4), (10, 3)], remindedOn.Where(d => d.People > 0));
        var teachersReminders = await weekly.WithDatabaseAsync(db => db.Reminders.CountAsync(r => r.UserId == db.Users.Single(u => u.Email == DemoAccounts.Teacher.Email).Id));
        Assert.Equal(1, teachersReminders);
    }

    [Fact]
    public async Task Two_instances_reminding_at_once_remind_each_outstanding_person_once_per_due_day()
    {
        var settings = new Dictionary<string, string> { ["Reminders:FirstAfterDays"] = "1", ["Reminders:RepeatEveryDays"] = "1" };
        var log = new CapturedLog();
        using var first = new PortalApplication { Settings = settings, ConfigureTestServices = log.AddTo };
        for (var n = 1; n <= 40; n++)
        {
            await first.AddPersonAsync($"staff{n}@example.org", $"Member of Staff {n}", "Teacher", Roles.Staff);
        }

        using var second = first.SecondInstance();
        _ = second.Services;

        for (var day = 1; day <= 4; day++)
        {
            first.Clock.Advance(TimeSpan.FromDays(1));
            second.Clock.Advance(TimeSpan.FromDays(1));
            var rounds = await Task.WhenAll(RunRemindersAsync(first), RunRemindersAsync(second), RunRemindersAsync(first), RunRemindersAsync(second));
            Assert.Equal(44, rounds.Sum(r => r.Reminded));
        }

        var perPersonAndDay = await first.WithDatabaseAsync(db => db.Reminders.GroupBy(r => new { r.UserId, r.SchoolDay }).Select(g => g.Count()).ToListAsync());
        Assert.Equal(44 * 4, perPersonAndDay.Count);
        Assert.All(perPersonAndDay, count => Assert.Equal(1, count));
        Assert.Equal(44 * 4, (await OutboxAsync(first)).Count);

        // Each person the other instance reminded meanwhile is one line, not an error with a stack trace.
        Assert.DoesNotContain(log.Events, e => e.Level >= LogEventLevel.Error);
    }

    [Fact]
    public async Task A_leaver_is_neither_counted_nor_reminded_and_their_signature_stays_in_the_evidence()
    {
        await SigningForm.SignAsync(await app.SignedInAsync(DemoAccounts.Support), "Jo Patel");
        await app.WithDatabaseAsync(async db =>
        {
            var support = await db.Users.SingleAsync(u => u.Email == DemoAccounts.Support.Email);
            support.DeactivatedAtUtc = app.Clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync();
        });
        var principal = await app.SignedInAsync(DemoAccounts.Principal);

        var dashboard = await principal.GetStringAsync("/compliance");
        await principal.PostFormAsync(SeedUrl, SeedUrl + "/remind", []);
        var evidence = await principal.GetStringAsync(SeedUrl + "/evidence");

        Assert.Contains("<td>0 of 2 (0%)</td>", dashboard, StringComparison.Ordinal); // the Principal and the teacher
        Assert.DoesNotContain(await OutboxAsync(app), e => e.ToAddress == DemoAccounts.Support.Email);
        Assert.Contains("Signed, and have since left", evidence, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">Jo Patel</th><td>support@example.org</td><td>24 November 2026 at 09:30</td>", evidence, StringComparison.Ordinal);
    }

    private static Task<ReminderRound> RunRemindersAsync(PortalApplication app) =>
        Task.Run(async () =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<Reminders>().RunAsync();
        });

    private static Task<List<OutboxMessage>> OutboxAsync(PortalApplication app) =>
        app.WithDatabaseAsync(db => db.OutboxMessages.AsNoTracking().ToListAsync());
}
