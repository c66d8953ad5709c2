using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PolicyPortal.FunctionalTests.Signing;
using PolicyPortal.Testing;
using PolicyPortal.Web.Data.Seeding;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Services;
using static PolicyPortal.FunctionalTests.Lifecycle.LifecycleSteps;

namespace PolicyPortal.FunctionalTests.Lifecycle;

public sealed class LifecycleTests(PortalApplication app) : IClassFixture<PortalApplication>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static readonly string MaterialBody = SeedPolicy.Document.Body.Replace(
        "Students must not be discussed on social media sites.",
        "Students must never be discussed on social media sites, even anonymously.",
        StringComparison.Ordinal);

    [Fact]
    public async Task A_material_change_is_reviewed_revised_adopted_and_everyone_signs_again()
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var governor = await app.SignedInAsync(DemoAccounts.Governor);
        var secondGovernor = await app.SignedInAsync(await app.AddPersonAsync("chair@example.org", "Pat Chair", "Chair of Governors", Web.Authorization.Roles.Governor));
        Assert.Equal(HttpStatusCode.Redirect, (await SigningForm.SignAsync(teacher, "Sam Taylor")).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await StartDraftAsync(principal)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SaveDraftAsync(principal, MaterialBody, "Students are never discussed, even anonymously.", "Material")).StatusCode);
        Assert.Contains("Version 2.0 of Personal Use of Social Media Sites", await principal.GetStringAsync(DraftUrl), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await SubmitAsync(principal)).StatusCode);

        var reviews = await governor.GetStringAsync("/reviews");
        Assert.Contains("<a href=\"/policies/personal-use-of-social-media/review\">Personal Use of Social Media Sites</a>", reviews, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await CommentAsync(governor, "Should this cover class WhatsApp groups?")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await CommentAsync(secondGovernor, "Agree with the change.")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await RecordViewAsync(governor, "ChangesNeeded", "Name who staff should ask.")).StatusCode);

        var draftPage = await principal.GetStringAsync(DraftUrl);
        Assert.Contains("Name who staff should ask.", draftPage, StringComparison.Ordinal);
        Assert.Contains("Should this cover class WhatsApp groups?", draftPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await ReviseAsync(principal)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SaveDraftAsync(principal, MaterialBody + "\n\nAsk the Principal if unsure.", "Students are never discussed; ask the Principal if unsure.", "Material")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SubmitAsync(principal)).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await RecordViewAsync(governor, "ReadyForAdoption")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await RecordViewAsync(secondGovernor, "ReadyForAdoption")).StatusCode);
        var adoption = await AdoptAsync(governor);
        Assert.Equal(HttpStatusCode.Redirect, adoption.StatusCode);
        Assert.Equal(SeedPolicy.Url, adoption.Headers.Location!.OriginalString);

        // The teacher has the new version to sign, sees what changed since 1.0, signs, and both receipts remain.
        var home = await teacher.GetStringAsync("/");
        Assert.Contains("You have 1 policy to sign.", home, StringComparison.Ordinal);
        var page = await teacher.GetStringAsync(SeedPolicy.Url);
        Assert.Contains("Your signature of version 1.0 no longer counts", page, StringComparison.Ordinal);
        Assert.Contains("<strong>What changed, in short:</strong> Students are never discussed; ask the Principal if unsure.", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"{SeedPolicy.Url}/compare?from=1.0&amp;to=2.0\"", page, StringComparison.Ordinal);
        var comparison = await teacher.GetStringAsync(SeedPolicy.Url + "/compare?from=1.0&to=2.0");
        Assert.Contains("[inserted: </span>never", comparison, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await SigningForm.SignAsync(teacher, "Sam Taylor")).StatusCode);
        var versionsSigned = await app.WithDatabaseAsync(db => db.Acknowledgements.OrderBy(a => a.Id).Select(a => a.Revision.Version).ToListAsync());
        Assert.Equal(["1.0", "2.0"], versionsSigned);

        var revisions = await app.WithDatabaseAsync(db => db.PolicyRevisions.OrderBy(r => r.Sequence).ToListAsync());
        Assert.Equal([RevisionStatus.Superseded, RevisionStatus.Adopted], revisions.Select(r => r.Status));
        Assert.Equal("FGB 2026/14", revisions[1].MinuteReference);

        var events = await app.WithDatabaseAsync(db => db.PolicyEvents.OrderBy(e => e.Id).Select(e => e.Kind).ToListAsync());
        Assert.Equal(
            [
                PolicyEventKind.DraftStarted, PolicyEventKind.DraftEdited, PolicyEventKind.SubmittedForReview,
                PolicyEventKind.Commented, PolicyEventKind.Commented, PolicyEventKind.ViewRecorded,
                PolicyEventKind.ReturnedToDraft, PolicyEventKind.DraftEdited, PolicyEventKind.SubmittedForReview,
                PolicyEventKind.ViewRecorded, PolicyEventKind.ViewRecorded, PolicyEventKind.Superseded, PolicyEventKind.Adopted,
            ],
            events);
        var history = await principal.GetStringAsync(SeedPolicy.Url + "/revisions");
        Assert.Contains("Adopted version 2.0 (Material) at the meeting of 20 November 2026, minute FGB 2026/14", history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_minor_change_becomes_1_1_and_nobody_signs_again()
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        var fields = await SigningForm.FilledInAsync(teacher, "Sam Taylor");
        var firstReceipt = (await SigningForm.PostAsync(teacher, fields)).Headers.Location!.OriginalString;

        await AdoptChangeAsync(app, SeedPolicy.Document.Body.Replace("eg.", "For example:", StringComparison.Ordinal), "Spelt out an abbreviation.", "Minor");

        var page = await teacher.GetStringAsync(SeedPolicy.Url);
        Assert.Contains("Policy · version 1.1", page, StringComparison.Ordinal);
        Assert.Contains("You signed version 1.0 on", page, StringComparison.Ordinal);
        Assert.Contains("The changes since then were minor, so your signature still counts.", page, StringComparison.Ordinal);
        Assert.DoesNotContain("policy to sign", page, StringComparison.Ordinal);
        Assert.Contains("Version signed</dt>\n    <dd>1.0 (no longer in force)", await teacher.GetStringAsync(firstReceipt), StringComparison.Ordinal);

        // The form of 1.0, still open in another tab, sent again: the signature of 1.0 counts, and nothing new is recorded.
        var again = await SigningForm.PostAsync(teacher, fields);
        Assert.Equal(firstReceipt, again.Headers.Location!.OriginalString);
        Assert.Contains("Your signature of an earlier version still counts (the changes since were minor), so nothing new was recorded.", await teacher.GetStringAsync(firstReceipt), StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDatabaseAsync(db => db.Acknowledgements.CountAsync()));

        // Someone who had not signed signs 1.1, and their receipt names it.
        var support = await app.SignedInAsync(DemoAccounts.Support);
        var receipt = (await SigningForm.SignAsync(support, "Jo Patel")).Headers.Location!.OriginalString;
        Assert.Contains("Version signed</dt>\n    <dd>1.1 (in force)", await support.GetStringAsync(receipt), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_compare_page_shows_exactly_the_words_inserted_and_deleted()
    {
        await AdoptChangeAsync(app, MaterialBody, "Never, even anonymously.", "Material");
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);

        var page = await teacher.GetStringAsync(SeedPolicy.Url + "/compare?from=1.0&to=2.0");

        Assert.Contains("<h4>\n                Employee Responsibility", page, StringComparison.Ordinal);
        Assert.Contains("<del class=\"redline-del\"><span class=\"visually-hidden\">[deleted: </span>not<span class=\"visually-hidden\">]</span></del>", page, StringComparison.Ordinal);
        Assert.Contains("<ins class=\"redline-ins\"><span class=\"visually-hidden\">[inserted: </span>never<span class=\"visually-hidden\">]</span></ins>", page, StringComparison.Ordinal);
        Assert.Contains("<del class=\"redline-del\"><span class=\"visually-hidden\">[deleted: </span>sites.<span class=\"visually-hidden\">]</span></del>", page, StringComparison.Ordinal);
        Assert.Contains("<ins class=\"redline-ins\"><span class=\"visually-hidden\">[inserted: </span>sites, even anonymously.<span class=\"visually-hidden\">]</span></ins>", page, StringComparison.Ordinal);
        Assert.Equal(2, CountOf(page, "<ins class=\"redline-ins\"><span"));
        Assert.Equal(2, CountOf(page, "<del class=\"redline-del\"><span"));
        Assert.DoesNotContain("<h4>\n                Scope", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_comparison_of_adopted_versions_asked_for_again_is_the_same_and_is_kept_while_a_drafts_is_not()
    {
        await AdoptChangeAsync(app, MaterialBody, "Never, even anonymously.", "Material");
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);

        var first = await teacher.GetStringAsync(SeedPolicy.Url + "/compare?from=1.0&to=2.0");
        var second = await teacher.GetStringAsync(SeedPolicy.Url + "/compare?from=1.0&to=2.0");

        Assert.Equal(WithoutPerRequestValues(first), WithoutPerRequestValues(second));
        Assert.Equal(2, CountOf(second, "<ins class=\"redline-ins\"><span"));

        // The page's service keeps the comparison of two adopted texts; one with a draft, whose text can change, it does not.
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        Assert.Equal(HttpStatusCode.Redirect, (await StartDraftAsync(principal)).StatusCode);
        var revisions = await app.WithDatabaseAsync(db => db.PolicyRevisions.OrderBy(r => r.Sequence).ToListAsync());
        var comparisons = app.Services.GetRequiredService<RevisionComparisons>();
        Assert.Same(comparisons.Compare(revisions[0], revisions[1]), comparisons.Compare(revisions[0], revisions[1]));
        Assert.NotSame(comparisons.Compare(revisions[1], revisions[2]), comparisons.Compare(revisions[1], revisions[2]));

        // The script nonce and the forms' antiforgery tokens are new on every page.
        static string WithoutPerRequestValues(string page) =>
            Regex.Replace(page, "nonce=\"[^\"]*\"|name=\"__RequestVerificationToken\" type=\"hidden\" value=\"[^\"]*\"", string.Empty);
    }

    [Fact]
    public async Task A_superseded_version_stays_readable_and_is_marked_superseded()
    {
        await AdoptChangeAsync(app, MaterialBody, "Never, even anonymously.", "Material");
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);

        var old = await teacher.GetStringAsync(SeedPolicy.Url + "/revisions/1.0");
        var history = await teacher.GetStringAsync(SeedPolicy.Url + "/revisions");

        Assert.Contains("<strong>Superseded.</strong> This is not the text in force.", old, StringComparison.Ordinal);
        Assert.Contains("Students must not be discussed on social media sites.", old, StringComparison.Ordinal);
        Assert.Contains(PolicyRevision.HashOf(SeedPolicy.Document.Body), old, StringComparison.Ordinal);
        Assert.Contains("Never, even anonymously.", history, StringComparison.Ordinal);
        Assert.DoesNotContain("Audit trail", history, StringComparison.Ordinal);
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
