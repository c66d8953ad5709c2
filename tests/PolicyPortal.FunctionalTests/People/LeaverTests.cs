using System.Net;
using Microsoft.EntityFrameworkCore;
using PolicyPortal.FunctionalTests.Signing;
using PolicyPortal.Testing;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Data.Seeding;

namespace PolicyPortal.FunctionalTests.People;

public sealed class LeaverTests(PortalApplication app) : IClassFixture<PortalApplication>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private const string WrongPassword = "The email address or password is not right.";

    [Fact]
    public async Task A_leavers_open_session_ends_within_a_minute_and_they_cannot_sign_in_again()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        var teacherUrl = await PeopleSteps.PersonUrlAsync(app, DemoAccounts.Teacher.Email);

        var confirm = await principal.GetStringAsync($"{teacherUrl}/leave");
        var left = await PeopleSteps.MarkAsLeftAsync(principal, teacherUrl);
        app.Clock.Advance(TimeSpan.FromSeconds(61));
        var afterAMinute = await teacher.GetAsync("/");
        var signIn = await app.Anonymous().PostFormAsync("/account/sign-in", "/account/sign-in", new() { ["Email"] = DemoAccounts.Teacher.Email, ["Password"] = DemoAccounts.Password });

        Assert.Contains("Mark Sam Taylor as left?", confirm, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, left.StatusCode);
        Assert.Contains("Left on 24 November 2026", await principal.GetStringAsync(teacherUrl), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, afterAMinute.StatusCode);
        Assert.StartsWith("/account/sign-in", afterAMinute.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, signIn.StatusCode);
        Assert.Contains(WrongPassword, await signIn.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime - TimeSpan.FromSeconds(61), await app.WithDatabaseAsync(db => db.Users.Where(u => u.Email == DemoAccounts.Teacher.Email).Select(u => u.DeactivatedAtUtc).SingleAsync()));
    }

    [Fact]
    public async Task A_leaver_is_listed_among_those_who_have_left_and_not_among_current_people()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        await PeopleSteps.MarkAsLeftAsync(principal, await PeopleSteps.PersonUrlAsync(app, DemoAccounts.Support.Email));

        Assert.DoesNotContain("Jo Patel", await principal.GetStringAsync("/people"), StringComparison.Ordinal);
        Assert.Contains("Jo Patel", await principal.GetStringAsync("/people?status=Left"), StringComparison.Ordinal);
        Assert.Contains("Jo Patel", await principal.GetStringAsync("/people?status=Everyone"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reactivation_restores_sign_in_with_the_old_password_and_their_signatures_stay_throughout()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        var receipt = (await SigningForm.SignAsync(teacher, "Sam Taylor")).Headers.Location!.OriginalString;
        var teacherUrl = await PeopleSteps.PersonUrlAsync(app, DemoAccounts.Teacher.Email);

        await PeopleSteps.MarkAsLeftAsync(principal, teacherUrl);
        var signaturesWhileLeft = await app.WithDatabaseAsync(db => db.Acknowledgements.CountAsync(a => a.SignatureName == "Sam Taylor"));
        var receiptWhileLeft = await principal.GetStringAsync(receipt);
        var reactivated = await PeopleSteps.ReactivateAsync(principal, teacherUrl);
        var back = await app.SignedInAsync(DemoAccounts.Teacher);

        Assert.Equal(1, signaturesWhileLeft);
        Assert.Contains("Sam Taylor", receiptWhileLeft, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, reactivated.StatusCode);
        Assert.Contains("Active", await principal.GetStringAsync(teacherUrl), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await back.GetAsync(receipt)).StatusCode);
        Assert.Contains("You signed version 1.0", await back.GetStringAsync(SeedPolicy.Url), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_principal_cannot_mark_themself_as_left()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var ownUrl = await PeopleSteps.PersonUrlAsync(app, DemoAccounts.Principal.Email);

        var response = await principal.PostFormAsync(ownUrl, $"{ownUrl}/leave", []);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("You cannot mark yourself as left.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        app.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(HttpStatusCode.OK, (await principal.GetAsync("/people")).StatusCode);
    }

    [Fact]
    public async Task Marking_a_leaver_twice_says_they_have_already_left()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var url = await PeopleSteps.PersonUrlAsync(app, DemoAccounts.Support.Email);
        var confirmPage = await principal.GetStringAsync($"{url}/leave");
        await PeopleSteps.MarkAsLeftAsync(principal, url);

        var again = await principal.PostAsync($"{url}/leave", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = PortalClient.AntiforgeryToken(confirmPage) }));

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("Jo Patel has already left.", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_change_of_roles_applies_within_a_minute_of_a_governor_confirming_it()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        var teacherUrl = await PeopleSteps.PersonUrlAsync(app, DemoAccounts.Teacher.Email);
        Assert.Equal(HttpStatusCode.Forbidden, (await teacher.GetAsync("/reviews")).StatusCode);

        var edited = await PeopleSteps.EditAsync(principal, teacherUrl, "Sam Taylor", "Teacher of Geography", Roles.Staff, Roles.Governor);
        Assert.Equal(HttpStatusCode.Redirect, (await PeopleSteps.ConfirmChangeAsync(await app.SignedInAsync(DemoAccounts.Governor), await PeopleSteps.WaitingChangeAsync(app))).StatusCode);
        app.Clock.Advance(TimeSpan.FromSeconds(61));
        var oldSession = await teacher.GetAsync("/reviews");
        var newSession = await app.SignedInAsync(DemoAccounts.Teacher);

        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, oldSession.StatusCode);
        Assert.StartsWith("/account/sign-in", oldSession.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.Forbidden, (await newSession.GetAsync("/reviews")).StatusCode);
        Assert.Contains("Staff, Governor", await principal.GetStringAsync(teacherUrl), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_principal_keeps_their_own_principal_role_and_stays_signed_in_after_editing_themself()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var ownUrl = await PeopleSteps.PersonUrlAsync(app, DemoAccounts.Principal.Email);

        var demoted = await PeopleSteps.EditAsync(principal, ownUrl, "Alex Morgan", "Principal", Roles.Staff);
        var alsoGovernor = await PeopleSteps.EditAsync(principal, ownUrl, "Alex Morgan", "Principal", Roles.Governor, Roles.Principal);
        app.Clock.Advance(TimeSpan.FromSeconds(61));

        Assert.Equal(HttpStatusCode.Conflict, demoted.StatusCode);
        Assert.Contains("You cannot take away your own Principal role.", await demoted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, alsoGovernor.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await principal.GetAsync("/people")).StatusCode);
    }

    [Fact]
    public async Task A_stale_edit_page_does_not_overwrite_a_newer_change()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var url = await PeopleSteps.PersonUrlAsync(app, DemoAccounts.Support.Email);
        var stalePage = await principal.GetStringAsync($"{url}/edit");
        await PeopleSteps.EditAsync(principal, url, "Joanna Patel", "Teaching Assistant", Roles.Staff);

        var stale = await principal.PostAsync($"{url}/edit", new FormUrlEncodedContent([
            new("__RequestVerificationToken", PortalClient.AntiforgeryToken(stalePage)),
            new("ConcurrencyStamp", PortalClient.HiddenValue(stalePage, "ConcurrencyStamp")),
            new("FullName", "Jo Patel"),
            new("Roles", Roles.Staff),
        ]));

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("Joanna Patel", await app.WithDatabaseAsync(db => db.Users.Where(u => u.Email == DemoAccounts.Support.Email).Select(u => u.FullName).SingleAsync()));
    }

    [Fact]
    public async Task An_invited_person_who_leaves_before_setting_a_password_cannot_use_the_link()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        await PeopleSteps.AddAsync(principal, "Lee Chen", "lee.chen@example.org", "", Roles.Staff);
        var link = await PeopleSteps.InvitationLinkAsync(app, "lee.chen@example.org");

        await PeopleSteps.MarkAsLeftAsync(principal, await PeopleSteps.PersonUrlAsync(app, "lee.chen@example.org"));

        Assert.Equal(HttpStatusCode.BadRequest, (await app.Anonymous().GetAsync(link)).StatusCode);
    }
}
