using System.Net;
using PolicyPortal.Testing;
using PolicyPortal.Web.Data.Seeding;

namespace PolicyPortal.FunctionalTests.People;

public sealed class PeopleAccessTests(PortalApplication app) : IClassFixture<PortalApplication>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static readonly string[] Pages = ["/people", "/people/new", "/people/import"];

    [Fact]
    public async Task Staff_and_governors_are_refused_every_people_page_and_action()
    {
        var teacherUrl = await PeopleSteps.PersonUrlAsync(app, DemoAccounts.Teacher.Email);
        foreach (var account in new[] { DemoAccounts.Teacher, DemoAccounts.Governor })
        {
            var client = await app.SignedInAsync(account);
            foreach (var url in Pages.Append(teacherUrl).Append($"{teacherUrl}/edit").Append($"{teacherUrl}/leave"))
            {
                Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(url)).StatusCode);
            }

            // Posts carry a valid antiforgery token, so only the role stands in the way.
            foreach (var url in new[] { "/people/new", "/people/import", "/people/import/apply", $"{teacherUrl}/edit", $"{teacherUrl}/leave", $"{teacherUrl}/reactivate", $"{teacherUrl}/invitation" })
            {
                var response = await client.PostFormAsync("/", url, new() { ["FullName"] = "Intruder", ["Email"] = "intruder@example.org", ["Roles"] = "Principal" });
                Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            }
        }

        var people = await app.WithDatabaseAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Users));
        Assert.Equal(DemoAccounts.All.Count, people);
        Assert.Equal(HttpStatusCode.OK, (await (await app.SignedInAsync(DemoAccounts.Teacher)).GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task The_principal_sees_people_and_the_people_link()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);

        var list = await principal.GetStringAsync("/people");
        var home = await principal.GetStringAsync("/");
        var governorHome = await (await app.SignedInAsync(DemoAccounts.Governor)).GetStringAsync("/");

        Assert.Contains("Sam Taylor", list, StringComparison.Ordinal);
        Assert.Contains("teacher@example.org", list, StringComparison.Ordinal);
        Assert.Contains("Teacher of Geography", list, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/people\">People</a>", home, StringComparison.Ordinal);
        Assert.DoesNotContain("<a href=\"/people\">People</a>", governorHome, StringComparison.Ordinal);
        foreach (var url in Pages)
        {
            Assert.Equal(HttpStatusCode.OK, (await principal.GetAsync(url)).StatusCode);
        }
    }

    [Fact]
    public async Task The_list_filters_by_text_role_and_whether_people_have_left()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);

        var byText = await principal.GetStringAsync("/people?q=PATEL");
        var byRole = await principal.GetStringAsync("/people?role=Governor");
        var leavers = await principal.GetStringAsync("/people?status=Left");

        Assert.Contains("Jo Patel", byText, StringComparison.Ordinal);
        Assert.DoesNotContain("Sam Taylor", byText, StringComparison.Ordinal);
        Assert.Contains("Robin Hughes", byRole, StringComparison.Ordinal);
        Assert.DoesNotContain("Jo Patel", byRole, StringComparison.Ordinal);
        Assert.Contains("Nobody matches.", leavers, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_posted_without_its_antiforgery_token_is_refused()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);

        var response = await principal.PostAsync("/people/new", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["FullName"] = "Forged Person",
            ["Email"] = "forged@example.org",
            ["Roles"] = "Principal",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await app.WithDatabaseAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Users, u => u.Email == "forged@example.org")));
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in()
    {
        var response = await app.Anonymous().GetAsync("/people");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/sign-in", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }
}
