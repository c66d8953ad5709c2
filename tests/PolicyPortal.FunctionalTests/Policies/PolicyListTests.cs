using System.Net;
using Microsoft.EntityFrameworkCore;
using PolicyPortal.FunctionalTests.Lifecycle;
using PolicyPortal.Testing;
using PolicyPortal.Web.Data.Seeding;

namespace PolicyPortal.FunctionalTests.Policies;

public sealed class PolicyListTests(PortalApplication app) : IClassFixture<PortalApplication>, IAsyncLifetime
{
    private const string SeedRow = "<a href=\"/policies/personal-use-of-social-media\">Personal Use of Social Media Sites</a>";
    private const string NewRow = "<a href=\"/policies/disciplinary-policy\">Disciplinary Policy</a>";

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_search_finds_every_word_in_a_title_or_the_text_in_force_whatever_its_case()
    {
        await NewPolicyTests.CreateAndAdoptAsync(app);
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);

        var inText = await teacher.GetStringAsync("/policies?q=STUDENTS+Discussed");
        var inTitle = await teacher.GetStringAsync("/policies?q=disciplinary");
        var notAll = await teacher.GetStringAsync("/policies?q=students+zebra");

        Assert.Contains(SeedRow, inText, StringComparison.Ordinal);
        Assert.DoesNotContain(NewRow, inText, StringComparison.Ordinal);
        Assert.Contains("1 policy matches.", inText, StringComparison.Ordinal);
        Assert.Contains("value=\"STUDENTS Discussed\"", inText, StringComparison.Ordinal);
        Assert.Contains(NewRow, inTitle, StringComparison.Ordinal);
        Assert.Contains("No policies match. <a href=\"/policies\">Clear the filters</a>", notAll, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("%")]
    [InlineData("_")]
    [InlineData("[a-z]")]
    public async Task Wildcards_typed_in_the_search_are_matched_as_they_are(string typed)
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);

        var response = await teacher.GetAsync("/policies?q=" + Uri.EscapeDataString(typed));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("No policies match.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_filters_by_category_owner_and_review_cycle_keep_the_values_chosen()
    {
        await NewPolicyTests.CreateAndAdoptAsync(app);
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var ownerId = await app.WithDatabaseAsync(db => db.Users.Where(u => u.Email == DemoAccounts.Support.Email).Select(u => u.Id).SingleAsync());
        await principal.PostFormAsync("/policies/disciplinary-policy/details", "/policies/disciplinary-policy/details", new() { ["Category"] = "Statutory", ["OwnerUserId"] = ownerId, ["ReviewCycleMonths"] = "24", ["Audience"] = "Staff" });
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);

        var statutory = await teacher.GetStringAsync("/policies?category=Statutory");
        var owned = await teacher.GetStringAsync($"/policies?owner={ownerId}");
        var noOwner = await teacher.GetStringAsync("/policies?owner=none");
        var everyTwoYears = await teacher.GetStringAsync("/policies?cycle=24");
        var nonsense = await teacher.GetAsync("/policies?category=Nonsense&cycle=abc");

        Assert.Contains(NewRow, statutory, StringComparison.Ordinal);
        Assert.DoesNotContain(SeedRow, statutory, StringComparison.Ordinal);
        Assert.Contains("<option value=\"Statutory\" selected=\"selected\">Statutory</option>", statutory, StringComparison.Ordinal);
        Assert.Contains(NewRow, owned, StringComparison.Ordinal);
        Assert.Contains($"<option value=\"{ownerId}\" selected=\"selected\">{DemoAccounts.Support.FullName}</option>", owned, StringComparison.Ordinal);
        Assert.Contains(SeedRow, noOwner, StringComparison.Ordinal);
        Assert.DoesNotContain(NewRow, noOwner, StringComparison.Ordinal);
        Assert.Contains(NewRow, everyTwoYears, StringComparison.Ordinal);
        Assert.DoesNotContain(SeedRow, everyTwoYears, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, nonsense.StatusCode);
        Assert.Contains("2 policies", await nonsense.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retired_policies_are_listed_apart_for_everyone()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        await principal.PostFormAsync(SeedPolicy.Url + "/retire", SeedPolicy.Url + "/retire", []);
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);

        var list = await teacher.GetStringAsync("/policies");

        var retired = list.IndexOf("<h2>Retired</h2>", StringComparison.Ordinal);
        Assert.True(retired > 0);
        Assert.True(list.IndexOf(SeedRow, StringComparison.Ordinal) > retired);
    }
}
