using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using PolicyPortal.Testing;
using PolicyPortal.Web.Data.Seeding;

namespace PolicyPortal.FunctionalTests.People;

public sealed partial class PeopleListTests(PortalApplication app) : IClassFixture<PortalApplication>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("zoe", "Zoë Brontë")]
    [InlineData("BRONTE", "Zoë Brontë")]
    [InlineData("obrien", "Siobhán O’Brien")]
    [InlineData("O'Brien", "Siobhán O’Brien")]
    [InlineData("siobhan", "Siobhán O’Brien")]
    public async Task A_name_is_found_whatever_its_accents_capitals_and_apostrophes(string typed, string name)
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        await ImportAsync(principal, "Name,Email,Role\r\nZoë Brontë,zoe@example.org,Teacher\r\nSiobhán O’Brien,siobhan@example.org,Admin\r\n");

        var names = Names(await principal.GetStringAsync($"/people?q={Uri.EscapeDataString(typed)}"));

        Assert.Equal([name], names);
    }

    [Fact]
    public async Task The_list_is_in_surname_order_fifty_to_a_page_with_the_filters_kept_from_page_to_page()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var csv = new StringBuilder("Name,Email,Role\r\n");
        foreach (var i in Enumerable.Range(1, 60))
        {
            csv.Append(FormattableString.Invariant($"Ann Surname{i:00},ann{i:00}@example.org,Teacher\r\n"));
        }

        await ImportAsync(principal, csv.ToString());

        var first = await principal.GetStringAsync("/people?q=surname");
        var second = await principal.GetStringAsync("/people?q=surname&status=Current&page=2");

        Assert.Equal([.. Enumerable.Range(1, 50).Select(i => $"Ann Surname{i:00}")], Names(first));
        Assert.Contains("Showing 1 to 50 of 60 people, by surname.", first, StringComparison.Ordinal);
        Assert.Contains("href=\"/people?q=surname&amp;status=Current&amp;page=2\">Next page</a>", first, StringComparison.Ordinal);
        Assert.Equal([.. Enumerable.Range(51, 10).Select(i => $"Ann Surname{i:00}")], Names(second));
        Assert.Contains("Showing 51 to 60 of 60 people, by surname.", second, StringComparison.Ordinal);
        Assert.DoesNotContain("Next page", second, StringComparison.Ordinal);

        // Surnames first: Hughes, Morgan, Patel, Surname01..., Taylor.
        var everyone = Names(await principal.GetStringAsync("/people?page=2"));
        Assert.Equal("Ann Surname48", everyone[0]);
        Assert.Equal(DemoAccounts.Teacher.FullName, everyone[^1]);
    }

    [Fact]
    public async Task Invited_people_who_never_signed_in_are_listed_apart_from_active_ones()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        await ImportAsync(principal, "Name,Email,Role\r\nKim Lowe,kim.lowe@example.org,Teacher\r\n");

        var invited = Names(await principal.GetStringAsync("/people?status=Invited"));
        var active = Names(await principal.GetStringAsync("/people?status=Active"));

        Assert.Equal(["Kim Lowe"], invited);
        Assert.DoesNotContain("Kim Lowe", active);
        Assert.Contains(DemoAccounts.Teacher.FullName, active);
    }

    private static async Task ImportAsync(HttpClient principal, string csv)
    {
        var preview = await (await PeopleSteps.UploadAsync(principal, csv)).Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await PeopleSteps.ApplyAsync(principal, preview)).StatusCode);
    }

    // The names in the list's rows, in order.
    private static List<string> Names(string page) =>
        [.. PersonLink().Matches(WebUtility.HtmlDecode(page)).Select(m => m.Groups[1].Value)];

    [GeneratedRegex("<th scope=\"row\"><a href=\"/people/[^\"]+\">([^<]+)</a></th>")]
    private static partial Regex PersonLink();
}
