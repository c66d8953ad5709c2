using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PolicyPortal.Testing;
using PolicyPortal.Web.Data.Seeding;
using PolicyPortal.Web.Domain;
using static PolicyPortal.FunctionalTests.Lifecycle.LifecycleSteps;

namespace PolicyPortal.FunctionalTests.Lifecycle;

/// <summary>What the draft editor's script asks of the portal as the Principal types: a live preview, and the draft saved every minute.</summary>
public sealed class DraftEditorTests(PortalApplication app) : IClassFixture<PortalApplication>, IAsyncLifetime
{
    private const string PreviewUrl = DraftUrl + "/preview";
    private const string AutosaveUrl = DraftUrl + "/autosave";

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_live_preview_is_the_text_as_the_portal_renders_it_with_scripts_shown_as_text_and_javascript_links_dropped()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        await StartDraftAsync(principal);
        var editor = await principal.GetStringAsync(DraftUrl);

        var response = await PostAsScriptAsync(principal, PreviewUrl, new()
        {
            ["Body"] = "## Who to ask\n\nAsk **the Principal**.\n\n<script>alert('typed')</script>\n\nClick [here](javascript:alert(1)) or [the guidance](https://www.gov.uk/).",
        }, PortalClient.AntiforgeryToken(editor));
        var fragment = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<h2 id=\"who-to-ask\">Who to ask</h2>", fragment, StringComparison.Ordinal);
        Assert.Contains("<strong>the Principal</strong>", fragment, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert('typed')&lt;/script&gt;", fragment, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", fragment, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:alert(1)\"", fragment, StringComparison.Ordinal);
        Assert.Contains("Click here or <a href=\"https://www.gov.uk/\">the guidance</a>", fragment, StringComparison.Ordinal);
        Assert.DoesNotContain("<html", fragment, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_live_preview_of_49000_unfinished_links_is_refused_with_where_rather_than_rendered()
    {
        // The text that once kept the preview busy for 49 seconds.
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        await StartDraftAsync(principal);
        var editor = await principal.GetStringAsync(DraftUrl);

        var response = await PostAsScriptAsync(principal, PreviewUrl, new() { ["Body"] = string.Concat(Enumerable.Repeat("[a](", 49_000)) }, PortalClient.AntiforgeryToken(editor));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Line 1 has more than 100 links or images. Split it into shorter lines.", (await JsonAsync(response)).GetProperty("problem").GetString());
    }

    [Fact]
    public async Task An_autosave_of_a_text_the_portal_cannot_show_is_refused_with_why_and_saves_nothing()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        await StartDraftAsync(principal);
        var editor = await principal.GetStringAsync(DraftUrl);
        var nested = "## Rules\n\n" + string.Concat(Enumerable.Repeat("+ ", 200)) + "a";

        var response = await PostAsScriptAsync(principal, AutosaveUrl, Draft(nested, PortalClient.HiddenValue(editor, "ConcurrencyStamp")), PortalClient.AntiforgeryToken(editor));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("Line 3 is nested too deeply", (await JsonAsync(response)).GetProperty("problem").GetString(), StringComparison.Ordinal);
        Assert.Equal(SeedPolicy.Document.Body, await app.WithDatabaseAsync(db => db.PolicyRevisions.Where(r => r.Status == RevisionStatus.Draft).Select(r => r.Body).SingleAsync()));
    }

    [Fact]
    public async Task An_autosave_saves_the_draft_as_save_would_and_answers_its_new_stamp_so_saving_afterwards_is_no_clash()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        await StartDraftAsync(principal);
        var editor = await principal.GetStringAsync(DraftUrl);
        var opened = PortalClient.HiddenValue(editor, "ConcurrencyStamp");
        var typed = SeedPolicy.Document.Body + "\n\nAsk the Principal if you are unsure.";

        var response = await PostAsScriptAsync(principal, AutosaveUrl, Draft(typed, opened), PortalClient.AntiforgeryToken(editor));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await JsonAsync(response);
        var draft = await app.WithDatabaseAsync(db => db.PolicyRevisions.AsNoTracking().SingleAsync(r => r.Status == RevisionStatus.Draft));
        Assert.Equal(typed, draft.Body);
        Assert.Equal("Says who to ask.", draft.ChangeSummary);
        Assert.Equal("The college", draft.ProvidedBy);
        Assert.Equal(draft.ConcurrencyStamp.ToString(), answer.GetProperty("stamp").GetString());
        Assert.NotEqual(opened, answer.GetProperty("stamp").GetString());

        // The school's time: the test clock's 09:30 UTC is 09:30 in London in November.
        Assert.Equal("09:30", answer.GetProperty("savedAt").GetString());

        // The form, given the new stamp, saves without a clash.
        var saved = await SaveDraftAsync(principal, typed + " Or the deputy.", "Says who to ask.", "Minor", answer.GetProperty("stamp").GetString());
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.EndsWith("Or the deputy.", await app.WithDatabaseAsync(db => db.PolicyRevisions.Where(r => r.Status == RevisionStatus.Draft).Select(r => r.Body).SingleAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_autosave_over_someone_elses_save_is_refused_with_409_saying_what_to_do_and_saves_nothing()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        await StartDraftAsync(principal);
        var editor = await principal.GetStringAsync(DraftUrl);
        var opened = PortalClient.HiddenValue(editor, "ConcurrencyStamp");
        Assert.Equal(HttpStatusCode.Redirect, (await SaveDraftAsync(principal, SeedPolicy.Document.Body + "\n\nSaved in another tab.", "Another tab.", "Minor")).StatusCode);

        var response = await PostAsScriptAsync(principal, AutosaveUrl, Draft(SeedPolicy.Document.Body + "\n\nTyped here.", opened), PortalClient.AntiforgeryToken(editor));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = (await JsonAsync(response)).GetProperty("problem").GetString();
        Assert.StartsWith("Someone else saved this draft after you opened it", problem, StringComparison.Ordinal);
        Assert.Contains("choose Save the draft", problem, StringComparison.Ordinal);
        Assert.EndsWith("Saved in another tab.", await app.WithDatabaseAsync(db => db.PolicyRevisions.Where(r => r.Status == RevisionStatus.Draft).Select(r => r.Body).SingleAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Beside_someone_elses_saved_text_the_editor_waits_for_save_rather_than_saving_automatically()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        await StartDraftAsync(principal);
        var opened = await StampAsync(principal, DraftUrl);
        var fresh = await principal.GetStringAsync(DraftUrl);
        await SaveDraftAsync(principal, SeedPolicy.Document.Body + "\n\nSaved in another tab.", "Another tab.", "Minor");

        var clash = await SaveDraftAsync(principal, SeedPolicy.Document.Body + "\n\nTyped here.", "Here.", "Minor", opened);
        var page = await clash.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Conflict, clash.StatusCode);
        Assert.Contains("data-others-text-shown=\"true\"", page, StringComparison.Ordinal);
        Assert.Contains("data-unsaved=\"true\"", page, StringComparison.Ordinal);
        Assert.Contains("data-unsaved=\"false\"", fresh, StringComparison.Ordinal);
        Assert.Contains("data-others-text-shown=\"false\"", fresh, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revision_sent_for_review_is_not_saved_by_an_autosave_whatever_stamp_it_carries()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        await StartDraftAsync(principal);
        Assert.Equal(HttpStatusCode.Redirect, (await SaveDraftAsync(principal, SeedPolicy.Document.Body + "\n\nReviewed annually.", "Closing line.", "Minor")).StatusCode);
        var editor = await principal.GetStringAsync(DraftUrl);
        var token = PortalClient.AntiforgeryToken(editor);
        var beforeSubmitting = PortalClient.HiddenValue(editor, "ConcurrencyStamp");
        Assert.Equal(HttpStatusCode.Redirect, (await SubmitAsync(principal)).StatusCode);
        var inReview = PortalClient.HiddenValue(await principal.GetStringAsync(DraftUrl), "ConcurrencyStamp");

        var fromTheOpenEditor = await PostAsScriptAsync(principal, AutosaveUrl, Draft("Typed after it was sent.", beforeSubmitting), token);
        var withTheCurrentStamp = await PostAsScriptAsync(principal, AutosaveUrl, Draft("Typed after it was sent.", inReview), token);

        Assert.Equal(HttpStatusCode.Conflict, fromTheOpenEditor.StatusCode);
        Assert.StartsWith("This revision was submitted for review after you opened it", (await JsonAsync(fromTheOpenEditor)).GetProperty("problem").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, withTheCurrentStamp.StatusCode);
        Assert.False(string.IsNullOrEmpty((await JsonAsync(withTheCurrentStamp)).GetProperty("problem").GetString()));
        var revision = await app.WithDatabaseAsync(db => db.PolicyRevisions.AsNoTracking().SingleAsync(r => r.Status == RevisionStatus.InReview));
        Assert.EndsWith("Reviewed annually.", revision.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("teacher@example.org")]
    [InlineData("governor@example.org")]
    public async Task Nobody_but_the_principal_may_preview_or_autosave_a_draft(string email)
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        await StartDraftAsync(principal);
        var stamp = await StampAsync(principal, DraftUrl);
        var other = await app.SignedInAsync(DemoAccounts.All.Single(a => a.Email == email));
        var token = PortalClient.AntiforgeryToken(await other.GetStringAsync("/"));

        var preview = await PostAsScriptAsync(other, PreviewUrl, new() { ["Body"] = "## Mine" }, token);
        var autosave = await PostAsScriptAsync(other, AutosaveUrl, Draft("Not the Principal's text.", stamp), token);

        Assert.Equal(HttpStatusCode.Forbidden, preview.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, autosave.StatusCode);
        Assert.Equal(SeedPolicy.Document.Body, await app.WithDatabaseAsync(db => db.PolicyRevisions.Where(r => r.Status == RevisionStatus.Draft).Select(r => r.Body).SingleAsync()));
    }

    [Fact]
    public async Task Without_the_form_token_in_its_header_the_script_is_refused_and_nothing_is_saved()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        await StartDraftAsync(principal);
        var stamp = await StampAsync(principal, DraftUrl);

        var preview = await PostAsScriptAsync(principal, PreviewUrl, new() { ["Body"] = "## Sent from another site" }, token: null);
        var autosave = await PostAsScriptAsync(principal, AutosaveUrl, Draft("Sent from another site.", stamp), token: null);
        var wrongToken = await PostAsScriptAsync(principal, AutosaveUrl, Draft("Sent from another site.", stamp), token: "not-a-token");

        Assert.Equal(HttpStatusCode.BadRequest, preview.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, autosave.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, wrongToken.StatusCode);
        Assert.Equal(SeedPolicy.Document.Body, await app.WithDatabaseAsync(db => db.PolicyRevisions.Where(r => r.Status == RevisionStatus.Draft).Select(r => r.Body).SingleAsync()));
    }

    [Fact]
    public async Task After_the_session_ended_the_script_gets_401_with_where_to_sign_in_not_the_sign_in_page()
    {
        var principal = await app.SignedInThroughTheFormAsync(DemoAccounts.Principal);
        await StartDraftAsync(principal);
        var editor = await principal.GetStringAsync(DraftUrl);
        var token = PortalClient.AntiforgeryToken(editor);
        var stamp = PortalClient.HiddenValue(editor, "ConcurrencyStamp");
        app.Clock.Advance(TimeSpan.FromMinutes(31));

        var autosave = await PostAsScriptAsync(principal, AutosaveUrl, Draft("Typed as the session ended.", stamp), token);
        var preview = await PostAsScriptAsync(principal, PreviewUrl, new() { ["Body"] = "Typed as the session ended." }, token);

        foreach (var response in new[] { autosave, preview })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.StartsWith("/account/sign-in?ReturnUrl=", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }

        Assert.Equal(SeedPolicy.Document.Body, await app.WithDatabaseAsync(db => db.PolicyRevisions.Where(r => r.Status == RevisionStatus.Draft).Select(r => r.Body).SingleAsync()));
    }

    [Fact]
    public async Task A_request_that_says_it_is_an_XMLHttpRequest_gets_401_after_the_session_ended_as_the_framework_answers_it()
    {
        var principal = await app.SignedInThroughTheFormAsync(DemoAccounts.Principal);
        app.Clock.Advance(TimeSpan.FromMinutes(31));
        using var request = new HttpRequestMessage(HttpMethod.Get, DraftUrl);
        request.Headers.Add("X-Requested-With", "XMLHttpRequest");

        var response = await principal.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("/account/sign-in?ReturnUrl=", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Draft(string body, string? stamp) => new()
    {
        ["Body"] = body,
        ["ChangeSummary"] = "Says who to ask.",
        ["Kind"] = "Minor",
        ["ProvidedBy"] = "The college",
        ["ConcurrencyStamp"] = stamp ?? string.Empty,
    };

    /// <summary>A post as js/draft-editor.js sends it: the fields, and the form token in its header, from the portal's own page.</summary>
    private static async Task<HttpResponseMessage> PostAsScriptAsync(HttpClient client, string url, Dictionary<string, string> fields, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields) };
        if (token is not null)
        {
            request.Headers.Add("RequestVerificationToken", token);
        }

        request.Headers.Add("Sec-Fetch-Site", "same-origin");
        request.Headers.Add("Sec-Fetch-Mode", "cors");
        return await client.SendAsync(request);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync());
    }
}
