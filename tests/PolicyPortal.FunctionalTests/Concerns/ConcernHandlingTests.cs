using System.Net;
using Microsoft.EntityFrameworkCore;
using PolicyPortal.Testing;
using PolicyPortal.Web.Data.Seeding;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.FunctionalTests.Concerns;

/// <summary>The handler's steps: start the review, add notes, close with an outcome; each refused when it should be.</summary>
public sealed class ConcernHandlingTests(PortalApplication app) : IClassFixture<PortalApplication>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_principal_starts_the_review_adds_a_note_and_closes_with_an_outcome()
    {
        var id = await ConcernForms.ReportAsync(await app.SignedInAsync(DemoAccounts.Teacher), ConcernForms.About("Jo Patel"));
        var principal = await app.SignedInAsync(DemoAccounts.Principal);

        var review = await ConcernForms.ActAsync(principal, id, "review");
        var note = await ConcernForms.ActAsync(principal, id, "notes", new() { ["note"] = "Asked Jo to take the post down." });
        var close = await ConcernForms.ActAsync(principal, id, "close", new() { ["outcome"] = "The post is down; advice given." });
        var page = await principal.GetStringAsync($"/concerns/{id}");

        Assert.All([review, note, close], r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
        Assert.Contains("The concern is closed, and the person who reported it is told.", page, StringComparison.Ordinal);
        Assert.Contains("<td>Alex Morgan</td><td>Note: Asked Jo to take the post down.</td>", page, StringComparison.Ordinal);
        Assert.Contains("<td>Alex Morgan</td><td>Closed the concern. Outcome: The post is down; advice given.</td>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Close the concern", page, StringComparison.Ordinal);
        var stored = await app.WithDatabaseAsync(db => db.Concerns.SingleAsync());
        Assert.Equal(ConcernStatus.Closed, stored.Status);
        Assert.Equal("The post is down; advice given.", stored.OutcomeNote);
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime, stored.ClosedAtUtc);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Closing_without_an_outcome_is_refused_and_closes_nothing(string outcome)
    {
        var id = await ConcernForms.ReportAsync(await app.SignedInAsync(DemoAccounts.Teacher), ConcernForms.About("Jo Patel"));
        var principal = await app.SignedInAsync(DemoAccounts.Principal);

        var response = await ConcernForms.ActAsync(principal, id, "close", new() { ["outcome"] = outcome });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Write the outcome before closing the concern.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var stored = await app.WithDatabaseAsync(db => db.Concerns.SingleAsync());
        Assert.Equal(ConcernStatus.Received, stored.Status);
        Assert.Null(stored.OutcomeNote);
        Assert.DoesNotContain(ConcernEventKind.Closed, await app.WithDatabaseAsync(db => db.ConcernEvents.Select(e => e.Kind).ToListAsync()));
    }

    [Fact]
    public async Task Two_tabs_acting_at_once_the_second_is_told_of_the_first_and_changes_nothing()
    {
        var id = await ConcernForms.ReportAsync(await app.SignedInAsync(DemoAccounts.Teacher), ConcernForms.About("Jo Patel"));
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var stampSeenInBothTabs = await ConcernForms.StampAsync(principal, id);

        var first = await ConcernForms.ActAsync(principal, id, "review", stamp: stampSeenInBothTabs);
        var second = await ConcernForms.ActAsync(principal, id, "close", new() { ["outcome"] = "Second tab." }, stampSeenInBothTabs);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("This concern changed after you opened it: it is now under review. Look at it again before you act.", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var stored = await app.WithDatabaseAsync(db => db.Concerns.SingleAsync());
        Assert.Equal(ConcernStatus.UnderReview, stored.Status);
        Assert.Null(stored.OutcomeNote);
    }

    [Fact]
    public async Task A_colleague_looking_in_another_tab_does_not_turn_an_action_into_a_conflict()
    {
        var id = await ConcernForms.ReportAsync(await app.SignedInAsync(DemoAccounts.Teacher), ConcernForms.About("Alex Morgan"));
        var governor = await app.SignedInAsync(DemoAccounts.Governor);
        var otherGovernor = await app.SignedInAsync(await app.AddPersonAsync("chris.lee@example.org", "Chris Lee", "Chair of Governors", PolicyPortal.Web.Authorization.Roles.Governor));
        var stamp = await ConcernForms.StampAsync(governor, id);

        await otherGovernor.GetStringAsync($"/concerns/{id}");
        var review = await ConcernForms.ActAsync(governor, id, "review", stamp: stamp);

        Assert.Equal(HttpStatusCode.Redirect, review.StatusCode);
        Assert.Equal(ConcernStatus.UnderReview, await app.WithDatabaseAsync(db => db.Concerns.Select(c => c.Status).SingleAsync()));
    }

    [Fact]
    public async Task The_reporter_cannot_handle_their_own_report_and_others_are_told_there_is_no_such_concern()
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        var support = await app.SignedInAsync(DemoAccounts.Support);
        var id = await ConcernForms.ReportAsync(teacher, ConcernForms.About("Casey Jones"));
        var stamp = await ConcernForms.StampAsync(await app.SignedInAsync(DemoAccounts.Principal), id);

        Assert.Equal(HttpStatusCode.Forbidden, (await ConcernForms.ActAsync(teacher, id, "close", new() { ["outcome"] = "Sorted." }, stamp)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ConcernForms.ActAsync(teacher, id, "review", stamp: stamp)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ConcernForms.ActAsync(support, id, "notes", new() { ["note"] = "Nosy." }, stamp)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ConcernForms.ActAsync(support, id, "review", stamp: stamp)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ConcernForms.ActAsync(support, id, "close", new() { ["outcome"] = "Sorted." }, stamp)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ConcernForms.ActAsync(support, new string('0', 32), "review", stamp: stamp)).StatusCode);
        Assert.Equal(ConcernStatus.Received, await app.WithDatabaseAsync(db => db.Concerns.Select(c => c.Status).SingleAsync()));
        Assert.DoesNotContain(ConcernEventKind.NoteAdded, await app.WithDatabaseAsync(db => db.ConcernEvents.Select(e => e.Kind).ToListAsync()));
    }

    [Fact]
    public async Task The_queue_shows_waiting_concerns_first_and_filters_by_state()
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var closed = await ConcernForms.ReportAsync(teacher, ConcernForms.About("Casey Jones"));
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var underReview = await ConcernForms.ReportAsync(teacher, ConcernForms.About("Jo Patel"));
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var waiting = await ConcernForms.ReportAsync(teacher, ConcernForms.About("Pat Brown"));
        await ConcernForms.ActAsync(principal, closed, "close", new() { ["outcome"] = "No further action." });
        await ConcernForms.ActAsync(principal, underReview, "review");

        var all = await principal.GetStringAsync("/concerns");
        var onlyClosed = await principal.GetStringAsync("/concerns?status=Closed");

        var queue = all[all.IndexOf("Concerns to handle", StringComparison.Ordinal)..];
        Assert.True(
            queue.IndexOf($"/concerns/{waiting}\"", StringComparison.Ordinal) < queue.IndexOf($"/concerns/{underReview}\"", StringComparison.Ordinal)
            && queue.IndexOf($"/concerns/{underReview}\"", StringComparison.Ordinal) < queue.IndexOf($"/concerns/{closed}\"", StringComparison.Ordinal),
            "Waiting concerns come first, then those under review, then closed ones.");
        Assert.Contains($"/concerns/{closed}\"", onlyClosed, StringComparison.Ordinal);
        Assert.DoesNotContain($"/concerns/{waiting}\"", onlyClosed, StringComparison.Ordinal);
        Assert.DoesNotContain($"/concerns/{underReview}\"", onlyClosed, StringComparison.Ordinal);
        Assert.Contains("<option value=\"Closed\" selected=\"selected\">Closed</option>", onlyClosed, StringComparison.Ordinal);
        Assert.DoesNotContain("Concerns to handle", await teacher.GetStringAsync("/concerns"), StringComparison.Ordinal);
    }
}
