using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using PolicyPortal.Testing;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Data.Seeding;

namespace PolicyPortal.BrowserTests;

public sealed class PolicyLifecycleJourneyTests(PortalInBrowser portal) : IClassFixture<PortalInBrowser>, IAsyncLifetime
{
    public Task InitializeAsync() => portal.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_material_change_is_drafted_reviewed_revised_adopted_and_signed_again()
    {
        var chair = await portal.App.AddPersonAsync("chair@example.org", "Pat Chair", "Chair of Governors", Roles.Governor);

        // The teacher signed 1.0 before anything changed.
        var teacher = await portal.SignedInPageAsync(DemoAccounts.Teacher);
        await teacher.GotoAsync(SeedPolicy.Url);
        await teacher.GetByLabel("I have read and understood this policy").CheckAsync();
        await teacher.GetByLabel("Your full name, as your signature").FillAsync("Sam Taylor");
        await teacher.GetByRole(AriaRole.Button, new() { Name = "Sign version 1.0" }).ClickAsync();
        await Assertions.Expect(teacher.GetByRole(AriaRole.Status)).ToContainTextAsync("Thank you.");

        // The Principal drafts a material change.
        var principal = await portal.SignedInPageAsync(DemoAccounts.Principal);
        await principal.GotoAsync(SeedPolicy.Url);
        await principal.AssertNoViolationsAsync();
        await principal.GetByRole(AriaRole.Link, new() { Name = "Prepare a revision" }).ClickAsync();
        await Assertions.Expect(principal.GetByRole(AriaRole.Heading, new() { Name = "History of Personal Use of Social Media Sites" })).ToBeVisibleAsync();
        await principal.AssertNoViolationsAsync();
        await principal.GetByRole(AriaRole.Button, new() { Name = "Start a new revision from the text in force" }).ClickAsync();
        await Assertions.Expect(principal.GetByRole(AriaRole.Heading, new() { Name = "Version 1.1 of Personal Use of Social Media Sites" })).ToBeVisibleAsync();
        await principal.AssertNoViolationsAsync();
        var body = principal.GetByLabel("Policy text (Markdown)");
        var text = (await body.InputValueAsync())
            .Replace("Students must not be discussed on social media sites.", "Students must never be discussed on social media sites, even anonymously.", StringComparison.Ordinal)
            .Replace("- Taking part in online polls\n", "- Taking part in online polls or surveys\n", StringComparison.Ordinal);
        await body.FillAsync(text);
        await principal.GetByLabel("Material: a change of substance.", new() { Exact = false }).CheckAsync();
        await principal.GetByLabel("Change summary").FillAsync("Students are never discussed, even anonymously.");
        await Assertions.Expect(principal.GetByLabel("Provided by (optional)")).ToHaveValueAsync("Leicestershire County Council Traded Services, following consultation with unions");
        await principal.GetByLabel("Provided by (optional)").FillAsync("The college, from the Leicestershire County Council Traded Services text");
        await principal.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
        await Assertions.Expect(principal.GetByRole(AriaRole.Heading, new() { Name = "Preview (not saved)" })).ToBeVisibleAsync();
        await principal.AssertNoViolationsAsync();
        await principal.ScreenshotForGuideAsync("draft-editor");
        await principal.GetByRole(AriaRole.Button, new() { Name = "Save the draft" }).ClickAsync();
        await Assertions.Expect(principal.GetByRole(AriaRole.Status)).ToContainTextAsync("Your changes are saved.");
        await Assertions.Expect(principal.GetByRole(AriaRole.Heading, new() { Name = "Version 2.0 of Personal Use of Social Media Sites" })).ToBeVisibleAsync();
        await principal.GetByRole(AriaRole.Button, new() { Name = "Submit version 2.0 for review" }).ClickAsync();
        await Assertions.Expect(principal.GetByRole(AriaRole.Status)).ToContainTextAsync("with the governors");
        await principal.AssertNoViolationsAsync();

        // Two governors comment; one asks for changes.
        var governor = await portal.SignedInPageAsync(DemoAccounts.Governor);
        await governor.GetByRole(AriaRole.Link, new() { Name = "Reviews" }).First.ClickAsync();
        await Assertions.Expect(governor.GetByRole(AriaRole.Heading, new() { Name = "Reviews", Level = 1 })).ToBeVisibleAsync();
        await governor.AssertNoViolationsAsync();
        await governor.GetByRole(AriaRole.Table, new() { Name = "Revisions in review" }).GetByRole(AriaRole.Link, new() { Name = "Personal Use of Social Media Sites" }).ClickAsync();
        await Assertions.Expect(governor.Locator(".redline ins").Filter(new() { HasText = "never" })).ToHaveCountAsync(1);
        await governor.AssertNoViolationsAsync();
        await governor.GetByLabel("Your comment").FillAsync("Who should staff ask when unsure?");
        await governor.GetByRole(AriaRole.Button, new() { Name = "Add comment" }).ClickAsync();
        await Assertions.Expect(governor.GetByRole(AriaRole.Status)).ToContainTextAsync("Your comment is added.");
        await governor.GetByLabel("Changes needed", new() { Exact = true }).CheckAsync();
        await governor.GetByLabel("Changes needed, and why").FillAsync("Name who staff should ask.");
        await governor.GetByRole(AriaRole.Button, new() { Name = "Record your view" }).ClickAsync();
        await Assertions.Expect(governor.GetByRole(AriaRole.Status)).ToContainTextAsync("Your view is recorded.");
        await governor.AssertNoViolationsAsync();
        await governor.ScreenshotForGuideAsync("review");

        var chairPage = await portal.SignedInPageAsync(chair);
        await chairPage.GotoAsync(SeedPolicy.Url + "/review");
        await chairPage.AssertNoViolationsAsync();
        await chairPage.GetByLabel("Your comment").FillAsync("Agree the change is needed.");
        await chairPage.GetByRole(AriaRole.Button, new() { Name = "Add comment" }).ClickAsync();
        await Assertions.Expect(chairPage.GetByRole(AriaRole.Status)).ToContainTextAsync("Your comment is added.");

        // The Principal sees it all, revises and resubmits.
        await principal.GotoAsync(SeedPolicy.Url + "/draft");
        await Assertions.Expect(principal.GetByText("Name who staff should ask.")).ToBeVisibleAsync();
        await Assertions.Expect(principal.GetByText("Agree the change is needed.")).ToBeVisibleAsync();
        await principal.AssertNoViolationsAsync();
        await principal.GetByRole(AriaRole.Button, new() { Name = "Take back into draft to revise" }).ClickAsync();
        // Submit without saving first: the edit is saved, then submitted.
        await principal.GetByLabel("Policy text (Markdown)").FillAsync(text + "\n\nIf you are unsure, ask the Principal.");
        await principal.GetByRole(AriaRole.Button, new() { Name = "Submit version 2.0 for review" }).ClickAsync();
        await Assertions.Expect(principal.GetByRole(AriaRole.Status)).ToHaveTextAsync("Your changes are saved, and the draft is with the governors for review.");
        await Assertions.Expect(principal.Locator(".policy-text")).ToContainTextAsync("If you are unsure, ask the Principal.");
        await principal.AssertNoViolationsAsync();

        // Both governors are ready; one records the governing body's adoption.
        foreach (var page in new[] { chairPage, governor })
        {
            await page.GotoAsync(SeedPolicy.Url + "/review");
            await page.GetByLabel("Ready for adoption").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Record your view" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your view is recorded.");
        }

        // A meeting dated before the policy's adoption in January 2016 is a mistyped date: refused, with the form kept.
        await governor.GetByLabel("Date of the governing body's meeting").FillAsync("2015-12-10");
        await governor.GetByLabel("Minute reference").FillAsync("FGB 2026/14");
        await governor.GetByLabel("Signed for the governing body by").FillAsync("Robin Hughes");
        await governor.GetByRole(AriaRole.Button, new() { Name = "Record adoption of version 2.0" }).ClickAsync();
        var problems = governor.GetByRole(AriaRole.Alert).Filter(new() { HasText = "There is a problem" });
        await Assertions.Expect(problems).ToContainTextAsync("The meeting date is before this policy's last adoption or review, in January 2016. Check the date in the minutes.");
        await Assertions.Expect(problems).ToBeFocusedAsync();
        await Assertions.Expect(governor.GetByLabel("Minute reference")).ToHaveValueAsync("FGB 2026/14");
        await Assertions.Expect(governor.GetByLabel("Signed for the governing body by")).ToHaveValueAsync("Robin Hughes");
        await Assertions.Expect(governor.GetByLabel("Date of the governing body's meeting")).ToHaveValueAsync("2015-12-10");
        await governor.AssertNoViolationsAsync();
        await governor.GetByLabel("Date of the governing body's meeting").FillAsync("2026-11-20");
        await governor.GetByRole(AriaRole.Button, new() { Name = "Record adoption of version 2.0" }).ClickAsync();
        await Assertions.Expect(governor.GetByRole(AriaRole.Status)).ToContainTextAsync("Version 2.0 is adopted and now in force.");
        await governor.AssertNoViolationsAsync();

        // The teacher has 2.0 to sign. "Read and sign" opens it at the sign form; at the top, above the text, it says that
        // the signature of 1.0 no longer counts and why, with the word comparison a link away, lists shown as lists.
        await teacher.GotoAsync("/");
        await Assertions.Expect(teacher.GetByRole(AriaRole.Region, new() { Name = "Policies to sign" })).ToContainTextAsync("You have 1 policy to sign.");
        await teacher.AssertNoViolationsAsync();
        await teacher.GetByRole(AriaRole.Link, new() { Name = "Read and sign Personal Use of Social Media Sites" }).ClickAsync();
        await Assertions.Expect(teacher).ToHaveURLAsync(new Regex($"{SeedPolicy.Url}#sign$"));
        await Assertions.Expect(teacher.GetByRole(AriaRole.Button, new() { Name = "Sign version 2.0" })).ToBeInViewportAsync();
        var changes = teacher.GetByRole(AriaRole.Region, new() { Name = "Your signature of version 1.0 no longer counts" });
        await Assertions.Expect(changes).ToContainTextAsync("What changed, in short: Students are never discussed, even anonymously.");
        Assert.True((await changes.BoundingBoxAsync())!.Y < (await teacher.Locator(".policy-text").BoundingBoxAsync())!.Y, "the banner is above the policy's text");
        await Assertions.Expect(teacher.GetByRole(AriaRole.Region, new() { Name = "About this policy" })).ToContainTextAsync("The college, from the Leicestershire County Council Traded Services text");
        await teacher.AssertNoViolationsAsync();
        await changes.ScreenshotForGuideAsync("changes-since-signed");
        await changes.GetByRole(AriaRole.Link, new() { Name = "See every change since version 1.0, word by word" }).ClickAsync();
        await Assertions.Expect(teacher.Locator(".redline ins").Filter(new() { HasText = "never" })).ToHaveCountAsync(1);
        await Assertions.Expect(teacher.Locator(".redline del").Filter(new() { HasText = "not" })).ToHaveCountAsync(1);
        await Assertions.Expect(teacher.Locator(".redline li").Filter(new() { HasText = "Taking part in online polls" })).ToContainTextAsync("or surveys");
        await Assertions.Expect(teacher.Locator(".redline").Filter(new() { HasText = "- Taking part" })).ToHaveCountAsync(0);
        await teacher.AssertNoViolationsAsync();
        await teacher.ScreenshotForGuideAsync("comparison");
        await teacher.GoBackAsync();
        await teacher.GetByLabel("I have read and understood this policy").CheckAsync();
        await teacher.GetByLabel("Your full name, as your signature").FillAsync("Sam Taylor");
        await teacher.GetByRole(AriaRole.Button, new() { Name = "Sign version 2.0" }).ClickAsync();
        await Assertions.Expect(teacher.Locator(".details--receipt")).ToContainTextAsync("2.0 (in force)");
        await teacher.AssertNoViolationsAsync();

        await teacher.GotoAsync(SeedPolicy.Url + "/revisions");
        await Assertions.Expect(teacher.GetByRole(AriaRole.Row, new() { Name = "Version 1.0" })).ToContainTextAsync("Superseded");
        await teacher.AssertNoViolationsAsync();
        await teacher.GotoAsync(SeedPolicy.Url + "/compare?from=1.0&to=2.0");
        await Assertions.Expect(teacher.Locator(".redline ins").Last).ToContainTextAsync("If you are unsure, ask the Principal.");
        await teacher.AssertNoViolationsAsync();
        await teacher.GotoAsync(SeedPolicy.Url + "/revisions/1.0");
        await Assertions.Expect(teacher.GetByRole(AriaRole.Note)).ToContainTextAsync("Superseded.");
        await teacher.AssertNoViolationsAsync();

        await principal.GotoAsync(SeedPolicy.Url + "/revisions");
        await Assertions.Expect(principal.GetByRole(AriaRole.Heading, new() { Name = "Audit trail" })).ToBeVisibleAsync();
        await principal.AssertNoViolationsAsync();
        await principal.ScreenshotForGuideAsync("history");

        await principal.GetByRole(AriaRole.Link, new() { Name = "Compliance" }).ClickAsync();
        await Assertions.Expect(principal.GetByRole(AriaRole.Img, new() { Name = "Percentage of people in scope who have signed each policy.", Exact = false })).ToBeVisibleAsync();
        await principal.AssertNoViolationsAsync();
        await principal.GetByRole(AriaRole.Link, new() { Name = "Personal Use of Social Media Sites" }).ClickAsync();
        await Assertions.Expect(principal.GetByRole(AriaRole.Heading, new() { Name = "Outstanding" })).ToBeVisibleAsync();
        await principal.AssertNoViolationsAsync();

        var versionsSigned = await portal.App.WithDatabaseAsync(db => db.Acknowledgements.OrderBy(a => a.Id).Select(a => a.Revision.Version).ToListAsync());
        Assert.Equal(["1.0", "2.0"], versionsSigned);
    }

    [Fact]
    public async Task The_principal_creates_a_policy_with_an_accessible_form()
    {
        var principal = await portal.SignedInPageAsync(DemoAccounts.Principal);
        await principal.GotoAsync("/policies");
        await principal.GetByRole(AriaRole.Link, new() { Name = "Create a policy" }).ClickAsync();
        await principal.AssertNoViolationsAsync();

        await principal.GetByRole(AriaRole.Button, new() { Name = "Create the policy" }).ClickAsync();
        await Assertions.Expect(principal.GetByRole(AriaRole.Alert)).ToContainTextAsync("Give the policy a title.");
        await principal.AssertNoViolationsAsync();

        await principal.GetByLabel("Title").FillAsync("E-Safety Policy");
        await principal.GetByLabel("Address").FillAsync("e-safety");
        await principal.GetByLabel("Governors must sign it").CheckAsync();
        await principal.GetByLabel("First draft (Markdown)").FillAsync("## Scope\n\nThis policy applies to all staff and governors.");
        await principal.GetByRole(AriaRole.Button, new() { Name = "Create the policy" }).ClickAsync();
        await Assertions.Expect(principal).ToHaveURLAsync(new Regex("/policies/e-safety/draft$"));
        await Assertions.Expect(principal.GetByRole(AriaRole.Heading, new() { Name = "Version 1.0 of E-Safety Policy" })).ToBeVisibleAsync();
        await principal.AssertNoViolationsAsync();
    }
}
