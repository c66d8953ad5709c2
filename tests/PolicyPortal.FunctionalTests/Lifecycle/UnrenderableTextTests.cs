using System.Net;
using System.Text.Encodings.Web;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PolicyPortal.Testing;
using PolicyPortal.Web.Data.Seeding;
using PolicyPortal.Web.Domain;
using static PolicyPortal.FunctionalTests.Lifecycle.LifecycleSteps;

namespace PolicyPortal.FunctionalTests.Lifecycle;

/// <summary>
/// Texts the portal cannot show: refused wherever a text is saved, with the reason beside the text as typed; and one
/// stored before the portal checked (written here straight into the database) breaks no page, can be taken back and
/// discarded by the Principal, and is never submitted, adopted or confirmed.
/// </summary>
public sealed class UnrenderableTextTests(PortalApplication app) : IClassFixture<PortalApplication>, IAsyncLifetime
{
    // A list nested 200 deep on one line: Markdig refuses it, and once stored every page of its policy answered 500.
    private static readonly string NestedList = "## Rules\n\n" + string.Concat(Enumerable.Repeat("+ ", 200)) + "a";

    private const string Refusal = "data-valmsg-for=\"Body\" data-valmsg-replace=\"true\">Line 3 is nested too deeply";

    // The end of the text as the form gives it back (Razor writes + as &#x2B;).
    private static readonly string TypedText = HtmlEncoder.Default.Encode(NestedList[^20..]) + "</textarea>";

    private const string InPlace = "text cannot be shown: Line 3 is nested too deeply";

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_new_policy_whose_text_nests_a_list_200_deep_on_one_line_is_refused_beside_the_text_as_typed()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);

        var response = await principal.PostFormAsync("/policies/new", "/policies/new", new() { ["Title"] = "Behaviour Policy", ["Slug"] = "behaviour", ["StaffSign"] = "true", ["ReviewCycleMonths"] = "12", ["Body"] = NestedList });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains(Refusal, page, StringComparison.Ordinal);
        Assert.Contains(TypedText, page, StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDatabaseAsync(db => db.Policies.CountAsync()));
        Assert.Equal(HttpStatusCode.NotFound, (await principal.GetAsync("/policies/behaviour/revisions")).StatusCode);
    }

    [Theory]
    [InlineData("save")]
    [InlineData("submit")]
    [InlineData("preview")]
    public async Task A_draft_whose_text_nests_a_list_200_deep_on_one_line_is_refused_beside_the_text_as_typed_and_nothing_breaks(string intent)
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        await StartDraftAsync(principal);

        var response = await principal.PostFormAsync(DraftUrl, DraftUrl, new()
        {
            ["Body"] = NestedList,
            ["ChangeSummary"] = "New rules.",
            ["Kind"] = "Minor",
            ["Intent"] = intent,
            ["ConcurrencyStamp"] = await StampAsync(principal, DraftUrl),
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains(Refusal, page, StringComparison.Ordinal);
        Assert.Contains(TypedText, page, StringComparison.Ordinal);
        var draft = await app.WithDatabaseAsync(db => db.PolicyRevisions.AsNoTracking().SingleAsync(r => r.Status != RevisionStatus.Adopted));
        Assert.Equal((RevisionStatus.Draft, SeedPolicy.Document.Body), (draft.Status, draft.Body));
        await AssertEveryPageAnswersAsync();
    }

    [Theory]
    [InlineData(RevisionStatus.InReview)]
    [InlineData(RevisionStatus.AwaitingConfirmation)]
    public async Task A_revision_stored_with_such_a_text_shows_why_in_its_place_is_never_adopted_and_the_principal_takes_it_back_and_discards_it(RevisionStatus status)
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var governor = await app.SignedInAsync(DemoAccounts.Governor);
        var slug = status == RevisionStatus.InReview ? SeedPolicy.Slug : "behaviour";
        if (status == RevisionStatus.InReview)
        {
            await StartDraftAsync(principal);
            await SaveDraftAsync(principal, SeedPolicy.Document.Body + "\n\nReviewed annually.", "Closing line.", "Minor");
            await SubmitAsync(principal);
        }
        else
        {
            await principal.PostFormAsync("/policies/new", "/policies/new", new() { ["Title"] = "Behaviour Policy", ["Slug"] = slug, ["StaffSign"] = "true", ["ReviewCycleMonths"] = "12", ["Body"] = "## Rules\n\nBe kind." });
            await ImportSteps.RecordAdoptionAsync(principal, slug);
        }

        await StoreDirectlyAsync(status, NestedList);

        // The governors see why the text cannot be shown, and cannot bring it into force.
        var decision = status == RevisionStatus.InReview ? await AdoptAsync(governor) : await ImportSteps.ConfirmAsync(governor, slug);
        Assert.Equal(HttpStatusCode.Conflict, decision.StatusCode);
        Assert.Contains(status == RevisionStatus.InReview ? "cannot be shown, so it cannot be adopted" : "cannot be shown, so it cannot be confirmed", await decision.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(status, await app.WithDatabaseAsync(db => db.PolicyRevisions.Where(r => r.Body == NestedList).Select(r => r.Status).SingleAsync()));
        if (status == RevisionStatus.InReview)
        {
            Assert.Contains(InPlace, await governor.GetStringAsync(ReviewUrl), StringComparison.Ordinal);
        }

        // The Principal reads it on the revision's page, takes it back into draft, and can neither submit it nor keep it.
        var draftUrl = $"/policies/{slug}/draft";
        Assert.Contains(InPlace, await principal.GetStringAsync(draftUrl), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await principal.PostFormAsync(draftUrl, draftUrl + "/revise", new() { ["ConcurrencyStamp"] = await StampAsync(principal, draftUrl) })).StatusCode);
        var submitted = await principal.PostFormAsync(draftUrl, draftUrl + "/submit", new() { ["ConcurrencyStamp"] = await StampAsync(principal, draftUrl) });
        Assert.Equal(HttpStatusCode.Conflict, submitted.StatusCode);
        Assert.Contains("cannot be shown, so it cannot be submitted for review: Line 3 is nested too deeply", await submitted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertEveryPageAnswersAsync(slug);
        Assert.Equal(HttpStatusCode.Redirect, (await DiscardAsync(principal, draftUrl)).StatusCode);
        Assert.False(await app.WithDatabaseAsync(db => db.PolicyRevisions.AnyAsync(r => r.Body == NestedList)));
    }

    [Fact]
    public async Task A_text_in_force_stored_with_such_a_text_shows_why_on_every_page_and_a_new_draft_puts_it_right()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        await StoreDirectlyAsync(RevisionStatus.Adopted, NestedList);

        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        var page = await teacher.GetStringAsync(SeedPolicy.Url);
        Assert.Contains(InPlace, page, StringComparison.Ordinal);
        Assert.Contains("<h1", page, StringComparison.Ordinal);
        Assert.Contains("This version cannot be signed: its text cannot be shown", page, StringComparison.Ordinal);
        Assert.DoesNotContain("class=\"sign-form\"", page, StringComparison.Ordinal);
        Assert.Contains(InPlace, await teacher.GetStringAsync(SeedPolicy.Url + "/revisions/1.0"), StringComparison.Ordinal);
        Assert.Contains(InPlace, await principal.GetStringAsync($"/compliance/{SeedPolicy.Slug}/evidence"), StringComparison.Ordinal);
        var pdf = await principal.GetAsync($"/compliance/{SeedPolicy.Slug}/evidence.pdf");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Contains("cannot be shown", string.Join(" ", PdfText.Pages(await pdf.Content.ReadAsByteArrayAsync())), StringComparison.Ordinal);
        await AssertEveryPageAnswersAsync();

        // A new draft starts from the text in force as it is; the Principal puts it right there.
        Assert.Equal(HttpStatusCode.Redirect, (await StartDraftAsync(principal)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await SaveDraftAsync(principal, NestedList, "Unchanged.", "Minor")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SaveDraftAsync(principal, "## Rules\n\n+ a", "Put right.", "Minor")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SubmitAsync(principal)).StatusCode);
    }

    /// <summary>Writes a revision's text straight into the database file, as an older portal, which did not check it, could have stored it.</summary>
    private async Task StoreDirectlyAsync(RevisionStatus status, string body)
    {
        await using var connection = new SqliteConnection($"Data Source={app.DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE PolicyRevisions SET Body = $body, BodySha256 = $sha256 WHERE Status = $status";
        command.Parameters.AddWithValue("$body", body);
        command.Parameters.AddWithValue("$sha256", PolicyRevision.HashOf(body));
        command.Parameters.AddWithValue("$status", status.ToString());
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    /// <summary>Every page of the policy, as each role opens it, answers without a server error.</summary>
    private async Task AssertEveryPageAnswersAsync(string slug = SeedPolicy.Slug)
    {
        var url = $"/policies/{slug}";
        var pages = new[]
        {
            (DemoAccounts.Teacher, "/"),
            (DemoAccounts.Teacher, "/policies"),
            (DemoAccounts.Teacher, url),
            (DemoAccounts.Teacher, url + "/revisions"),
            (DemoAccounts.Teacher, url + "/revisions/1.0"),
            (DemoAccounts.Teacher, url + "/revisions/1.1"),
            (DemoAccounts.Teacher, url + "/compare?from=1.0&to=1.1"),
            (DemoAccounts.Governor, "/reviews"),
            (DemoAccounts.Governor, url + "/review"),
            (DemoAccounts.Governor, "/policies/confirmations"),
            (DemoAccounts.Principal, url + "/draft"),
            (DemoAccounts.Principal, url + "/draft/discard"),
            (DemoAccounts.Principal, url + "/details"),
            (DemoAccounts.Principal, "/policies/import/adoptions"),
            (DemoAccounts.Principal, $"/compliance/{slug}"),
            (DemoAccounts.Principal, $"/compliance/{slug}/evidence"),
            (DemoAccounts.Principal, $"/compliance/{slug}/evidence.pdf"),
        };
        foreach (var (account, page) in pages)
        {
            var response = await (await app.SignedInAsync(account)).GetAsync(page);
            Assert.True((int)response.StatusCode < 500, $"{page} as {account.Email} answered {(int)response.StatusCode}.");
        }
    }
}
