using Microsoft.Playwright;
using PolicyPortal.Testing;
using PolicyPortal.Web.Data.Seeding;

namespace PolicyPortal.BrowserTests;

public sealed class PolicyCatalogueJourneyTests(PortalInBrowser portal) : IClassFixture<PortalInBrowser>, IAsyncLifetime
{
    private const string Title = "Personal Use of Social Media Sites";

    public Task InitializeAsync() => portal.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_principal_retires_restores_describes_and_finds_a_policy()
    {
        var teacher = await portal.SignedInPageAsync(DemoAccounts.Teacher);
        var myPolicy = teacher.Locator("main").GetByRole(AriaRole.Link, new() { Name = Title });
        await Assertions.Expect(myPolicy.First).ToBeVisibleAsync();

        // The Principal retires the policy from its history page, after a confirmation.
        var principal = await portal.SignedInPageAsync(DemoAccounts.Principal);
        await principal.GotoAsync(SeedPolicy.Url + "/revisions");
        await principal.AssertNoViolationsAsync();
        await principal.GetByRole(AriaRole.Link, new() { Name = "Retire this policy" }).ClickAsync();
        await Assertions.Expect(principal.GetByRole(AriaRole.Heading, new() { Name = $"Retire {Title}?" })).ToBeVisibleAsync();
        await principal.AssertNoViolationsAsync();
        await principal.GetByRole(AriaRole.Button, new() { Name = "Retire this policy" }).ClickAsync();
        await Assertions.Expect(principal.GetByRole(AriaRole.Status)).ToContainTextAsync("The policy is retired.");
        await Assertions.Expect(principal.GetByText("Retired on 24 November 2026; no longer in force.")).ToBeVisibleAsync();
        await principal.AssertNoViolationsAsync();

        // It leaves the teacher's list, and its page has no sign form.
        await teacher.ReloadAsync();
        await Assertions.Expect(myPolicy).ToHaveCountAsync(0);
        await teacher.AssertNoViolationsAsync();
        await teacher.GotoAsync(SeedPolicy.Url);
        await Assertions.Expect(teacher.GetByText("This policy is retired, so nobody is asked to sign it.")).ToBeVisibleAsync();
        await teacher.AssertNoViolationsAsync();

        // Restored, it is back in force.
        await principal.GetByRole(AriaRole.Button, new() { Name = "Restore this policy" }).ClickAsync();
        await Assertions.Expect(principal.GetByRole(AriaRole.Status)).ToContainTextAsync("The policy is restored and in force again.");
        await teacher.GotoAsync("/");
        await Assertions.Expect(myPolicy.First).ToBeVisibleAsync();

        // The Principal sets its category and owner.
        await principal.GetByRole(AriaRole.Link, new() { Name = "Change its category, owner, review cycle or who must sign" }).ClickAsync();
        await principal.AssertNoViolationsAsync();
        await principal.GetByLabel("Statutory: the law requires it").CheckAsync();
        await principal.GetByLabel("Owner").SelectOptionAsync(new SelectOptionValue { Label = $"{DemoAccounts.Support.FullName}, {DemoAccounts.Support.JobTitle}" });
        await principal.GetByLabel("Review cycle in months").FillAsync("0");
        await principal.GetByRole(AriaRole.Button, new() { Name = "Save the details" }).ClickAsync();
        await Assertions.Expect(principal.GetByRole(AriaRole.Heading, new() { Name = "There is a problem" })).ToBeVisibleAsync();
        await principal.AssertNoViolationsAsync();
        await principal.GetByLabel("Review cycle in months").FillAsync("24");
        await principal.GetByRole(AriaRole.Button, new() { Name = "Save the details" }).ClickAsync();
        await Assertions.Expect(principal.GetByRole(AriaRole.Status)).ToContainTextAsync("The policy's details are saved.");
        await Assertions.Expect(principal.GetByText(DemoAccounts.Support.FullName, new() { Exact = true })).ToBeVisibleAsync();

        // Anyone finds it with the search and the filters.
        await teacher.GotoAsync("/policies");
        await teacher.AssertNoViolationsAsync();
        await teacher.GetByLabel("Search titles and text").FillAsync("students DISCUSSED");
        await teacher.GetByLabel("Category").SelectOptionAsync("Statutory");
        await teacher.GetByLabel("Owner").SelectOptionAsync(new SelectOptionValue { Label = DemoAccounts.Support.FullName });
        await teacher.GetByLabel("Review cycle").SelectOptionAsync(new SelectOptionValue { Label = "Every two years" });
        await teacher.GetByRole(AriaRole.Button, new() { Name = "Find policies" }).ClickAsync();
        await Assertions.Expect(teacher.GetByText("1 policy matches.")).ToBeVisibleAsync();
        await Assertions.Expect(teacher.GetByRole(AriaRole.Table).GetByRole(AriaRole.Link, new() { Name = Title })).ToBeVisibleAsync();
        await Assertions.Expect(teacher.GetByLabel("Category")).ToHaveValueAsync("Statutory");
        await teacher.AssertNoViolationsAsync();
        await teacher.GetByLabel("Category").SelectOptionAsync("School");
        await teacher.GetByRole(AriaRole.Button, new() { Name = "Find policies" }).ClickAsync();
        await Assertions.Expect(teacher.GetByText("No policies match.")).ToBeVisibleAsync();
        await teacher.AssertNoViolationsAsync();
        await teacher.GetByRole(AriaRole.Link, new() { Name = "Clear the filters" }).First.ClickAsync();
        await Assertions.Expect(teacher.GetByRole(AriaRole.Table).GetByRole(AriaRole.Link, new() { Name = Title })).ToBeVisibleAsync();
    }
}
