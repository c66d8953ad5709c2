using System.Net;
using Microsoft.EntityFrameworkCore;
using PolicyPortal.Testing;
using PolicyPortal.Web.Data.Seeding;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.FunctionalTests.Lifecycle;

public sealed class NewPolicyTests(PortalApplication app) : IClassFixture<PortalApplication>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private const string Url = "/policies/disciplinary-policy";

    [Fact]
    public async Task A_new_policy_is_drafted_reviewed_adopted_and_linked_from_policies_that_name_it()
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        var before = await teacher.GetStringAsync(SeedPolicy.Url);
        await CreateAndAdoptAsync(app);

        var page = await teacher.GetStringAsync(Url);
        var seed = await teacher.GetStringAsync(SeedPolicy.Url);
        var home = await teacher.GetStringAsync("/");

        Assert.Contains("Policy · version 1.0", page, StringComparison.Ordinal);
        Assert.Contains("Staff who break a policy may face disciplinary action.", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<a href=\"/policies/disciplinary-policy\">", before, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/policies/disciplinary-policy\">Disciplinary Policy</a>", seed, StringComparison.Ordinal);
        Assert.Contains("You have 2 policies to sign.", home, StringComparison.Ordinal);
        var governor = await app.SignedInAsync(DemoAccounts.Governor);
        Assert.Contains("You are not asked to sign this policy.", await governor.GetStringAsync(Url), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_policy_reviewed_every_12_months_is_due_60_days_before_and_overdue_after()
    {
        await CreateAndAdoptAsync(app);
        var due = new DateTimeOffset(2027, 11, 20, 12, 0, 0, TimeSpan.Zero);
        var row = "<a href=\"/policies/disciplinary-policy/revisions\">Disciplinary Policy</a>";

        // Sign-in cookies expire on the same clock, so the governor signs in again after each jump.
        app.Clock.Advance(due.AddDays(-61) - app.Clock.GetUtcNow());
        var early = await (await app.SignedInAsync(DemoAccounts.Governor)).GetStringAsync("/reviews");
        app.Clock.Advance(TimeSpan.FromDays(2));
        var soon = await (await app.SignedInAsync(DemoAccounts.Governor)).GetStringAsync("/reviews");
        app.Clock.Advance(TimeSpan.FromDays(60));
        var overdue = await (await app.SignedInAsync(DemoAccounts.Governor)).GetStringAsync("/reviews");

        Assert.DoesNotContain(row, early, StringComparison.Ordinal);
        Assert.Contains(row, soon, StringComparison.Ordinal);
        Assert.Contains("20 November 2027 <span class=\"tag\">Due soon</span>", soon, StringComparison.Ordinal);
        Assert.Contains("20 November 2027 <span class=\"tag tag--todo\">Overdue</span>", overdue, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_annual_review_without_change_moves_the_review_on_without_a_new_version()
    {
        var governor = await app.SignedInAsync(DemoAccounts.Governor);
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        await Signing.SigningForm.SignAsync(teacher, "Sam Taylor");

        var response = await governor.PostFormAsync(SeedPolicy.Url, SeedPolicy.Url + "/annual-review", new() { ["ReviewedOn"] = "2026-11-20", ["MinuteReference"] = "FGB 2026/16" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var revision = await app.WithDatabaseAsync(db => db.PolicyRevisions.SingleAsync());
        Assert.Equal("1.0", revision.Version);
        Assert.Equal(new DateOnly(2027, 11, 20), revision.NextReviewDue);
        Assert.Equal(new DateOnly(2016, 1, 1), revision.ReviewedOn);
        Assert.Equal(PolicyRevision.HashOf(SeedPolicy.Document.Body), revision.BodySha256);
        Assert.DoesNotContain("policy to sign", await teacher.GetStringAsync("/"), StringComparison.Ordinal);
        Assert.DoesNotContain(SeedPolicy.Document.Title, await governor.GetStringAsync("/reviews"), StringComparison.Ordinal);
        Assert.Contains("no change. Next review due November 2027.", await governor.GetStringAsync(SeedPolicy.Url + "/revisions"), StringComparison.Ordinal);
        var page = await teacher.GetStringAsync(SeedPolicy.Url);
        Assert.Contains("<dt>Last reviewed, no change</dt>", page, StringComparison.Ordinal);
        Assert.Contains("20 November 2026 (minute FGB 2026/16)", page, StringComparison.Ordinal);
        Assert.Contains("<dd>January 2016</dd>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_annual_review_dated_in_the_future_is_refused_with_a_message()
    {
        var governor = await app.SignedInAsync(DemoAccounts.Governor);

        // The last day there is: once a server error, as the next review could not be counted from it.
        var response = await governor.PostFormAsync(SeedPolicy.Url, SeedPolicy.Url + "/annual-review", new() { ["ReviewedOn"] = "9999-12-31", ["MinuteReference"] = "FGB 9999/1" });

        // The history page again, the form as typed and the reason beside the date.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("data-valmsg-for=\"ReviewedOn\" data-valmsg-replace=\"true\">The review date is in the future.", page, StringComparison.Ordinal);
        Assert.Contains("value=\"9999-12-31\"", page, StringComparison.Ordinal);
        Assert.Contains("value=\"FGB 9999/1\"", page, StringComparison.Ordinal);
        Assert.Null(await app.WithDatabaseAsync(db => db.PolicyRevisions.Select(r => r.LastReviewedWithoutChangeOn).SingleAsync()));
    }

    [Theory]
    [InlineData("", "disciplinary-policy", "Give the policy a title.")]
    [InlineData("Disciplinary Policy", "Disciplinary Policy", "Use lower-case letters, digits and single hyphens")]
    [InlineData("Disciplinary Policy", "new", "cannot be used as an address")]
    [InlineData("Personal Use of Social Media Sites", "another-address", "There is already a policy called")]
    [InlineData("Another title", "personal-use-of-social-media", "There is already a policy at /policies/personal-use-of-social-media")]
    public async Task A_policy_with_bad_details_is_refused_with_the_reason(string title, string slug, string reason)
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);

        var response = await principal.PostFormAsync("/policies/new", "/policies/new", new() { ["Title"] = title, ["Slug"] = slug, ["StaffSign"] = "true", ["ReviewCycleMonths"] = "12", ["Body"] = "## Text" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDatabaseAsync(db => db.Policies.CountAsync()));
    }

    [Fact]
    public async Task A_policy_for_governors_only_is_not_put_to_staff()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);

        var created = await principal.PostFormAsync("/policies/new", "/policies/new", new() { ["Title"] = "Governors' Code of Conduct", ["Slug"] = "governors-code", ["GovernorsSign"] = "true", ["ReviewCycleMonths"] = "12", ["Body"] = "## Conduct" });

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal(PolicyAudience.Governors, await app.WithDatabaseAsync(db => db.Policies.Where(p => p.Slug == "governors-code").Select(p => p.Audience).SingleAsync()));
        Assert.Contains("id=\"StaffSign\" name=\"StaffSign\" value=\"true\" checked=\"checked\"", await principal.GetStringAsync("/policies/new"), StringComparison.Ordinal);
    }

    internal static async Task CreateAndAdoptAsync(PortalApplication app)
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var governor = await app.SignedInAsync(DemoAccounts.Governor);
        var created = await principal.PostFormAsync("/policies/new", "/policies/new", new()
        {
            ["Title"] = "Disciplinary Policy",
            ["Slug"] = "disciplinary-policy",
            ["StaffSign"] = "true",
            ["ReviewCycleMonths"] = "12",
            ["Body"] = "## Purpose\n\nStaff who break a policy may face disciplinary action.",
        });
        Assert.Equal(Url + "/draft", created.Headers.Location!.OriginalString);
        var stamp = PortalClient.HiddenValue(await principal.GetStringAsync(Url + "/draft"), "ConcurrencyStamp");
        Assert.Equal(HttpStatusCode.Redirect, (await principal.PostFormAsync(Url + "/draft", Url + "/draft/submit", new() { ["ConcurrencyStamp"] = stamp })).StatusCode);
        var adoptStamp = PortalClient.HiddenValue(await governor.GetStringAsync(Url + "/review"), "ConcurrencyStamp");
        var adopted = await governor.PostFormAsync(Url + "/review", Url + "/review/adoption", new()
        {
            ["ConcurrencyStamp"] = adoptStamp,
            ["MeetingDate"] = "2026-11-20",
            ["MinuteReference"] = "FGB 2026/17",
            ["SignedBy"] = "Robin Hughes",
            ["EffectiveFrom"] = "2026-11-24",
        });
        Assert.Equal(HttpStatusCode.Redirect, adopted.StatusCode);
    }
}
