using System.Net;
using PolicyPortal.FunctionalTests.Lifecycle;
using PolicyPortal.FunctionalTests.Signing;
using PolicyPortal.Testing;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Data.Seeding;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.FunctionalTests.Compliance;

public sealed class ComplianceTests
{
    [Fact]
    public async Task The_dashboard_counts_signed_and_outstanding_staff_and_governors()
    {
        using var app = new PortalApplication();
        await SigningForm.SignAsync(await app.SignedInAsync(DemoAccounts.Teacher), "Sam Taylor");
        await SigningForm.SignAsync(await app.SignedInAsync(DemoAccounts.Governor), "Robin Hughes");
        var principal = await app.SignedInAsync(DemoAccounts.Principal);

        var page = await principal.GetStringAsync("/compliance");

        // Staff in scope: the teacher, the teaching assistant and the Principal; one governor.
        Assert.Contains("<td>1 of 3 (33%)</td>", page, StringComparison.Ordinal);
        Assert.Contains("<td>1 of 1 (100%)</td>", page, StringComparison.Ordinal);
        Assert.Contains("<td>2 of 4 (50%)</td>", page, StringComparison.Ordinal);
        Assert.Contains("role=\"img\" aria-labelledby=\"chart-title\"", page, StringComparison.Ordinal);
        Assert.Contains(">50%</text>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_outstanding_list_names_who_has_not_signed_and_filters_by_role_and_job_title()
    {
        using var app = new PortalApplication();
        await SigningForm.SignAsync(await app.SignedInAsync(DemoAccounts.Teacher), "Sam Taylor");
        var governor = await app.SignedInAsync(DemoAccounts.Governor);

        var all = await governor.GetStringAsync(SeedUrl);
        var staffOnly = await governor.GetStringAsync(SeedUrl + "?role=Staff");
        var assistants = await governor.GetStringAsync(SeedUrl + "?jobTitle=Teaching%20Assistant");

        Assert.Contains("<th scope=\"row\">Jo Patel</th>", all, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">Robin Hughes</th>", all, StringComparison.Ordinal);
        Assert.DoesNotContain("<th scope=\"row\">Sam Taylor</th><td>", all, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">Teaching Assistant</th><td>0 of 1 (0%)</td>", all, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">Teacher of Geography</th><td>1 of 1 (100%)</td>", all, StringComparison.Ordinal);
        Assert.DoesNotContain("Robin Hughes</th>", staffOnly, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">Jo Patel</th>", assistants, StringComparison.Ordinal);
        Assert.DoesNotContain("Alex Morgan</th>", assistants, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_principal_and_governors_see_compliance()
    {
        using var app = new PortalApplication();
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);

        Assert.Equal(HttpStatusCode.Forbidden, (await teacher.GetAsync("/compliance")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await teacher.GetAsync(SeedUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await teacher.GetAsync(SeedUrl + "/sign-off.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.SignedInAsync(DemoAccounts.Principal)).GetAsync("/compliance/no-such-policy")).StatusCode);
    }

    [Fact]
    public async Task The_csv_has_everyone_in_scope_with_hashes_and_no_cell_can_run_as_a_formula()
    {
        using var app = new PortalApplication();
        await app.AddPersonAsync("formula@example.org", "=HYPERLINK(\"http://evil.example\",\"Click\")", "+SUM(A1:A9)", Roles.Staff);
        await SigningForm.SignAsync(await app.SignedInAsync(DemoAccounts.Teacher), "Sam Taylor");
        var principal = await app.SignedInAsync(DemoAccounts.Principal);

        var response = await principal.GetAsync(SeedUrl + "/sign-off.csv");
        var csv = (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF');
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("Name,Email,Role,Job title,Signed at (UTC),Version signed,Text SHA-256", lines[0]);
        Assert.Equal(6, lines.Length);
        Assert.Contains($"Sam Taylor,teacher@example.org,Staff,Teacher of Geography,2026-11-24 09:30:00,1.0,{PolicyRevision.HashOf(SeedPolicy.Document.Body)}", lines);
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Click\"\")\",formula@example.org,Staff,'+SUM(A1:A9),,,", lines);
        Assert.All(lines.Skip(1), line => Assert.DoesNotMatch("(^|,)[=+\\-@]", line));
    }

    [Fact]
    public async Task After_a_material_change_earlier_signatures_no_longer_count()
    {
        using var app = new PortalApplication();
        await SigningForm.SignAsync(await app.SignedInAsync(DemoAccounts.Teacher), "Sam Taylor");
        await LifecycleSteps.AdoptChangeAsync(app, SeedPolicy.Document.Body + "\n\nA new rule.", "A new rule.", "Material");

        var page = await (await app.SignedInAsync(DemoAccounts.Principal)).GetStringAsync("/compliance");

        Assert.Contains("<td>0 of 4 (0%)</td>", page, StringComparison.Ordinal);
    }

    private const string SeedUrl = "/compliance/" + SeedPolicy.Slug;
}
