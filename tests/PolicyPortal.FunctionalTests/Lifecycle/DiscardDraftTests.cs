using System.Net;
using Microsoft.EntityFrameworkCore;
using PolicyPortal.Testing;
using PolicyPortal.Web.Data.Seeding;
using PolicyPortal.Web.Domain;
using static PolicyPortal.FunctionalTests.Lifecycle.LifecycleSteps;

namespace PolicyPortal.FunctionalTests.Lifecycle;

public sealed class DiscardDraftTests(PortalApplication app) : IClassFixture<PortalApplication>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_discarded_draft_is_gone_with_its_comments_and_views_and_the_trail_says_so()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var governor = await app.SignedInAsync(DemoAccounts.Governor);
        await StartDraftAsync(principal);
        await SaveDraftAsync(principal, SeedPolicy.Document.Body + "\n\nStarted by mistake.", "Mistake.", "Minor");
        await SubmitAsync(principal);
        await CommentAsync(governor, "Is this meant?");
        await RecordViewAsync(governor, "ChangesNeeded", "Not needed.");
        await ReviseAsync(principal);

        Assert.Contains("Discard this draft", await principal.GetStringAsync(DraftUrl), StringComparison.Ordinal);
        var confirm = await principal.GetStringAsync(DraftUrl + "/discard");
        Assert.Contains("Discard version 1.1?", confirm, StringComparison.Ordinal);
        Assert.Contains("Its text, comments and governors' views are deleted. This cannot be undone.", confirm, StringComparison.Ordinal);

        var response = await DiscardAsync(principal);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(SeedPolicy.Url + "/revisions", response.Headers.Location!.OriginalString);
        var history = await principal.GetStringAsync(SeedPolicy.Url + "/revisions");
        Assert.Contains("Version 1.1 is discarded, with its comments and governors&#x27; views.", history, StringComparison.Ordinal);
        Assert.Contains("Discarded version 1.1, with 1 comment and 1 governor&#x27;s view.", history, StringComparison.Ordinal);
        Assert.Equal(["1.0"], await app.WithDatabaseAsync(db => db.PolicyRevisions.Select(r => r.Version).ToListAsync()));
        Assert.Equal(0, await app.WithDatabaseAsync(db => db.RevisionComments.CountAsync()));
        Assert.Equal(0, await app.WithDatabaseAsync(db => db.RevisionReviews.CountAsync()));
        var discarded = await app.WithDatabaseAsync(db => db.PolicyEvents.SingleAsync(e => e.Kind == PolicyEventKind.DraftDiscarded));
        Assert.Equal(DemoAccounts.Principal.FullName, discarded.ActorName);

        // The trail of the discarded draft stays, in its own words.
        Assert.Contains("Commented on version 1.1: Is this meant?", history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_a_draft_is_discarded_the_annual_review_without_change_can_be_recorded()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var governor = await app.SignedInAsync(DemoAccounts.Governor);
        await StartDraftAsync(principal);
        Assert.DoesNotContain("Record an annual review with no change", await governor.GetStringAsync(SeedPolicy.Url + "/revisions"), StringComparison.Ordinal);

        await DiscardAsync(principal);

        Assert.Contains("Record an annual review with no change", await governor.GetStringAsync(SeedPolicy.Url + "/revisions"), StringComparison.Ordinal);
        var review = await governor.PostFormAsync(SeedPolicy.Url + "/revisions", SeedPolicy.Url + "/annual-review", new() { ["ReviewedOn"] = "2026-11-20", ["MinuteReference"] = "FGB 2026/16" });
        Assert.Equal(HttpStatusCode.Redirect, review.StatusCode);
        Assert.Equal(new DateOnly(2027, 11, 20), await app.WithDatabaseAsync(db => db.PolicyRevisions.Select(r => r.NextReviewDue).SingleAsync()));
        Assert.Contains("Start a new revision from the text in force", await principal.GetStringAsync(SeedPolicy.Url + "/revisions"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discarding_a_new_policys_only_draft_retires_the_policy_and_keeps_its_trail()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        await principal.PostFormAsync("/policies/new", "/policies/new", new() { ["Title"] = "E-Safety Policy", ["Slug"] = "e-safety", ["StaffSign"] = "true", ["ReviewCycleMonths"] = "12", ["Body"] = "## Text" });
        Assert.Contains("the policy is retired too", await principal.GetStringAsync("/policies/e-safety/draft/discard"), StringComparison.Ordinal);

        var response = await DiscardAsync(principal, "/policies/e-safety/draft");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/policies", response.Headers.Location!.OriginalString);
        var list = await principal.GetStringAsync("/policies");
        Assert.Contains("Version 1.0 of &#x27;E-Safety Policy&#x27; is discarded. It was the policy&#x27;s only text, so the policy is retired", list, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDatabaseAsync(db => db.PolicyRevisions.CountAsync(r => r.Policy.Slug == "e-safety")));
        var history = await principal.GetStringAsync("/policies/e-safety/revisions");
        Assert.Contains("Created &#x27;E-Safety Policy&#x27;", history, StringComparison.Ordinal);
        Assert.Contains("Discarded version 1.0", history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_draft_changed_after_the_confirmation_was_opened_is_not_discarded()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        await StartDraftAsync(principal);
        var stamp = await StampAsync(principal, DraftUrl + "/discard");
        await SaveDraftAsync(principal, SeedPolicy.Document.Body + "\n\nSaved in another tab.", "Another tab.", "Minor");

        var response = await DiscardAsync(principal, stamp: stamp);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("Version 1.1 changed after you opened it. Look at it again, then try once more.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(2, await app.WithDatabaseAsync(db => db.PolicyRevisions.CountAsync()));
    }

    [Fact]
    public async Task A_revision_with_the_governors_is_not_discarded_until_taken_back_into_draft()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        await StartDraftAsync(principal);
        await SaveDraftAsync(principal, SeedPolicy.Document.Body + "\n\nA change.", "A change.", "Minor");
        await SubmitAsync(principal);

        // Sent from the draft page, as a second tab still showing the draft would send it.
        var response = await principal.PostFormAsync(DraftUrl, DraftUrl + "/discard", new() { ["ConcurrencyStamp"] = await StampAsync(principal, DraftUrl) });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("Version 1.1 is not a draft. Take it back into draft first, then discard it.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(2, await app.WithDatabaseAsync(db => db.PolicyRevisions.CountAsync()));
    }

    [Fact]
    public async Task Only_the_principal_may_discard_a_draft()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        await StartDraftAsync(principal);
        var stamp = await StampAsync(principal, DraftUrl);

        foreach (var account in new[] { DemoAccounts.Teacher, DemoAccounts.Governor })
        {
            var client = await app.SignedInAsync(account);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(DraftUrl + "/discard")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostFormAsync("/", DraftUrl + "/discard", new() { ["ConcurrencyStamp"] = stamp })).StatusCode);
        }

        Assert.Equal(2, await app.WithDatabaseAsync(db => db.PolicyRevisions.CountAsync()));
    }
}
