using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using PolicyPortal.Testing;
using PolicyPortal.Web.Data.Seeding;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.BrowserTests;

public sealed class ReadAndSignJourneyTests(PortalInBrowser portal) : IClassFixture<PortalInBrowser>, IAsyncLifetime
{
    public Task InitializeAsync() => portal.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_teacher_signs_in_reads_the_social_media_policy_signs_it_and_keeps_a_receipt()
    {
        var page = await portal.NewPageAsync();

        // Anonymous: sent to sign in.
        await page.GotoAsync("/");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/sign-in"));
        await page.AssertNoViolationsAsync();
        await page.ScreenshotForGuideAsync("sign-in");

        await page.GetByLabel("Email address").FillAsync(DemoAccounts.Teacher.Email);
        await page.GetByLabel("Password").FillAsync(DemoAccounts.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        // My policies, with the banner.
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My policies", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Policies to sign" })).ToContainTextAsync("You have 1 policy to sign.");
        await Assertions.Expect(page.GetByRole(AriaRole.Row, new() { Name = "Personal Use of Social Media Sites" })).ToContainTextAsync("To sign");
        await page.AssertNoViolationsAsync();
        await page.ScreenshotForGuideAsync("my-policies");

        // The policy: every section, the adoption record, the form.
        await page.GetByRole(AriaRole.Link, new() { Name = "Personal Use of Social Media Sites", Exact = true }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/policies/personal-use-of-social-media$"));
        foreach (var section in SeedPolicy.SectionHeadings)
        {
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = section, Exact = true, Level = 2 })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Contents" }).GetByRole(AriaRole.Link, new() { Name = section, Exact = true })).ToBeVisibleAsync();
        }

        var details = page.GetByRole(AriaRole.Region, new() { Name = "About this policy" });
        await Assertions.Expect(details).ToContainTextAsync("Governing Body of King Edward VII Science and Sport College, adopted in its entirety");
        await Assertions.Expect(details).ToContainTextAsync("January 2016");
        await Assertions.Expect(details).ToContainTextAsync("J.T. Kailofer");
        await Assertions.Expect(details).ToContainTextAsync("Leicestershire County Council Traded Services");
        await Assertions.Expect(details).ToContainTextAsync("support staff, teachers, headteachers/principals, governors");
        await page.AssertNoViolationsAsync();
        await page.ScreenshotForGuideAsync("policy");

        // A long policy has a way to its sign form at the top.
        await page.GetByRole(AriaRole.Link, new() { Name = "Go to the sign form" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign version 1.0" })).ToBeInViewportAsync();

        // Forgetting the tick: the page comes back at the form, the summary of problems in view and focused, each problem
        // linked to its field, and what was typed kept.
        var form = new
        {
            RevisionId = await page.Locator("input[name=RevisionId]").InputValueAsync(),
            TextSha256 = await page.Locator("input[name=TextSha256]").InputValueAsync(),
            Token = await page.Locator(".sign-form input[name=__RequestVerificationToken]").InputValueAsync(),
        };
        await page.GetByLabel("Your full name, as your signature").FillAsync("Sam Taylor");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign version 1.0" }).ClickAsync();
        var summary = page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "There is a problem" });
        await Assertions.Expect(summary).ToBeFocusedAsync();
        await Assertions.Expect(summary).ToBeInViewportAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/acknowledge#sign$"));
        await Assertions.Expect(page.GetByLabel("Your full name, as your signature")).ToHaveValueAsync("Sam Taylor");
        await page.AssertNoViolationsAsync();
        await summary.GetByRole(AriaRole.Link, new() { Name = "Tick the box to confirm that you have read and understood this policy." }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("I have read and understood this policy")).ToBeFocusedAsync();

        // A signature that is not my name is refused, and the page says why, in view.
        await page.GetByLabel("I have read and understood this policy").CheckAsync();
        await page.GetByLabel("Your full name, as your signature").FillAsync("Jo Patel");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign version 1.0" }).ClickAsync();
        await Assertions.Expect(summary).ToContainTextAsync("Your signature must be your full name as it is on your account: Sam Taylor.");
        await Assertions.Expect(summary).ToBeInViewportAsync();
        await page.AssertNoViolationsAsync();

        // Signed properly: a receipt with the text's SHA-256.
        await page.GetByLabel("I have read and understood this policy").CheckAsync();
        await page.GetByLabel("Your full name, as your signature").FillAsync("Sam Taylor");
        await page.GetByRole(AriaRole.Region, new() { Name = "Your signature" }).ScreenshotForGuideAsync("sign-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign version 1.0" }).ClickAsync();
        // The receipt's address keeps the form's #sign, as browsers keep a fragment through a redirect.
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/acknowledgements/[0-9]+#sign$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Thank you. Your signature is recorded.");
        var expectedHash = PolicyRevision.HashOf(SeedPolicy.Document.Body);
        Assert.Equal(form.TextSha256, expectedHash);
        await Assertions.Expect(page.Locator(".details--receipt")).ToContainTextAsync(expectedHash);
        await Assertions.Expect(page.Locator(".details--receipt")).ToContainTextAsync("Sam Taylor (teacher@example.org), Teacher of Geography");
        await Assertions.Expect(page.GetByText("a code computed from the exact text you signed. Any change to the text, even one letter, would change it")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Policies to sign" })).ToHaveCountAsync(0);
        await page.AssertNoViolationsAsync();
        await page.ScreenshotForGuideAsync("receipt");
        var receiptUrl = page.Url.Split('#')[0];

        // Reloading the policy shows it signed, with no form.
        await page.GotoAsync(SeedPolicy.Url);
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator(".signed-state")).ToContainTextAsync("You signed version 1.0 on");
        await Assertions.Expect(page.Locator("form.sign-form")).ToHaveCountAsync(0);
        await page.AssertNoViolationsAsync();

        // The same form posted again, as a double submit would: no new row, the first receipt.
        var again = await page.APIRequest.PostAsync(SeedPolicy.SignUrl, new APIRequestContextOptions
        {
            Form = FormOf(page, new()
            {
                ["RevisionId"] = form.RevisionId,
                ["TextSha256"] = form.TextSha256,
                ["Confirmed"] = "true",
                ["SignatureName"] = "Sam Taylor",
                ["__RequestVerificationToken"] = form.Token,
            }),
        });
        Assert.Equal(receiptUrl, again.Url);
        Assert.Contains("You had already signed this version, so nothing new was recorded.", await again.TextAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await portal.App.WithDatabaseAsync(db => db.Acknowledgements.CountAsync()));

        await page.GotoAsync("/");
        await Assertions.Expect(page.GetByRole(AriaRole.Row, new() { Name = "Personal Use of Social Media Sites" })).ToContainTextAsync("Signed");
        await page.AssertNoViolationsAsync();
    }

    [Fact]
    public async Task A_teacher_whose_session_ended_while_reading_signs_in_again_and_gets_the_receipt()
    {
        var page = await portal.SignedInPageAsync(DemoAccounts.Teacher);
        await page.GotoAsync(SeedPolicy.Url);
        await page.GetByLabel("I have read and understood this policy").CheckAsync();
        await page.GetByLabel("Your full name, as your signature").FillAsync("Sam Taylor");

        // 31 minutes of reading: the session has ended when the form is sent.
        portal.App.Clock.Advance(TimeSpan.FromMinutes(31));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign version 1.0" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Nothing you sent has been saved yet. Sign in again and it will be sent.");
        await page.AssertNoViolationsAsync();
        Assert.Equal(0, await portal.App.WithDatabaseAsync(db => db.Acknowledgements.CountAsync()));
        await page.GetByLabel("Email address").FillAsync(DemoAccounts.Teacher.Email);
        await page.GetByLabel("Password").FillAsync(DemoAccounts.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/acknowledgements/[0-9]+$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Thank you. Your signature is recorded.");
        await Assertions.Expect(page.Locator(".details--receipt")).ToContainTextAsync("Sam Taylor");
        await page.AssertNoViolationsAsync();

        // Signing out says so; a tab left open sends its sign-out too, and is told.
        var staleTab = await page.Context.NewPageAsync();
        await staleTab.GotoAsync("/");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("You have signed out.");
        await page.AssertNoViolationsAsync();
        await staleTab.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(staleTab.GetByRole(AriaRole.Status)).ToHaveTextAsync("You were already signed out.");
    }

    [Fact]
    public async Task A_printed_policy_shows_the_text_and_adoption_record_without_the_portal_around_it()
    {
        var page = await portal.SignedInPageAsync(DemoAccounts.Governor);

        await page.GotoAsync(SeedPolicy.Url);
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });

        await Assertions.Expect(page.Locator(".site-header")).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "Policies to sign" })).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("form.sign-form")).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Employee Groups / Networks" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "About this policy" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Error_pages_and_the_account_page_are_accessible()
    {
        var page = await portal.SignedInPageAsync(DemoAccounts.Support);

        var response = await page.GotoAsync("/policies/no-such-policy");

        Assert.Equal(404, response!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Page not found" })).ToBeVisibleAsync();
        await page.AssertNoViolationsAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Jo Patel" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My account" })).ToBeVisibleAsync();
        await page.AssertNoViolationsAsync();
    }


    private static IFormData FormOf(IPage page, Dictionary<string, string> fields)
    {
        var form = page.Context.APIRequest.CreateFormData();
        foreach (var (name, value) in fields)
        {
            form.Set(name, value);
        }

        return form;
    }
}
