using System.Net;
using Microsoft.EntityFrameworkCore;
using PolicyPortal.Testing;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Data.Seeding;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.FunctionalTests.Concerns;

/// <summary>Who sees a concern: its reporter and its handler, never the person it concerns, and nobody else.</summary>
public sealed class ConcernVisibilityTests(PortalApplication app) : IClassFixture<PortalApplication>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_staff_members_concern_is_seen_by_the_principal_and_by_nobody_else()
    {
        var subject = await app.AddPersonAsync("casey.jones@example.org", "Casey Jones", "Teacher of PE", Roles.Staff);
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        var principal = await app.SignedInAsync(DemoAccounts.Principal);

        var sent = await teacher.PostFormAsync("/concerns/new", "/concerns/new", ConcernForms.About("Casey Jones"));
        var confirmation = await teacher.GetStringAsync(sent.Headers.Location!.OriginalString);
        var id = int.Parse(sent.Headers.Location!.OriginalString.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);

        Assert.Contains("Thank you. Your concern is sent to the Principal. Follow it on this page, or from Concerns at the top of any page.", confirmation, StringComparison.Ordinal);
        var principalsPage = await principal.GetAsync($"/concerns/{id}");
        Assert.Equal(HttpStatusCode.OK, principalsPage.StatusCode);
        Assert.Contains(ConcernForms.WhatWasSeen, await principalsPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains($"href=\"/concerns/{id}\"", await principal.GetStringAsync("/concerns"), StringComparison.Ordinal);
        foreach (var other in new[] { DemoAccounts.Support, DemoAccounts.Governor, subject })
        {
            var client = await app.SignedInAsync(other);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/concerns/{id}")).StatusCode);
            Assert.DoesNotContain($"/concerns/{id}\"", await client.GetStringAsync("/concerns"), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("Someone on the leadership team", true)]
    [InlineData("Alex Morgan", false)]
    [InlineData(" principal@EXAMPLE.org ", false)]
    public async Task A_concern_about_the_principal_goes_to_the_governors_and_the_principal_never_sees_it(string concerning, bool box)
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var governor = await app.SignedInAsync(DemoAccounts.Governor);

        var id = await ConcernForms.ReportAsync(teacher, ConcernForms.About(concerning, box));

        Assert.Equal(HttpStatusCode.NotFound, (await principal.GetAsync($"/concerns/{id}")).StatusCode);
        Assert.DoesNotContain($"/concerns/{id}\"", await principal.GetStringAsync("/concerns"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await ConcernForms.ActAsync(principal, id, "review", stamp: Guid.NewGuid().ToString())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await governor.GetAsync($"/concerns/{id}")).StatusCode);
        Assert.Contains($"href=\"/concerns/{id}\"", await governor.GetStringAsync("/concerns"), StringComparison.Ordinal);
        Assert.Contains("Your concern is sent to the governors.", await teacher.GetStringAsync($"/concerns/{id}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_concern_naming_a_governor_who_would_handle_it_is_hidden_from_that_governor()
    {
        var secondGovernor = await app.AddPersonAsync("chris.lee@example.org", "Chris Lee", "Chair of Governors", Roles.Governor);
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        var named = await app.SignedInAsync(DemoAccounts.Governor);
        var other = await app.SignedInAsync(secondGovernor);

        var id = await ConcernForms.ReportAsync(teacher, ConcernForms.About("robin hughes", concernsThePrincipal: true));

        Assert.Equal(HttpStatusCode.NotFound, (await named.GetAsync($"/concerns/{id}")).StatusCode);
        Assert.DoesNotContain($"/concerns/{id}\"", await named.GetStringAsync("/concerns"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync($"/concerns/{id}")).StatusCode);
        Assert.Contains($"href=\"/concerns/{id}\"", await other.GetStringAsync("/concerns"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_reporter_follows_the_state_and_outcome_but_not_who_looked_or_what_they_noted()
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var id = await ConcernForms.ReportAsync(teacher, ConcernForms.About("Jo Patel"));

        await ConcernForms.ActAsync(principal, id, "review");
        await ConcernForms.ActAsync(principal, id, "notes", new() { ["note"] = "Spoke to Jo in private." });
        var underReview = await teacher.GetStringAsync($"/concerns/{id}");
        var list = await teacher.GetStringAsync("/concerns");
        await ConcernForms.ActAsync(principal, id, "close", new() { ["outcome"] = "The post was taken down." });
        var closed = await teacher.GetStringAsync($"/concerns/{id}");

        Assert.Matches(@"<dt>State</dt>\s*<dd>Under review</dd>", underReview);
        Assert.Contains("<td>Jo Patel</td>", list, StringComparison.Ordinal);
        Assert.Contains("<td>Under review</td>", list, StringComparison.Ordinal);
        Assert.Contains(ConcernForms.WhatWasSeen, underReview, StringComparison.Ordinal);
        Assert.Matches(@"<dt>State</dt>\s*<dd>Closed, on 24 November 2026 at 09:30</dd>\s*<dt>Outcome</dt>\s*<dd class=""preserve-lines"">The post was taken down.</dd>", closed);
        foreach (var page in new[] { underReview, closed })
        {
            Assert.DoesNotContain("Spoke to Jo in private.", page, StringComparison.Ordinal);
            Assert.DoesNotContain("Viewed the concern.", page, StringComparison.Ordinal);
            Assert.DoesNotContain("Timeline", page, StringComparison.Ordinal);
            Assert.DoesNotContain("ConcurrencyStamp", page, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Every_view_by_a_handler_is_recorded_and_shown_on_the_timeline()
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var governor = await app.SignedInAsync(DemoAccounts.Governor);
        var id = await ConcernForms.ReportAsync(teacher, ConcernForms.About("Jo Patel"));

        await principal.GetStringAsync($"/concerns/{id}");
        var secondLook = await principal.GetStringAsync($"/concerns/{id}");
        await teacher.GetStringAsync($"/concerns/{id}");
        await governor.GetAsync($"/concerns/{id}");

        var views = await app.WithDatabaseAsync(db => db.ConcernEvents.Where(e => e.Kind == ConcernEventKind.Viewed).Select(e => e.ActorName).ToListAsync());
        Assert.Equal(["Alex Morgan", "Alex Morgan"], views);
        Assert.Equal(2, secondLook.Split("<td>Alex Morgan</td><td>Viewed the concern.</td>").Length - 1);
        Assert.Contains("<td>Sam Taylor</td><td>Reported the concern to the Principal.</td>", secondLook, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_form_offers_the_policys_headings_and_the_report_links_to_the_one_chosen()
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);

        var form = await teacher.GetStringAsync("/concerns/new");
        var id = await ConcernForms.ReportAsync(teacher, ConcernForms.About("Jo Patel"));

        foreach (var heading in SeedPolicy.SectionHeadings)
        {
            Assert.Contains($">{System.Net.WebUtility.HtmlEncode(heading)}</option>", form, StringComparison.Ordinal);
        }

        Assert.Contains("<option value=\"employee-responsibility\">Employee Responsibility</option>", form, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"{SeedPolicy.Url}#employee-responsibility\">Employee Responsibility</a>", await teacher.GetStringAsync($"/concerns/{id}"), StringComparison.Ordinal);
        var stored = await app.WithDatabaseAsync(db => db.Concerns.SingleAsync());
        Assert.Equal("employee-responsibility", stored.PolicySection);
        Assert.Equal(await app.WithDatabaseAsync(db => db.Policies.Where(p => p.Slug == SeedPolicy.Slug).Select(p => p.Id).SingleAsync()), stored.PolicyId);
    }

    [Fact]
    public async Task Everyone_has_concerns_in_the_main_navigation()
    {

        foreach (var account in DemoAccounts.All)
        {
            var home = await (await app.SignedInAsync(account)).GetStringAsync("/");
            Assert.Contains("<li><a href=\"/concerns\">Concerns</a></li>", home, StringComparison.Ordinal);
        }
    }
}
