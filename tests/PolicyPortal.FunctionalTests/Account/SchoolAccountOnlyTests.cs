using System.Net;
using Microsoft.EntityFrameworkCore;
using PolicyPortal.FunctionalTests.People;
using PolicyPortal.Testing;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Data.Seeding;

namespace PolicyPortal.FunctionalTests.Account;

/// <summary>The portal of a school with single sign-on set up, whose provider cannot be reached: nothing answers at its address.</summary>
public sealed class SchoolWithSingleSignOn : PortalApplication
{
    public const string Button = "Sign in with your King Edward VII account";

    public SchoolWithSingleSignOn() => Settings = new Dictionary<string, string>
    {
        ["Auth:Oidc:Authority"] = "https://127.0.0.1:1/",
        ["Auth:Oidc:ClientId"] = "policyportal",
        ["Auth:Oidc:ClientSecret"] = "not used",
        ["Auth:Oidc:DisplayName"] = Button,
        ["Auth:Oidc:AllowedDomains"] = "example.org",
    };
}

public sealed class SchoolAccountOnlyTests(SchoolWithSingleSignOn app) : IClassFixture<SchoolWithSingleSignOn>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_sign_in_page_offers_the_school_account_beside_the_password()
    {
        var page = await app.Anonymous().GetStringAsync("/account/sign-in?returnUrl=%2Fpolicies");

        Assert.Contains($"<a class=\"button\" data-carries-unsent-form href=\"/account/school-account?returnUrl=%2Fpolicies\">{SchoolWithSingleSignOn.Button}</a>", page, StringComparison.Ordinal);
        Assert.Contains("Or sign in with a password", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_provider_that_cannot_be_reached_gets_a_page_that_says_so_and_offers_the_password()
    {
        var visitor = app.Anonymous();

        var started = await visitor.GetAsync("/account/school-account?returnUrl=%2Fpolicies");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, started.StatusCode);
        var page = await started.Content.ReadAsStringAsync();
        Assert.Contains("The portal could not reach the school's sign-in service just now. You are not signed in.", WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        Assert.Contains("href=\"/account/sign-in\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stale_or_forged_answer_from_the_provider_ends_on_the_page_that_says_signing_in_did_not_finish()
    {
        var visitor = app.Anonymous();

        var forged = await visitor.GetAsync("/signin-oidc?code=stolen&state=made-up");

        Assert.Equal(HttpStatusCode.Redirect, forged.StatusCode);
        Assert.Equal("/account/school-account/failed", forged.Headers.Location!.OriginalString);
        var page = await visitor.GetStringAsync("/account/school-account/failed");
        Assert.Contains("Signing in with your school account did not finish", page, StringComparison.Ordinal);
        var elsewhere = await visitor.GetAsync("/account/school-account/signed-in?returnUrl=https%3A%2F%2Fevil.example");
        Assert.Equal(HttpStatusCode.Redirect, elsewhere.StatusCode);
        Assert.Equal("/account/school-account/failed", elsewhere.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("cross-site", "document")]
    [InlineData("same-origin", "image")]
    [InlineData("same-site", "iframe")]
    public async Task Only_a_click_on_the_portals_own_page_starts_signing_in_with_a_school_account(string site, string destination)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/account/school-account?returnUrl=%2Fpolicies");
        request.Headers.Add("Sec-Fetch-Site", site);
        request.Headers.Add("Sec-Fetch-Dest", destination);

        var started = await app.Anonymous().SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        Assert.Equal("/account/sign-in?returnUrl=%2Fpolicies", started.Headers.Location!.OriginalString);
        Assert.False(started.Headers.Contains("Set-Cookie"), "nothing is started, so no correlation cookie is left");
    }

    [Fact]
    public async Task A_governor_who_has_not_signed_in_with_a_school_account_keeps_their_password()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var governor = await IdOfAsync(DemoAccounts.Governor.Email);

        var refused = await PeopleSteps.PostAsync(principal, $"/people/{governor}", $"/people/{governor}/school-account-only", []);

        Assert.False(refused.IsSuccessStatusCode);
        Assert.Contains("Robin Hughes has not signed in with their school account yet", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        await app.SignedInAsync(DemoAccounts.Governor.Email, DemoAccounts.Password);
    }

    [Fact]
    public async Task An_invitation_says_to_sign_in_with_the_school_account_and_offers_a_password_only_to_those_without_one()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var added = await PeopleSteps.AddAsync(principal, "Lee Chen", "lee.chen@example.org", "Teacher of Science", Roles.Staff);
        Assert.Contains("Lee Chen is added, and an invitation to sign in with their school account is on its way to lee.chen@example.org.", await principal.GetStringAsync(added.Headers.Location!.OriginalString), StringComparison.Ordinal);
        var id = await IdOfAsync("lee.chen@example.org");
        Assert.Equal(HttpStatusCode.Redirect, (await PeopleSteps.PostAsync(principal, $"/people/{id}", $"/people/{id}/school-account-only", [])).StatusCode);
        await PeopleSteps.PostAsync(principal, $"/people/{id}", $"/people/{id}/invitation", []);

        var invitations = await app.WithDatabaseAsync(db => db.OutboxMessages.Where(m => m.ToAddress == "lee.chen@example.org").OrderBy(m => m.Id).ToListAsync());

        Assert.Equal(2, invitations.Count);
        Assert.All(invitations, m => Assert.Equal("You are invited to PolicyPortal: sign in with your school account", m.Subject));
        Assert.All(invitations, m => Assert.Contains($"Sign in with your school account: open https://portal.school.example/account/sign-in, choose \"{SchoolWithSingleSignOn.Button}\" and sign in as lee.chen@example.org.", m.Body, StringComparison.Ordinal));
        Assert.Contains("If you have no school account (governors often do not), set a password instead: https://portal.school.example/account/set-password?", invitations[0].Body, StringComparison.Ordinal);
        Assert.DoesNotContain("set-password", invitations[1].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Someone_who_has_only_ever_used_a_password_keeps_it_with_the_reason_shown()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var id = await IdOfAsync(DemoAccounts.Teacher.Email);

        var refused = await PeopleSteps.PostAsync(principal, $"/people/{id}", $"/people/{id}/school-account-only", []);

        Assert.False(refused.IsSuccessStatusCode);
        Assert.Contains("Sam Taylor has not signed in with their school account yet, so taking their password away could leave them with no way in.", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        await app.SignedInAsync(DemoAccounts.Teacher.Email, DemoAccounts.Password);
    }

    [Fact]
    public async Task School_account_only_removes_the_password_and_no_link_can_set_one_until_the_principal_allows_it()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var id = await IdOfAsync(DemoAccounts.Teacher.Email);
        await app.WithDatabaseAsync(db => db.Users.Where(u => u.Id == id).ExecuteUpdateAsync(u => u.SetProperty(x => x.SchoolAccountLinkedAtUtc, new DateTime(2026, 9, 1, 8, 0, 0, DateTimeKind.Utc))));
        Assert.Contains("Their school account, first on 1 September 2026, or a password if they set one", await principal.GetStringAsync($"/people/{id}"), StringComparison.Ordinal);

        var set = await PeopleSteps.PostAsync(principal, $"/people/{id}", $"/people/{id}/school-account-only", []);

        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        var page = await principal.GetStringAsync($"/people/{id}");
        Assert.Contains("They now sign in with their school account only.", page, StringComparison.Ordinal);
        Assert.Contains("Their school account only, first on 1 September 2026", page, StringComparison.Ordinal);
        Assert.Contains("Set Sam Taylor to sign in with their school account only; their password was removed.", page, StringComparison.Ordinal);
        var withPassword = await app.Anonymous().PostFormAsync("/account/sign-in", "/account/sign-in", new() { ["Email"] = DemoAccounts.Teacher.Email, ["Password"] = DemoAccounts.Password });
        Assert.Equal(HttpStatusCode.BadRequest, withPassword.StatusCode);

        // "Forgotten your password?" tells them how they sign in, with no link; an older invitation link no longer works.
        await app.Anonymous().PostFormAsync("/account/forgot-password", "/account/forgot-password", new() { ["Email"] = DemoAccounts.Teacher.Email });
        var told = await app.WithDatabaseAsync(db => db.OutboxMessages.Where(m => m.ToAddress == DemoAccounts.Teacher.Email).OrderBy(m => m.Id).LastAsync());
        Assert.Equal("PolicyPortal: you sign in with your school account", told.Subject);
        Assert.DoesNotContain("reset-password", told.Body, StringComparison.Ordinal);

        var allowed = await PeopleSteps.PostAsync(principal, $"/people/{id}", $"/people/{id}/allow-password", []);
        Assert.Equal(HttpStatusCode.Redirect, allowed.StatusCode);
        await app.Anonymous().PostFormAsync("/account/forgot-password", "/account/forgot-password", new() { ["Email"] = DemoAccounts.Teacher.Email });
        var link = await app.WithDatabaseAsync(db => db.OutboxMessages.Where(m => m.ToAddress == DemoAccounts.Teacher.Email).OrderBy(m => m.Id).LastAsync());
        Assert.Contains("https://portal.school.example/account/reset-password?", link.Body, StringComparison.Ordinal);
    }

    private Task<string> IdOfAsync(string email) => app.WithDatabaseAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
}
