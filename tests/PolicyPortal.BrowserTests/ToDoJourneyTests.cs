using Microsoft.Playwright;
using PolicyPortal.Testing;
using PolicyPortal.Web.Data.Seeding;

namespace PolicyPortal.BrowserTests;

public sealed class ToDoJourneyTests(PortalInBrowser portal) : IClassFixture<PortalInBrowser>, IAsyncLifetime
{
    public Task InitializeAsync() => portal.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_principal_and_a_governor_start_from_what_waits_for_them()
    {
        // A teacher asks for an account; the Principal sends a revision to the governors.
        var teacher = await portal.App.SignedInAsync(DemoAccounts.Teacher);
        await TeacherForms.RequestPresenceAsync(teacher);
        var principal = await portal.SignedInPageAsync(DemoAccounts.Principal);
        await principal.GotoAsync(SeedPolicy.Url + "/revisions");
        await principal.GetByRole(AriaRole.Button, new() { Name = "Start a new revision from the text in force" }).ClickAsync();
        var body = principal.GetByLabel("Policy text (Markdown)");
        await body.FillAsync(await body.InputValueAsync() + "\n\nIf you are unsure, ask the Principal.");
        await principal.GetByLabel("Change summary").FillAsync("Says who to ask.");
        await principal.GetByRole(AriaRole.Button, new() { Name = "Submit version 1.1 for review" }).ClickAsync();
        await Assertions.Expect(principal.GetByRole(AriaRole.Status)).ToContainTextAsync("with the governors for review");

        await principal.GotoAsync("/");
        var principalToDo = principal.GetByRole(AriaRole.Region, new() { Name = "To do" });
        await Assertions.Expect(principalToDo.GetByRole(AriaRole.Listitem)).ToHaveTextAsync(["1 social media request to decide", "1 annual review due or overdue"]);
        await Assertions.Expect(principal.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Requests to decide 1 to do" })).ToBeVisibleAsync();
        await principal.AssertNoViolationsAsync();
        await principal.ScreenshotForGuideAsync("to-do-principal");
        await principalToDo.GetByRole(AriaRole.Link, new() { Name = "1 social media request to decide" }).ClickAsync();
        await Assertions.Expect(principal.GetByRole(AriaRole.Link, new() { Name = "@KE7Geography", Exact = false }).First).ToBeVisibleAsync();

        var governor = await portal.SignedInPageAsync(DemoAccounts.Governor);
        var governorToDo = governor.GetByRole(AriaRole.Region, new() { Name = "To do" });
        await Assertions.Expect(governorToDo.GetByRole(AriaRole.Listitem)).ToHaveTextAsync(["1 revision to review and give your view on", "1 annual review due or overdue"]);
        await Assertions.Expect(governor.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Reviews 2 to do" })).ToBeVisibleAsync();
        await governor.AssertNoViolationsAsync();
        await governor.ScreenshotForGuideAsync("to-do-governor");
        await governorToDo.GetByRole(AriaRole.Link, new() { Name = "1 revision to review and give your view on" }).ClickAsync();
        await Assertions.Expect(governor.GetByRole(AriaRole.Heading, new() { Name = "Reviews", Level = 1 })).ToBeVisibleAsync();
    }
}
