using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PolicyPortal.Testing;
using PolicyPortal.Web.Data.Seeding;

namespace PolicyPortal.BrowserTests;

public sealed class WordImportJourneyTests(PortalInBrowser portal) : IClassFixture<PortalInBrowser>, IAsyncLifetime
{
    private const string WordMimeType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    public Task InitializeAsync() => portal.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Word_policies_are_previewed_imported_recorded_as_adopted_confirmed_by_a_governor_and_signed_only_where_required()
    {
        // The Principal chooses three Word files at once and previews them.
        var principal = await portal.SignedInPageAsync(DemoAccounts.Principal);
        await principal.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "All policies" }).ClickAsync();
        await principal.GetByRole(AriaRole.Link, new() { Name = "Import policies from Word" }).ClickAsync();
        await Assertions.Expect(principal.GetByRole(AriaRole.Heading, new() { Name = "Import policies from Word" })).ToBeVisibleAsync();
        await principal.AssertNoViolationsAsync();
        await principal.GetByLabel("Word documents or a .zip of them").SetInputFilesAsync(
        [
            new FilePayload { Name = WordDocuments.TableAndImage, MimeType = WordMimeType, Buffer = WordDocuments.Saved(WordDocuments.TableAndImage) },
            new FilePayload { Name = "anti-bullying.docx", MimeType = WordMimeType, Buffer = WordDocuments.Simple("Anti-Bullying Policy", ("Scope", "Every pupil and member of staff.")) },
            new FilePayload { Name = "lettings.docx", MimeType = WordMimeType, Buffer = WordDocuments.Simple("Lettings Policy", ("Scope", "Hirers of the school's rooms.")) },
        ]);
        await principal.GetByRole(AriaRole.Button, new() { Name = "Preview the import" }).ClickAsync();
        await Assertions.Expect(principal.GetByRole(AriaRole.Heading, new() { Name = "Check the import" })).ToBeVisibleAsync();
        await Assertions.Expect(principal.GetByText("3 documents are ready to import.", new() { Exact = false })).ToBeVisibleAsync();

        // Each file's preview: the table with its caption, the picture itself, and what was not carried over.
        var visitors = principal.GetByRole(AriaRole.Region, new() { Name = WordDocuments.TableAndImage });
        var antiBullying = principal.GetByRole(AriaRole.Region, new() { Name = "anti-bullying.docx" });
        var lettings = principal.GetByRole(AriaRole.Region, new() { Name = "lettings.docx" });
        await Assertions.Expect(visitors.GetByRole(AriaRole.Table, new() { Name = "Who signs visitors in", Exact = false })).ToBeVisibleAsync();
        var badge = visitors.GetByRole(AriaRole.Img, new() { Name = "Visitor badge" });
        await Assertions.Expect(badge).ToHaveJSPropertyAsync("complete", true);
        Assert.True(await badge.EvaluateAsync<int>("img => img.naturalWidth") > 0, "the picture in the preview loads");
        await Assertions.Expect(antiBullying.GetByRole(AriaRole.Region, new() { Name = "Preview of Anti-Bullying Policy" })).ToContainTextAsync("Every pupil and member of staff.");
        await Assertions.Expect(lettings.GetByRole(AriaRole.Region, new() { Name = "Preview of Lettings Policy" })).ToContainTextAsync("Hirers of the school's rooms.");
        foreach (var file in new[] { visitors, antiBullying, lettings })
        {
            await Assertions.Expect(file.GetByRole(AriaRole.Heading, new() { Name = "Not carried over" })).ToBeVisibleAsync();
        }

        await Assertions.Expect(visitors).ToContainTextAsync("1 field, shown as its last result");
        await Assertions.Expect(lettings).ToContainTextAsync("Nothing: everything a reader sees in the document is in the preview.");
        await principal.AssertNoViolationsAsync();
        await visitors.ScreenshotForGuideAsync("import-preview");

        // The table document for staff to sign, the lettings policy already in force without signatures; anti-bullying as it is.
        await Assertions.Expect(visitors.GetByLabel("Title")).ToHaveValueAsync("Visitors");
        await visitors.GetByLabel("Title").FillAsync("Visitors Policy");
        await visitors.GetByLabel("Address").FillAsync("visitors");
        await visitors.GetByLabel("Staff must sign it").CheckAsync();
        await lettings.GetByLabel("In force, no signature required", new() { Exact = false }).CheckAsync();
        await principal.GetByRole(AriaRole.Button, new() { Name = "Import 3 documents as drafts" }).ClickAsync();
        await Assertions.Expect(principal.GetByRole(AriaRole.Heading, new() { Name = "Policies not yet in force" })).ToBeVisibleAsync();
        await Assertions.Expect(principal.GetByRole(AriaRole.Status)).ToContainTextAsync("3 policies are imported as drafts");
        await principal.AssertNoViolationsAsync();

        // Its adoption from the minutes, first with a meeting date still to come.
        await principal.GetByRole(AriaRole.Link, new() { Name = "Record its adoption of Visitors Policy" }).ClickAsync();
        await Assertions.Expect(principal.GetByRole(AriaRole.Heading, new() { Name = "Record the adoption of Visitors Policy" })).ToBeVisibleAsync();
        await principal.AssertNoViolationsAsync();
        var meetingDate = principal.GetByLabel("Date of the meeting that adopted it");
        await meetingDate.FillAsync("2027-03-12");
        await principal.GetByLabel("Minute reference").FillAsync("FGB 25/14");
        await principal.GetByLabel("Signed for the governing body by").FillAsync("Pat Chair");
        await principal.GetByRole(AriaRole.Button, new() { Name = "Record the adoption" }).ClickAsync();
        await Assertions.Expect(principal.GetByRole(AriaRole.Alert).Filter(new() { HasText = "There is a problem" })).ToContainTextAsync("The meeting date is in the future.");
        await Assertions.Expect(principal.Locator(".field").Filter(new() { Has = meetingDate })).ToContainTextAsync("The meeting date is in the future.");
        await Assertions.Expect(meetingDate).ToHaveValueAsync("2027-03-12");
        await Assertions.Expect(principal.GetByLabel("Minute reference")).ToHaveValueAsync("FGB 25/14");
        await Assertions.Expect(principal.GetByLabel("Signed for the governing body by")).ToHaveValueAsync("Pat Chair");
        await principal.AssertNoViolationsAsync();
        await meetingDate.FillAsync("2025-03-12");
        await principal.GetByRole(AriaRole.Button, new() { Name = "Record the adoption" }).ClickAsync();
        await Assertions.Expect(principal.GetByRole(AriaRole.Status)).ToContainTextAsync("The adoption is recorded. It comes into force when a governor confirms it.");
        await Assertions.Expect(principal.GetByRole(AriaRole.Row, new() { Name = "Visitors Policy" })).ToContainTextAsync("waiting for a governor to confirm it");

        await principal.GetByRole(AriaRole.Link, new() { Name = "Record its adoption of Lettings Policy" }).ClickAsync();
        await principal.GetByLabel("Date of the meeting that adopted it").FillAsync("2025-03-12");
        await principal.GetByLabel("Minute reference").FillAsync("FGB 25/15");
        await principal.GetByLabel("Signed for the governing body by").FillAsync("Pat Chair");
        await principal.GetByRole(AriaRole.Button, new() { Name = "Record the adoption" }).ClickAsync();
        await Assertions.Expect(principal.GetByRole(AriaRole.Row, new() { Name = "Lettings Policy" })).ToContainTextAsync("waiting for a governor to confirm it");
        await Assertions.Expect(principal.GetByRole(AriaRole.Link, new() { Name = "Record its adoption of Anti-Bullying Policy" })).ToBeVisibleAsync();
        await principal.AssertNoViolationsAsync();

        // A governor, not the Principal who recorded them, checks both against the minutes and confirms them.
        var governor = await portal.SignedInPageAsync(DemoAccounts.Governor);
        await governor.GetByRole(AriaRole.Link, new() { Name = "2 adoptions of imported policies to confirm" }).ClickAsync();
        await Assertions.Expect(governor.GetByRole(AriaRole.Heading, new() { Name = "Confirm adoptions" })).ToBeVisibleAsync();
        await Assertions.Expect(governor.GetByRole(AriaRole.Region, new() { Name = "Visitors Policy, version 1.0" })).ToContainTextAsync("FGB 25/14");
        await Assertions.Expect(governor.GetByRole(AriaRole.Region, new() { Name = "Lettings Policy, version 1.0" })).ToContainTextAsync("In force, no signature required");
        await governor.AssertNoViolationsAsync();
        await governor.GetByLabel("These details match the minutes for Visitors Policy").CheckAsync();
        await governor.GetByLabel("These details match the minutes for Lettings Policy").CheckAsync();
        await governor.Locator("main").ScreenshotForGuideAsync("import-confirm");
        await governor.GetByRole(AriaRole.Button, new() { Name = "Confirm all that are ticked" }).ClickAsync();
        await Assertions.Expect(governor.GetByRole(AriaRole.Status)).ToContainTextAsync("2 policies are confirmed and in force");
        await Assertions.Expect(governor.GetByText("There is nothing to confirm.")).ToBeVisibleAsync();
        await governor.AssertNoViolationsAsync();

        // The teacher is asked to sign the visitors policy, not the lettings policy; the anti-bullying draft is not theirs to see.
        var teacher = await portal.SignedInPageAsync(DemoAccounts.Teacher);
        await Assertions.Expect(teacher.GetByRole(AriaRole.Region, new() { Name = "Policies to sign" })).ToContainTextAsync("You have 2 policies to sign.");
        await Assertions.Expect(teacher.GetByRole(AriaRole.Row, new() { Name = "Visitors Policy" })).ToContainTextAsync("To sign");
        await Assertions.Expect(teacher.GetByRole(AriaRole.Row, new() { Name = "Lettings Policy" })).ToContainTextAsync("Not required");
        await Assertions.Expect(teacher.GetByRole(AriaRole.Row, new() { Name = "Anti-Bullying Policy" })).ToHaveCountAsync(0);
        await teacher.AssertNoViolationsAsync();

        await teacher.GetByRole(AriaRole.Link, new() { Name = "Read and sign Visitors Policy" }).ClickAsync();
        await Assertions.Expect(teacher).ToHaveURLAsync(new Regex("/policies/visitors#sign$"));
        await Assertions.Expect(teacher.GetByRole(AriaRole.Table, new() { Name = "Who signs visitors in", Exact = false })).ToBeVisibleAsync();
        await Assertions.Expect(teacher.GetByRole(AriaRole.Button, new() { Name = "Sign version 1.0" })).ToBeVisibleAsync();
        await teacher.AssertNoViolationsAsync();
        await teacher.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "My policies" }).ClickAsync();
        await teacher.GetByRole(AriaRole.Link, new() { Name = "Lettings Policy" }).ClickAsync();
        await Assertions.Expect(teacher.GetByText("Hirers of the school's rooms.")).ToBeVisibleAsync();
        await Assertions.Expect(teacher.GetByText("You are not asked to sign this policy.")).ToBeVisibleAsync();
        await teacher.AssertNoViolationsAsync();
    }
}
