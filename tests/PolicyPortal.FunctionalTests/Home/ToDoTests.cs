using System.Net;
using PolicyPortal.FunctionalTests.Concerns;
using PolicyPortal.FunctionalTests.Lifecycle;
using PolicyPortal.FunctionalTests.Presences;
using PolicyPortal.Testing;
using PolicyPortal.Web.Data.Seeding;

namespace PolicyPortal.FunctionalTests.Home;

/// <summary>The Principal's and governors' home page starts with what waits for them, and the menu counts it.</summary>
public sealed class ToDoTests(PortalApplication app) : IClassFixture<PortalApplication>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Each_item_waiting_is_listed_and_counted_until_it_is_done()
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var governor = await app.SignedInAsync(DemoAccounts.Governor);

        // Only the seed policy's overdue annual review (adopted January 2016) waits at first.
        var principalHome = await principal.GetStringAsync("/");
        Assert.Contains("1 annual review due or overdue", principalHome, StringComparison.Ordinal);
        Assert.DoesNotContain("social media request", principalHome, StringComparison.Ordinal);
        Assert.Contains(MenuItem("Reviews", 1), principalHome, StringComparison.Ordinal);
        Assert.DoesNotContain("To do", await teacher.GetStringAsync("/"), StringComparison.Ordinal);

        // A request, a concern and a revision in review.
        Assert.Equal(HttpStatusCode.Redirect, (await teacher.PostFormAsync("/presences/new", "/presences/new", PresenceForms.Endorsed())).StatusCode);
        await ConcernForms.ReportAsync(teacher, ConcernForms.About("Casey Jones"));
        Assert.Equal(HttpStatusCode.Redirect, (await LifecycleSteps.StartDraftAsync(principal)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await LifecycleSteps.SaveDraftAsync(principal, SeedPolicy.Document.Body + "\n\nAsk the Principal if unsure.", "Who to ask.", "Minor")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await LifecycleSteps.SubmitAsync(principal)).StatusCode);

        principalHome = await principal.GetStringAsync("/");
        var governorHome = await governor.GetStringAsync("/");
        Assert.Contains("1 social media request to decide", principalHome, StringComparison.Ordinal);
        Assert.Contains("1 concern to handle", principalHome, StringComparison.Ordinal);
        Assert.Contains(MenuItem("Requests to decide", 1), principalHome, StringComparison.Ordinal);
        Assert.Contains(MenuItem("Concerns", 1), principalHome, StringComparison.Ordinal);
        Assert.DoesNotContain("on which governors asked for changes", principalHome, StringComparison.Ordinal);
        Assert.Contains("1 revision to review and give your view on", governorHome, StringComparison.Ordinal);
        Assert.Contains(MenuItem("Reviews", 2), governorHome, StringComparison.Ordinal);
        Assert.DoesNotContain("social media request", governorHome, StringComparison.Ordinal);

        // The governor asks for changes: off their list, onto the Principal's.
        Assert.Equal(HttpStatusCode.Redirect, (await LifecycleSteps.RecordViewAsync(governor, "ChangesNeeded", "Name who staff should ask.")).StatusCode);

        Assert.DoesNotContain("to review and give your view on", await governor.GetStringAsync("/"), StringComparison.Ordinal);
        principalHome = await principal.GetStringAsync("/");
        Assert.Contains("1 revision on which governors asked for changes", principalHome, StringComparison.Ordinal);
        Assert.Contains(MenuItem("Reviews", 2), principalHome, StringComparison.Ordinal);
    }

    private static string MenuItem(string name, int count) =>
        $"{name} <span class=\"menu-count\">{count}<span class=\"visually-hidden\"> to do</span></span></a>";
}
