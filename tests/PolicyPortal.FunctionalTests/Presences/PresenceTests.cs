using System.Net;
using Microsoft.EntityFrameworkCore;
using PolicyPortal.Testing;
using PolicyPortal.Web.Data.Seeding;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.FunctionalTests.Presences;

public sealed class PresenceTests(PortalApplication app) : IClassFixture<PortalApplication>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_request_is_sent_back_changed_resubmitted_approved_with_a_condition_and_put_on_the_register()
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        var principal = await app.SignedInAsync(DemoAccounts.Principal);

        var id = await SubmitAsync(teacher);
        Assert.Equal(HttpStatusCode.Redirect, (await DecideAsync(principal, id, "RequestChanges", "Say which year groups.")).StatusCode);
        var edit = PresenceForms.Endorsed();
        edit["Purpose"] = "Revision resources for Years 10 and 11.";
        edit["ConcurrencyStamp"] = await StampAsync(teacher, id);
        Assert.Equal(HttpStatusCode.Redirect, (await teacher.PostFormAsync("/presences", $"/presences/{id}/edit", edit)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await teacher.PostFormAsync("/presences", $"/presences/{id}/resubmit", new() { ["ConcurrencyStamp"] = await StampAsync(teacher, id) })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await DecideAsync(principal, id, "Approve", "Post only in school hours.")).StatusCode);

        var register = await (await app.SignedInAsync(DemoAccounts.Governor)).GetStringAsync("/presences/register");
        Assert.Contains("<th scope=\"row\">@KE7Geography</th><td>Sam Taylor</td><td>X (Twitter)</td><td>Academy endorsed</td><td>24 November 2027</td>", register, StringComparison.Ordinal);
        var page = await teacher.GetStringAsync($"/presences/{id}");
        Assert.Contains("Post only in school hours.", page, StringComparison.Ordinal);
        Assert.Equal(
            [PresenceEventKind.Submitted, PresenceEventKind.ChangesRequested, PresenceEventKind.Edited, PresenceEventKind.Resubmitted, PresenceEventKind.Approved],
            await app.WithDatabaseAsync(db => db.PresenceEvents.OrderBy(e => e.Id).Select(e => e.Kind).ToListAsync()));
    }

    [Fact]
    public async Task Staff_see_and_act_only_on_their_own_requests_and_decide_none()
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        var support = await app.SignedInAsync(DemoAccounts.Support);
        var governor = await app.SignedInAsync(DemoAccounts.Governor);
        var id = await SubmitAsync(teacher);
        var stamp = await StampAsync(teacher, id);

        Assert.Equal(HttpStatusCode.NotFound, (await support.GetAsync($"/presences/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await support.GetAsync($"/presences/{id}/edit")).StatusCode);
        foreach (var action in new[] { "withdraw", "resubmit", "reconfirm", "retire" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await support.PostFormAsync("/presences", $"/presences/{id}/{action}", new() { ["ConcurrencyStamp"] = stamp })).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await support.PostFormAsync("/presences", $"/presences/{id}/edit", new(PresenceForms.Endorsed("@Hijacked")) { ["ConcurrencyStamp"] = stamp })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await DecideAsync(support, id, "Approve", null, stamp)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await DecideAsync(teacher, id, "Approve", null, stamp)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await support.GetAsync("/presences/review")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await DecideAsync(governor, id, "Approve", null, stamp)).StatusCode);
        Assert.DoesNotContain("KE7Geography", await support.GetStringAsync("/presences"), StringComparison.Ordinal);
        Assert.DoesNotContain("KE7Geography", await governor.GetStringAsync("/presences/review"), StringComparison.Ordinal);

        Assert.Equal(PresenceStatus.Submitted, await app.WithDatabaseAsync(db => db.PresenceRequests.Select(r => r.Status).SingleAsync()));
    }

    [Fact]
    public async Task The_principals_own_request_is_decided_by_a_governor_not_the_principal()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var governor = await app.SignedInAsync(DemoAccounts.Governor);
        var id = await SubmitAsync(principal, "@KE7Principal");

        Assert.Equal(HttpStatusCode.Forbidden, (await DecideAsync(principal, id, "Approve", null, await StampAsync(principal, id))).StatusCode);
        Assert.Contains("@KE7Principal", await governor.GetStringAsync("/presences/review"), StringComparison.Ordinal);
        Assert.DoesNotContain("@KE7Principal", await principal.GetStringAsync("/presences/review"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await DecideAsync(governor, id, "Approve", null)).StatusCode);
        Assert.Equal(PresenceStatus.Approved, await app.WithDatabaseAsync(db => db.PresenceRequests.Select(r => r.Status).SingleAsync()));
    }

    [Theory]
    [InlineData("Decline", "Give the reason for declining.")]
    [InlineData("RequestChanges", "Say what should change.")]
    public async Task Declining_or_asking_for_changes_without_words_is_refused(string decision, string message)
    {
        var id = await SubmitAsync(await app.SignedInAsync(DemoAccounts.Teacher));
        var principal = await app.SignedInAsync(DemoAccounts.Principal);

        var response = await DecideAsync(principal, id, decision, "  ");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(PresenceStatus.Submitted, await app.WithDatabaseAsync(db => db.PresenceRequests.Select(r => r.Status).SingleAsync()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Sack")]
    public async Task A_decision_that_is_missing_or_unknown_decides_nothing(string decision)
    {
        var id = await SubmitAsync(await app.SignedInAsync(DemoAccounts.Teacher));
        var principal = await app.SignedInAsync(DemoAccounts.Principal);

        var response = await DecideAsync(principal, id, decision, "A note.");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Choose what to do", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(PresenceStatus.Submitted, await app.WithDatabaseAsync(db => db.PresenceRequests.Select(r => r.Status).SingleAsync()));
    }

    [Fact]
    public async Task Revoking_needs_a_reason_and_takes_the_presence_off_the_register()
    {
        var id = await SubmitAsync(await app.SignedInAsync(DemoAccounts.Teacher));
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        await DecideAsync(principal, id, "Approve", null);

        var withoutReason = await DecideAsync(principal, id, "Revoke", "");
        var withReason = await DecideAsync(principal, id, "Revoke", "Students were followed back.");

        Assert.Equal(HttpStatusCode.BadRequest, withoutReason.StatusCode);
        Assert.Contains("Give the reason for revoking the approval.", await withoutReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, withReason.StatusCode);
        Assert.DoesNotContain("KE7Geography", await principal.GetStringAsync("/presences/register"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_decisions_made_at_once_one_wins_and_the_other_is_told()
    {
        var id = await SubmitAsync(await app.SignedInAsync(DemoAccounts.Teacher));
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var stampSeenInBothTabs = await StampAsync(principal, id);

        var first = await DecideAsync(principal, id, "Approve", "First tab.", stampSeenInBothTabs);
        var second = await DecideAsync(principal, id, "Decline", "Second tab.", stampSeenInBothTabs);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("This request changed after you opened it: it is now approved.", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var stored = await app.WithDatabaseAsync(db => db.PresenceRequests.SingleAsync());
        Assert.Equal(PresenceStatus.Approved, stored.Status);
        Assert.Equal("First tab.", stored.DecisionNote);
    }

    [Theory]
    [InlineData("KeptSeparateFromPersonal", "Confirm that the presence is kept entirely separate from any personal presence.")]
    [InlineData("StudentsNotFollowedBack", "Confirm that students are not followed back.")]
    public async Task A_missing_confirmation_is_refused_with_the_field_named(string field, string message)
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        var form = PresenceForms.Endorsed();
        form.Remove(field);

        var response = await teacher.PostFormAsync("/presences/new", "/presences/new", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"<a href=\"#{field}\">{message}</a>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDatabaseAsync(db => db.PresenceRequests.CountAsync()));
    }

    [Fact]
    public async Task An_academy_owned_blog_needs_its_own_two_confirmations()
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        var form = PresenceForms.Endorsed();
        form["Platform"] = "Blog";
        form["Kind"] = "AcademyOwned";

        var page = await (await teacher.PostFormAsync("/presences/new", "/presences/new", form)).Content.ReadAsStringAsync();

        Assert.Contains("Confirm that the blog is moderated as an extension of the academy website.", page, StringComparison.Ordinal);
        Assert.Contains("Confirm that access to an academy-owned account is shared with the Principal.", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nothing_that_looks_like_a_password_is_stored()
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        var form = PresenceForms.Endorsed();
        form["Purpose"] = "Shared account, password: Geog2026!";

        var response = await teacher.PostFormAsync("/presences/new", "/presences/new", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Never type a password into the portal", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDatabaseAsync(db => db.PresenceRequests.CountAsync()));
    }

    private static async Task<int> SubmitAsync(HttpClient requester, string handle = "@KE7Geography")
    {
        var response = await requester.PostFormAsync("/presences/new", "/presences/new", PresenceForms.Endorsed(handle));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return int.Parse(response.Headers.Location!.OriginalString.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<string> StampAsync(HttpClient client, int id) =>
        PortalClient.HiddenValue(await client.GetStringAsync($"/presences/{id}"), "ConcurrencyStamp");

    private static async Task<HttpResponseMessage> DecideAsync(HttpClient decider, int id, string decision, string? note, string? stamp = null) =>
        await decider.PostFormAsync("/presences", $"/presences/{id}/decision", new()
        {
            ["ConcurrencyStamp"] = stamp ?? await StampAsync(decider, id),
            ["decision"] = decision,
            ["note"] = note ?? string.Empty,
        });
}
