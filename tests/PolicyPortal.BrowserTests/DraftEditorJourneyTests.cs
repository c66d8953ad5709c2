using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using PolicyPortal.Testing;
using PolicyPortal.Web.Data.Seeding;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.BrowserTests;

/// <summary>
/// The Principal's draft editor as they type: the preview beside the text follows it, so does the word count, and the
/// draft is saved every minute. The page's own clock (Playwright's <see cref="IClock"/>) stands in for the minute.
/// </summary>
public sealed class DraftEditorJourneyTests(PortalInBrowser portal) : IClassFixture<PortalInBrowser>, IAsyncLifetime
{
    private const string Added = "\n\n## Who to ask\n\nAsk **the Principal** if you are unsure.";

    public Task InitializeAsync() => portal.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_principal_types_the_preview_and_word_count_follow_and_the_draft_is_saved_every_minute()
    {
        var principal = await NewDraftOpenAsync();
        await principal.SetViewportSizeAsync(1280, 900);
        var body = principal.GetByLabel("Policy text (Markdown)");
        var preview = principal.GetByRole(AriaRole.Region, new() { Name = "Preview (not saved)" });
        var words = principal.Locator("[data-word-count]");
        var saveStatus = principal.Locator("[data-save-status]");

        // On a wide screen the preview of the text as it stands is beside it, from the start.
        await Expect(preview).ToContainTextAsync("Students must not be discussed on social media sites.");
        var (editorBox, previewBox) = (await body.BoundingBoxAsync(), await preview.BoundingBoxAsync());
        Assert.True(previewBox!.X >= editorBox!.X + editorBox.Width, "the preview is beside the text");
        await Expect(saveStatus).ToHaveTextAsync("Your changes are saved automatically a minute after you make them.");
        var wordsBefore = int.Parse((await words.TextContentAsync())!.Split(' ')[0], NumberStyles.AllowThousands, CultureInfo.GetCultureInfo("en-GB"));
        await principal.GetByText("How to format the text").ClickAsync();
        await Expect(principal.Locator(".markdown-help")).ToContainTextAsync("Table: Who does what");
        await principal.AssertNoViolationsAsync();

        // The preview follows the text once typing stops, as the portal renders it; the word count at once.
        var typed = await body.InputValueAsync() + Added;
        await body.FillAsync(typed);
        await Expect(words).ToHaveTextAsync((wordsBefore + 10).ToString("N0", CultureInfo.GetCultureInfo("en-GB")) + " words");
        await principal.Clock.RunForAsync(1000);
        await Expect(preview.GetByRole(AriaRole.Heading, new() { Name = "Who to ask" })).ToBeVisibleAsync();
        await Expect(preview.Locator("strong", new() { HasText = "the Principal" })).ToBeVisibleAsync();
        await Expect(preview).ToContainTextAsync("Preview updated.");
        await Expect(saveStatus).ToHaveTextAsync("Your changes are saved automatically a minute after you make them.");

        // A minute later the draft is saved, at the school's time (the portal's test clock says 09:30 in London).
        await principal.Clock.FastForwardAsync("01:00");
        await Expect(saveStatus).ToHaveTextAsync("Saved automatically at 09:30.");
        Assert.Equal(typed.ReplaceLineEndings("\n"), (await DraftTextAsync()).ReplaceLineEndings("\n"));
        await principal.AssertNoViolationsAsync();

        // Opened again, the editor has the text saved automatically.
        await principal.ReloadAsync();
        await Expect(body).ToHaveValueAsync(new Regex(Regex.Escape("Ask **the Principal** if you are unsure.") + "$"));

        // Saved automatically once more, then with Save the draft: the form has the new stamp, so it is no clash.
        await body.FillAsync(typed + " Or the deputy.");
        await principal.Clock.FastForwardAsync("01:00");
        await Expect(saveStatus).ToHaveTextAsync("Saved automatically at 09:30.");
        await principal.GetByRole(AriaRole.Button, new() { Name = "Save the draft" }).ClickAsync();
        await Expect(principal.GetByRole(AriaRole.Status)).ToHaveTextAsync("Your changes are saved.");
        Assert.EndsWith("Or the deputy.", await DraftTextAsync(), StringComparison.Ordinal);
        await principal.AssertNoViolationsAsync();
    }

    [Fact]
    public async Task When_the_session_has_ended_the_editor_says_so_and_keeps_the_text()
    {
        var principal = await NewDraftOpenAsync();
        var body = principal.GetByLabel("Policy text (Markdown)");
        var typed = await body.InputValueAsync() + "\n\nTyped as the session ended.";
        portal.App.Clock.Advance(TimeSpan.FromMinutes(31));

        await body.FillAsync(typed);
        await principal.Clock.FastForwardAsync("01:00");

        await Expect(principal.Locator("[data-save-status]")).ToHaveTextAsync("Your session has ended: sign in again in another tab, then save. Your text is still here, not saved.");
        await Expect(principal.Locator("[data-preview-status]")).ToContainTextAsync("Your session has ended");
        await Expect(body).ToHaveValueAsync(typed);
        Assert.DoesNotContain("Typed as the session ended.", await DraftTextAsync(), StringComparison.Ordinal);
        await principal.AssertNoViolationsAsync();
    }

    [Fact]
    public async Task Text_shown_again_after_preview_is_saved_automatically_a_minute_later()
    {
        var principal = await NewDraftOpenAsync();
        var body = principal.GetByLabel("Policy text (Markdown)");
        var typed = await body.InputValueAsync() + Added;
        await body.FillAsync(typed);
        await principal.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
        await Expect(body).ToHaveValueAsync(typed);

        await Expect(principal.Locator("[data-save-status]")).ToHaveTextAsync("Your changes are not saved yet. They are saved automatically in a minute, or choose Save the draft.");
        await principal.Clock.FastForwardAsync("01:00");

        await Expect(principal.Locator("[data-save-status]")).ToHaveTextAsync("Saved automatically at 09:30.");
        Assert.Equal(typed.ReplaceLineEndings("\n"), (await DraftTextAsync()).ReplaceLineEndings("\n"));
    }

    /// <summary>The Principal starts a revision of the seed policy, with the page's clock in the test's hands.</summary>
    private async Task<IPage> NewDraftOpenAsync()
    {
        var principal = await portal.SignedInPageAsync(DemoAccounts.Principal);
        await principal.Clock.InstallAsync();
        await principal.GotoAsync(SeedPolicy.Url + "/revisions");
        await principal.GetByRole(AriaRole.Button, new() { Name = "Start a new revision from the text in force" }).ClickAsync();
        await Expect(principal.GetByRole(AriaRole.Heading, new() { Name = "Version 1.1 of Personal Use of Social Media Sites" })).ToBeVisibleAsync();
        return principal;
    }

    private Task<string> DraftTextAsync() =>
        portal.App.WithDatabaseAsync(db => db.PolicyRevisions.Where(r => r.Status == RevisionStatus.Draft).Select(r => r.Body).SingleAsync());

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
