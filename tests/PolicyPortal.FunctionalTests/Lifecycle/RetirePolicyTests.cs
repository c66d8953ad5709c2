using System.Net;
using Microsoft.EntityFrameworkCore;
using PolicyPortal.FunctionalTests.Signing;
using PolicyPortal.Testing;
using PolicyPortal.Web.Data.Seeding;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.FunctionalTests.Lifecycle;

public sealed class RetirePolicyTests(PortalApplication app) : IClassFixture<PortalApplication>, IAsyncLifetime
{
    private const string HistoryUrl = SeedPolicy.Url + "/revisions";

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_retired_policy_leaves_my_policies_and_the_banner_and_stays_readable_without_a_sign_form()
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        Assert.Contains("You have 1 policy to sign.", await teacher.GetStringAsync("/"), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await RetireAsync()).StatusCode);

        var home = await teacher.GetStringAsync("/");
        Assert.DoesNotContain("policy to sign", home, StringComparison.Ordinal);
        Assert.DoesNotContain(SeedPolicy.Document.Title, home, StringComparison.Ordinal);
        var page = await teacher.GetStringAsync(SeedPolicy.Url);
        Assert.Contains("Retired on 24 November 2026; no longer in force.", page, StringComparison.Ordinal);
        Assert.Contains("This policy is retired, so nobody is asked to sign it.", page, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"SignatureName\"", page, StringComparison.Ordinal);
        Assert.Contains("Retired on 24 November 2026; no longer in force.", await teacher.GetStringAsync(HistoryUrl), StringComparison.Ordinal);
        Assert.Equal(PolicyEventKind.Retired, await app.WithDatabaseAsync(db => db.PolicyEvents.Select(e => e.Kind).SingleAsync()));
    }

    [Fact]
    public async Task Signing_a_retired_policy_is_refused_with_a_message_and_records_nothing()
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        var fields = await SigningForm.FilledInAsync(teacher, "Sam Taylor");
        await RetireAsync();

        var response = await SigningForm.PostAsync(teacher, fields);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("This policy is retired: it is no longer in force and nobody signs it, so nothing was recorded.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDatabaseAsync(db => db.Acknowledgements.CountAsync()));
    }

    [Fact]
    public async Task A_retired_policy_leaves_the_compliance_dashboard_but_its_evidence_and_receipts_stay()
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        var receipt = (await SigningForm.SignAsync(teacher, "Sam Taylor")).Headers.Location!.OriginalString;
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        Assert.Contains(SeedPolicy.Document.Title, await principal.GetStringAsync("/compliance"), StringComparison.Ordinal);

        await RetireAsync();

        Assert.DoesNotContain(SeedPolicy.Document.Title, await principal.GetStringAsync("/compliance"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await principal.GetAsync("/compliance/" + SeedPolicy.Slug + "/evidence")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await principal.GetAsync("/compliance/" + SeedPolicy.Slug)).StatusCode);
        var kept = await teacher.GetAsync(receipt);
        Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
        Assert.Contains("1.0 (no longer in force)", await kept.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_retired_policy_leaves_the_reviews_due_and_the_governors_to_do_list()
    {
        var governor = await app.SignedInAsync(DemoAccounts.Governor);
        Assert.Contains(SeedPolicy.Document.Title, await governor.GetStringAsync("/reviews"), StringComparison.Ordinal);
        var before = await app.WithDatabaseAsync(db => db.PolicyRevisions.CountAsync(PolicyPortal.Web.Services.PolicyLifecycle.ReviewDueBy(new DateOnly(2026, 11, 24))));

        await RetireAsync();

        Assert.DoesNotContain(SeedPolicy.Document.Title, await governor.GetStringAsync("/reviews"), StringComparison.Ordinal);
        Assert.Equal(1, before);
        Assert.Equal(0, await app.WithDatabaseAsync(db => db.PolicyRevisions.CountAsync(PolicyPortal.Web.Services.PolicyLifecycle.ReviewDueBy(new DateOnly(2026, 11, 24)))));
    }

    [Fact]
    public async Task Other_policies_stop_linking_to_a_retired_policy_and_link_again_when_it_is_restored()
    {
        await NewPolicyTests.CreateAndAdoptAsync(app);
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        const string link = "<a href=\"/policies/disciplinary-policy\">Disciplinary Policy</a>";
        Assert.Contains(link, await teacher.GetStringAsync(SeedPolicy.Url), StringComparison.Ordinal);

        await RetireAsync("/policies/disciplinary-policy/revisions");
        var whileRetired = await teacher.GetStringAsync(SeedPolicy.Url);
        await RestoreAsync("/policies/disciplinary-policy/revisions");

        Assert.DoesNotContain(link, whileRetired, StringComparison.Ordinal);
        Assert.Contains(link, await teacher.GetStringAsync(SeedPolicy.Url), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_restored_policy_is_in_force_again_and_asks_to_be_signed()
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        await RetireAsync();

        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var response = await principal.PostFormAsync(HistoryUrl, SeedPolicy.Url + "/restore", []);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("The policy is restored and in force again.", await principal.GetStringAsync(HistoryUrl), StringComparison.Ordinal);
        Assert.Contains("You have 1 policy to sign.", await teacher.GetStringAsync("/"), StringComparison.Ordinal);
        Assert.Contains("name=\"SignatureName\"", await teacher.GetStringAsync(SeedPolicy.Url), StringComparison.Ordinal);
        Assert.Equal([PolicyEventKind.Retired, PolicyEventKind.Restored], await app.WithDatabaseAsync(db => db.PolicyEvents.OrderBy(e => e.Id).Select(e => e.Kind).ToListAsync()));
    }

    [Fact]
    public async Task A_policy_with_a_revision_being_prepared_is_not_retired_and_the_page_says_why()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        await LifecycleSteps.StartDraftAsync(principal);

        var response = await RetireAsync();

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("Version 1.1 is being prepared. Discard it or finish it before retiring the policy.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await app.WithDatabaseAsync(db => db.Policies.Select(p => p.RetiredAtUtc).SingleAsync()));
    }

    [Fact]
    public async Task Only_the_principal_may_retire_or_restore_a_policy()
    {
        foreach (var account in new[] { DemoAccounts.Teacher, DemoAccounts.Governor })
        {
            var client = await app.SignedInAsync(account);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(SeedPolicy.Url + "/retire")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostFormAsync("/", SeedPolicy.Url + "/retire", [])).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostFormAsync("/", SeedPolicy.Url + "/restore", [])).StatusCode);
        }

        Assert.Null(await app.WithDatabaseAsync(db => db.Policies.Select(p => p.RetiredAtUtc).SingleAsync()));
    }

    private async Task<HttpResponseMessage> RetireAsync(string historyUrl = HistoryUrl)
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var slugUrl = historyUrl[..^"/revisions".Length];
        return await principal.PostFormAsync(slugUrl + "/retire", slugUrl + "/retire", []);
    }

    private async Task<HttpResponseMessage> RestoreAsync(string historyUrl = HistoryUrl)
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        return await principal.PostFormAsync(historyUrl, historyUrl[..^"/revisions".Length] + "/restore", []);
    }
}
