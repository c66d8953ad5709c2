using System.Net;
using Microsoft.EntityFrameworkCore;
using PolicyPortal.Testing;
using PolicyPortal.Web.Data.Seeding;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.FunctionalTests.Lifecycle;

public sealed class PolicyDetailsTests(PortalApplication app) : IClassFixture<PortalApplication>, IAsyncLifetime
{
    private const string DetailsUrl = SeedPolicy.Url + "/details";

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_principal_sets_category_owner_cycle_and_who_signs_and_the_history_page_shows_them()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        var ownerId = await UserIdAsync(DemoAccounts.Support.Email);

        var response = await SaveAsync(principal, "Statutory", ownerId, "24", "None");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(SeedPolicy.Url + "/revisions", response.Headers.Location!.OriginalString);
        var history = await principal.GetStringAsync(SeedPolicy.Url + "/revisions");
        Assert.Contains("The policy&#x27;s details are saved.", history, StringComparison.Ordinal);
        Assert.Contains("<dt>Category</dt>\n    <dd>Statutory</dd>", history, StringComparison.Ordinal);
        Assert.Contains($"<dd>{DemoAccounts.Support.FullName}</dd>", history, StringComparison.Ordinal);
        var policy = await app.WithDatabaseAsync(db => db.Policies.SingleAsync());
        Assert.Equal((PolicyCategory.Statutory, ownerId, 24, PolicyAudience.None), (policy.Category, policy.OwnerUserId, policy.ReviewCycleMonths, policy.Audience));
        Assert.Equal(PolicyEventKind.DetailsChanged, await app.WithDatabaseAsync(db => db.PolicyEvents.Select(e => e.Kind).SingleAsync()));

        // In force, no signature required: the teacher is no longer asked to sign it.
        Assert.DoesNotContain("policy to sign", await teacher.GetStringAsync("/"), StringComparison.Ordinal);
        Assert.Contains("You are not asked to sign this policy.", await teacher.GetStringAsync(SeedPolicy.Url), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_review_cycle_out_of_range_is_refused_beside_its_field_and_the_form_keeps_what_was_typed()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var ownerId = await UserIdAsync(DemoAccounts.Support.Email);

        var response = await SaveAsync(principal, "Statutory", ownerId, "121", "Governors");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("The review cycle must be between 1 and 120 months.", page, StringComparison.Ordinal);
        Assert.Contains("value=\"121\"", page, StringComparison.Ordinal);
        Assert.Contains("id=\"Category-Statutory\" name=\"Category\" value=\"Statutory\" checked=\"checked\"", page, StringComparison.Ordinal);
        Assert.Contains("id=\"Audience-Governors\" name=\"Audience\" value=\"Governors\" checked=\"checked\"", page, StringComparison.Ordinal);
        Assert.Contains($"<option value=\"{ownerId}\" selected=\"selected\">", page, StringComparison.Ordinal);
        Assert.Equal(PolicyCategory.School, await app.WithDatabaseAsync(db => db.Policies.Select(p => p.Category).SingleAsync()));
    }

    [Fact]
    public async Task An_owner_who_is_not_at_the_school_is_refused_beside_the_owner_field()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);

        var response = await SaveAsync(principal, "School", "no-such-person", "12", "Staff");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Choose someone who is at the school now, or no owner.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await app.WithDatabaseAsync(db => db.Policies.Select(p => p.OwnerUserId).SingleAsync()));
    }

    [Fact]
    public async Task Only_the_principal_may_change_a_policys_details()
    {
        foreach (var account in new[] { DemoAccounts.Teacher, DemoAccounts.Governor })
        {
            var client = await app.SignedInAsync(account);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(DetailsUrl)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostFormAsync("/", DetailsUrl, new() { ["Category"] = "Statutory", ["ReviewCycleMonths"] = "12", ["Audience"] = "Staff" })).StatusCode);
        }
    }

    private static Task<HttpResponseMessage> SaveAsync(HttpClient principal, string category, string owner, string months, string audience) =>
        principal.PostFormAsync(DetailsUrl, DetailsUrl, new() { ["Category"] = category, ["OwnerUserId"] = owner, ["ReviewCycleMonths"] = months, ["Audience"] = audience });

    private Task<string> UserIdAsync(string email) =>
        app.WithDatabaseAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
}
