using System.Net;
using Microsoft.EntityFrameworkCore;
using PolicyPortal.Testing;
using PolicyPortal.Web.Data.Seeding;
using PolicyPortal.Web.Domain;
using static PolicyPortal.FunctionalTests.Lifecycle.LifecycleSteps;

namespace PolicyPortal.FunctionalTests.Lifecycle;

public sealed class LifecycleRulesTests(PortalApplication app) : IClassFixture<PortalApplication>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static readonly string ChangedBody = SeedPolicy.Document.Body + "\n\nA new closing paragraph.";

    [Fact]
    public async Task Staff_cannot_create_edit_submit_review_or_adopt()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        await StartDraftAsync(principal);
        var stamp = await StampAsync(principal, DraftUrl);
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);

        var attempts = new Dictionary<string, Dictionary<string, string>>
        {
            ["/policies/new"] = new() { ["Title"] = "E-Safety Policy", ["Slug"] = "e-safety", ["StaffSign"] = "true", ["ReviewCycleMonths"] = "12" },
            [DraftUrl + "/start"] = [],
            [DraftUrl] = new() { ["Body"] = "Hijacked.", ["ChangeSummary"] = "x", ["Kind"] = "Material", ["Intent"] = "save", ["ConcurrencyStamp"] = stamp },
            [DraftUrl + "/submit"] = new() { ["ConcurrencyStamp"] = stamp },
            [ReviewUrl + "/views"] = new() { ["Verdict"] = "ReadyForAdoption" },
            [ReviewUrl + "/comments"] = new() { ["Text"] = "Hello" },
            [ReviewUrl + "/adoption"] = new() { ["ConcurrencyStamp"] = stamp, ["MeetingDate"] = "2026-11-20", ["MinuteReference"] = "x", ["SignedBy"] = "x", ["EffectiveFrom"] = "2026-11-24" },
            [SeedPolicy.Url + "/annual-review"] = new() { ["ReviewedOn"] = "2026-11-20", ["MinuteReference"] = "x" },
        };
        foreach (var (url, fields) in attempts)
        {
            var response = await teacher.PostFormAsync("/", url, fields);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"POST {url} answered {(int)response.StatusCode}");
        }

        foreach (var url in new[] { "/policies/new", DraftUrl, "/reviews", ReviewUrl })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await teacher.GetAsync(url)).StatusCode);
        }

        var draft = await app.WithDatabaseAsync(db => db.PolicyRevisions.SingleAsync(r => r.Status == RevisionStatus.Draft));
        Assert.Equal(SeedPolicy.Document.Body, draft.Body);
        Assert.Equal(1, await app.WithDatabaseAsync(db => db.Policies.CountAsync()));
    }

    [Fact]
    public async Task A_governor_cannot_create_policies_or_edit_text_and_the_principal_cannot_adopt()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var governor = await app.SignedInAsync(DemoAccounts.Governor);
        await StartDraftAsync(principal);
        Assert.Equal(HttpStatusCode.Redirect, (await SaveDraftAsync(principal, ChangedBody, "Closing paragraph.", "Minor")).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await governor.PostFormAsync("/", "/policies/new", new() { ["Title"] = "X", ["Slug"] = "x", ["StaffSign"] = "true" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await governor.PostFormAsync("/", DraftUrl, new() { ["Body"] = "Governor's text", ["ChangeSummary"] = "x", ["Kind"] = "Minor", ["Intent"] = "save", ["ConcurrencyStamp"] = await StampAsync(principal, DraftUrl) })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await governor.GetAsync(DraftUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await governor.PostFormAsync("/", DraftUrl + "/revise", new() { ["ConcurrencyStamp"] = await StampAsync(principal, DraftUrl) })).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await SubmitAsync(principal)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await AdoptAsync(principal, stamp: await StampAsync(principal, DraftUrl))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await governor.PostFormAsync("/", SeedPolicy.Url + "/draft/start", [])).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await RecordViewAsync(principal, "ReadyForAdoption")).StatusCode);

        var revision = await app.WithDatabaseAsync(db => db.PolicyRevisions.SingleAsync(r => r.Sequence == 2));
        Assert.Equal(RevisionStatus.InReview, revision.Status);
        Assert.Equal(ChangedBody, revision.Body);
    }

    [Fact]
    public async Task Someone_who_is_both_principal_and_governor_cannot_adopt_what_they_submitted()
    {
        var both = await app.AddPersonAsync("head-and-governor@example.org", "Chris Both", "Principal", Web.Authorization.Roles.Principal);
        await app.WithDatabaseAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Email == both.Email);
            var governorRole = await db.Roles.SingleAsync(r => r.Name == Web.Authorization.Roles.Governor);
            db.UserRoles.Add(new Microsoft.AspNetCore.Identity.IdentityUserRole<string> { UserId = user.Id, RoleId = governorRole.Id });
            await db.SaveChangesAsync();
        });
        var client = await app.SignedInAsync(both);
        await StartDraftAsync(client);
        await SaveDraftAsync(client, ChangedBody, "Closing paragraph.", "Minor");
        await SubmitAsync(client);

        var own = await AdoptAsync(client);
        var other = await AdoptAsync(await app.SignedInAsync(DemoAccounts.Governor));

        Assert.Equal(HttpStatusCode.Conflict, own.StatusCode);
        Assert.Contains("another governor must record its adoption", await own.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, other.StatusCode);
    }

    [Fact]
    public async Task An_adopted_revision_cannot_be_edited_by_any_request()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        await StartDraftAsync(principal);
        var staleStamp = await StampAsync(principal, DraftUrl);
        await SaveDraftAsync(principal, ChangedBody, "Closing paragraph.", "Minor");
        await SubmitAsync(principal);
        var governor = await app.SignedInAsync(DemoAccounts.Governor);
        await AdoptAsync(governor);

        var edit = await principal.PostFormAsync("/", DraftUrl, new() { ["Body"] = "Rewritten after adoption.", ["ChangeSummary"] = "x", ["Kind"] = "Minor", ["Intent"] = "save", ["ConcurrencyStamp"] = staleStamp });
        var readopt = await governor.PostFormAsync("/", ReviewUrl + "/adoption", new() { ["ConcurrencyStamp"] = staleStamp, ["MeetingDate"] = "2026-11-21", ["MinuteReference"] = "again", ["SignedBy"] = "x", ["EffectiveFrom"] = "2026-11-24" });
        var revise = await principal.PostFormAsync("/", DraftUrl + "/revise", new() { ["ConcurrencyStamp"] = staleStamp });

        Assert.Equal(HttpStatusCode.NotFound, edit.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, readopt.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, revise.StatusCode);
        Assert.Contains("This policy has no revision being prepared.", await revise.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var adopted = await app.WithDatabaseAsync(db => db.PolicyRevisions.SingleAsync(r => r.Status == RevisionStatus.Adopted));
        Assert.Equal("1.1", adopted.Version);
        Assert.Equal(ChangedBody, adopted.Body);
        Assert.Equal("FGB 2026/14", adopted.MinuteReference);
    }

    [Fact]
    public async Task Two_people_saving_the_same_draft_the_second_is_told_and_keeps_their_text()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var sameUserOtherTab = await app.SignedInAsync(DemoAccounts.Principal);
        await StartDraftAsync(principal);
        var stamp = await StampAsync(principal, DraftUrl);

        var first = await SaveDraftAsync(principal, ChangedBody, "First tab.", "Minor", stamp);
        var second = await SaveDraftAsync(sameUserOtherTab, SeedPolicy.Document.Body + "\n\nThe second tab's paragraph.", "Second tab.", "Material", stamp);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var page = await second.Content.ReadAsStringAsync();
        Assert.Contains("Someone else saved this draft after you opened it, so your changes were not saved.", page, StringComparison.Ordinal);
        Assert.Contains("The second tab&#x27;s paragraph.", page, StringComparison.Ordinal);
        Assert.Contains("A new closing paragraph.", page, StringComparison.Ordinal);
        var saved = await app.WithDatabaseAsync(db => db.PolicyRevisions.SingleAsync(r => r.Status == RevisionStatus.Draft));
        Assert.Equal(ChangedBody, saved.Body);

        // Saving again from the conflict page, knowingly, replaces the other text.
        var again = await SaveDraftAsync(sameUserOtherTab, SeedPolicy.Document.Body + "\n\nThe second tab's paragraph.", "Second tab.", "Material", PortalClient.HiddenValue(page, "ConcurrencyStamp"));
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
    }

    [Fact]
    public async Task Submit_saves_the_text_first_and_a_refused_submit_keeps_it_saved_and_the_form_working()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        await StartDraftAsync(principal);

        // Submitted without a change summary: refused, but what was typed is saved, and the page can save again.
        var refused = await principal.PostFormAsync(DraftUrl, DraftUrl, new()
        {
            ["Body"] = ChangedBody,
            ["ChangeSummary"] = "",
            ["Kind"] = "Minor",
            ["Intent"] = "submit",
            ["ConcurrencyStamp"] = await StampAsync(principal, DraftUrl),
        });
        var page = await refused.Content.ReadAsStringAsync();
        var savedAgain = await principal.PostFormAsync(DraftUrl, DraftUrl, new()
        {
            ["Body"] = ChangedBody,
            ["ChangeSummary"] = "A closing paragraph.",
            ["Kind"] = "Minor",
            ["Intent"] = "submit",
            ["ConcurrencyStamp"] = PortalClient.HiddenValue(page, "ConcurrencyStamp"),
        });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("change summary", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Someone else saved this draft", await savedAgain.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, savedAgain.StatusCode);
        var draft = await app.WithDatabaseAsync(db => db.PolicyRevisions.SingleAsync(r => r.Status == RevisionStatus.InReview));
        Assert.Equal(ChangedBody.Replace("\r\n", "\n", StringComparison.Ordinal), draft.Body.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Invalid_transitions_get_a_clear_conflict_and_change_nothing()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var governor = await app.SignedInAsync(DemoAccounts.Governor);

        var reviseNothing = await principal.PostFormAsync("/", DraftUrl + "/revise", new() { ["ConcurrencyStamp"] = Guid.NewGuid().ToString() });
        await StartDraftAsync(principal);
        var startTwice = await StartDraftAsync(principal);
        var submitUnchanged = await SubmitAsync(principal);
        await SaveDraftAsync(principal, ChangedBody, "Closing paragraph.", "Minor");
        var adoptDraft = await governor.PostFormAsync("/", ReviewUrl + "/adoption", new() { ["ConcurrencyStamp"] = await StampAsync(principal, DraftUrl), ["MeetingDate"] = "2026-11-20", ["MinuteReference"] = "x", ["SignedBy"] = "x", ["EffectiveFrom"] = "2026-11-24" });
        var viewWithoutReason = await governor.PostFormAsync("/", ReviewUrl + "/views", new() { ["Verdict"] = "ChangesNeeded" });
        await SubmitAsync(principal);
        var viewWithoutReasonInReview = await RecordViewAsync(governor, "ChangesNeeded");
        var adoptBeforeMeeting = await AdoptAsync(governor, meetingDate: "2026-11-20", effectiveFrom: "2026-11-01");
        var adoptWithoutMinute = await AdoptAsync(governor, minute: "");

        Assert.Equal(HttpStatusCode.Conflict, reviseNothing.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, startTwice.StatusCode);
        Assert.Contains("is already being prepared", await startTwice.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, submitUnchanged.StatusCode);
        Assert.Contains("same as the text in force", await submitUnchanged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, adoptDraft.StatusCode);
        Assert.Contains("it must go to the governors for review before it can be adopted", await adoptDraft.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, viewWithoutReason.StatusCode);
        Assert.Contains("Nothing was recorded: no revision of this policy is in review now.", await viewWithoutReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, viewWithoutReasonInReview.StatusCode);
        Assert.Contains("Say which changes are needed.", await viewWithoutReasonInReview.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, adoptBeforeMeeting.StatusCode);
        Assert.Contains("cannot come into force before the meeting", await adoptBeforeMeeting.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, adoptWithoutMinute.StatusCode);
        Assert.Contains("Enter the minute reference.", await adoptWithoutMinute.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(
            [RevisionStatus.Adopted, RevisionStatus.InReview],
            await app.WithDatabaseAsync(db => db.PolicyRevisions.OrderBy(r => r.Sequence).Select(r => r.Status).ToListAsync()));
        Assert.Empty(await app.WithDatabaseAsync(db => db.RevisionReviews.ToListAsync()));
    }

    [Fact]
    public async Task A_damaged_draft_form_for_a_revision_in_review_is_refused_with_a_message_and_saves_nothing()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        await StartDraftAsync(principal);
        await SaveDraftAsync(principal, ChangedBody, "Closing paragraph.", "Minor");
        await SubmitAsync(principal);

        var response = await SaveDraftAsync(principal, SeedPolicy.Document.Body, "Another summary.", "NotAKind", stamp: "not-a-stamp");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("This revision is with the governors for review, so nothing was saved.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(ChangedBody, await app.WithDatabaseAsync(db => db.PolicyRevisions.Where(r => r.Status == RevisionStatus.InReview).Select(r => r.Body).SingleAsync()));
    }

    [Fact]
    public async Task Drafts_and_the_audit_trail_are_not_shown_to_staff()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        await StartDraftAsync(principal);
        await SaveDraftAsync(principal, ChangedBody, "Closing paragraph.", "Minor");
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);

        Assert.Equal(HttpStatusCode.NotFound, (await teacher.GetAsync(SeedPolicy.Url + "/revisions/1.1")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await teacher.GetAsync(SeedPolicy.Url + "/compare?from=1.0&to=1.1")).StatusCode);
        Assert.DoesNotContain("1.1", await teacher.GetStringAsync(SeedPolicy.Url + "/revisions"), StringComparison.Ordinal);
        Assert.Contains("Version 1.1", await principal.GetStringAsync(SeedPolicy.Url + "/revisions"), StringComparison.Ordinal);
    }
}
