using System.Net;
using System.Text.RegularExpressions;
using PolicyPortal.Testing;
using PolicyPortal.Web.Data.Seeding;

namespace PolicyPortal.FunctionalTests.Policies;

public sealed class PolicyPageTests(PortalApplication app) : IClassFixture<PortalApplication>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_policy_page_shows_every_section_of_the_adopted_text_with_contents_links()
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);

        var page = await teacher.GetStringAsync(SeedPolicy.Url);

        foreach (var heading in SeedPolicy.SectionHeadings)
        {
            Assert.Contains($">{WebUtility.HtmlEncode(heading)}</h2>", page, StringComparison.Ordinal);
        }

        Assert.Contains("<h2 id=\"scope\">Scope</h2>", page, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#scope\">Scope</a>", page, StringComparison.Ordinal);
        Assert.Contains("Creators of these groups are responsible for monitoring the content of the site", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_links_the_stylesheet_by_its_version_so_an_upgrade_is_never_shown_with_an_old_one()
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);

        var page = await teacher.GetStringAsync(SeedPolicy.Url);

        var href = Regex.Match(page, "<link rel=\"stylesheet\" href=\"(/css/site\\.css\\?v=[A-Za-z0-9_-]{20,})\">").Groups[1].Value;
        Assert.NotEmpty(href);
        var stylesheet = await teacher.GetAsync(href);
        Assert.Equal(HttpStatusCode.OK, stylesheet.StatusCode);
        Assert.Equal("text/css", stylesheet.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_policy_page_shows_the_adoption_record()
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);

        var page = WebUtility.HtmlDecode(await teacher.GetStringAsync(SeedPolicy.Url));

        Assert.Contains("Governing Body of King Edward VII Science and Sport College, adopted in its entirety", page, StringComparison.Ordinal);
        Assert.Contains("<dt>Adopted or last reviewed</dt>\n                        <dd>January 2016</dd>", page, StringComparison.Ordinal);
        Assert.Contains("J.T. Kailofer", page, StringComparison.Ordinal);
        Assert.Contains("Leicestershire County Council Traded Services, following consultation with unions", page, StringComparison.Ordinal);
        Assert.Contains("<dd>Annual</dd>", page, StringComparison.Ordinal);
        Assert.Contains("January 2017", page, StringComparison.Ordinal);
        Assert.Contains("Overdue", page, StringComparison.Ordinal);
        Assert.Contains("support staff, teachers, headteachers/principals, governors", page, StringComparison.Ordinal);
        Assert.Contains("E-Safety Policy, Disciplinary Policy, Dignity at Work Policy and Procedure", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Someone_who_must_sign_sees_the_form_and_a_banner_on_every_page()
    {
        var support = await app.SignedInAsync(DemoAccounts.Support);

        var policyPage = await support.GetStringAsync(SeedPolicy.Url);
        var listPage = await support.GetStringAsync("/policies");
        var home = await support.GetStringAsync("/");

        Assert.Contains("I have read and understood this policy", policyPage, StringComparison.Ordinal);
        Assert.Contains("Sign version 1.0", policyPage, StringComparison.Ordinal);
        Assert.All(new[] { policyPage, listPage, home }, p => Assert.Contains("You have 1 policy to sign.", p, StringComparison.Ordinal));
        Assert.Contains("To sign", home, StringComparison.Ordinal);
    }

    [Fact]
    public async Task All_policies_lists_the_seed_policy()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);

        var page = await principal.GetStringAsync("/policies");

        Assert.Contains("<a href=\"/policies/personal-use-of-social-media\">Personal Use of Social Media Sites</a>", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/policies/no-such-policy")]
    [InlineData("/policies/Not%20A%20Slug")]
    [InlineData("/policies/no-such-policy/acknowledge")]
    public async Task An_unknown_policy_is_a_friendly_404(string url)
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);

        var response = await teacher.GetAsync(url);

        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, $"{url} answered {(int)response.StatusCode}");
        Assert.Contains("</h1>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
