using System.Net;
using Microsoft.EntityFrameworkCore;
using PolicyPortal.Testing;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Data.Seeding;

namespace PolicyPortal.FunctionalTests.People;

public sealed class InvitationTests(PortalApplication app) : IClassFixture<PortalApplication>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private const string NewEmail = "lee.chen@example.org";
    private const string NewPassword = "a long enough new password";
    private const string LinkNotValid = "This link has expired or has already been used, or a newer one has been sent.";

    [Fact]
    public async Task An_added_person_has_no_password_and_is_emailed_a_link_that_sets_one_once()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);

        var added = await PeopleSteps.AddAsync(principal, "Lee Chen", NewEmail, "Teacher of Science", Roles.Staff);

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var person = await app.WithDatabaseAsync(db => db.Users.SingleAsync(u => u.Email == NewEmail));
        Assert.Null(person.PasswordHash);
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime, person.AddedAtUtc);
        Assert.Contains("an invitation to set a password is on its way", await principal.GetStringAsync(added.Headers.Location!.OriginalString), StringComparison.Ordinal);

        var link = await PeopleSteps.InvitationLinkAsync(app, NewEmail);
        var visitor = app.Anonymous();
        var form = await visitor.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Contains(NewEmail, await form.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var set = await PeopleSteps.SetPasswordAsync(visitor, link, NewPassword);
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        Assert.Contains("Your password is set.", await visitor.GetStringAsync(set.Headers.Location!.OriginalString), StringComparison.Ordinal);
        var signedIn = await app.SignedInAsync(NewEmail, NewPassword);
        Assert.Contains("Lee Chen", await signedIn.GetStringAsync("/"), StringComparison.Ordinal);
        Assert.True(await app.WithDatabaseAsync(db => db.Users.Where(u => u.Email == NewEmail).Select(u => u.EmailConfirmed).SingleAsync()));

        // The same link again: refused, on opening it and on sending it, and the password stays the first one.
        var again = await app.Anonymous().GetAsync(link);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains(LinkNotValid, await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var reuse = await PeopleSteps.SetPasswordAsync(app.Anonymous(), link, "somebody else's password");
        Assert.Equal(HttpStatusCode.BadRequest, reuse.StatusCode);
        Assert.Contains(LinkNotValid, await reuse.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await app.SignedInAsync(NewEmail, NewPassword);
    }

    [Fact]
    public async Task Everyone_invited_who_has_not_set_a_password_is_sent_a_new_invitation_in_one_action_counted_first()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        await PeopleSteps.AddAsync(principal, "Lee Chen", NewEmail, "", Roles.Staff);
        await PeopleSteps.AddAsync(principal, "Kim Lowe", "kim.lowe@example.org", "", Roles.Staff);
        var firstLink = await PeopleSteps.InvitationLinkAsync(app, NewEmail);

        var page = await principal.GetStringAsync("/people/invitations");

        Assert.Contains("2 people have been invited and not set a password yet.", page, StringComparison.Ordinal);
        Assert.Contains("<li>Kim Lowe (kim.lowe@example.org)</li>", page, StringComparison.Ordinal);
        Assert.DoesNotContain(DemoAccounts.Teacher.Email, page, StringComparison.Ordinal);
        Assert.Contains("Send 2 new invitations", page, StringComparison.Ordinal);

        var sent = await principal.PostFormAsync("/people/invitations", "/people/invitations", []);

        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Contains("New invitations to 2 people go out in school hours.", await principal.GetStringAsync(sent.Headers.Location!.OriginalString), StringComparison.Ordinal);
        var invited = await app.WithDatabaseAsync(db => db.OutboxMessages.Where(m => m.Subject.Contains("invited")).GroupBy(m => m.ToAddress).Select(g => new { g.Key, Count = g.Count() }).ToListAsync());
        Assert.Equal([("kim.lowe@example.org", 2), (NewEmail, 2)], invited.OrderBy(i => i.Key, StringComparer.Ordinal).Select(i => (i.Key, i.Count)));
        Assert.Equal(HttpStatusCode.BadRequest, (await app.Anonymous().GetAsync(firstLink)).StatusCode);
    }

    [Fact]
    public async Task The_invitation_is_to_the_person_and_says_how_long_the_link_works()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);

        await PeopleSteps.AddAsync(principal, "Lee Chen", NewEmail, "", Roles.Staff);
        var email = Assert.Single(await PeopleSteps.SendEmailsAsync(app));

        Assert.Equal(NewEmail, email.To.Mailboxes.Single().Address);
        Assert.Equal("Lee Chen", email.To.Mailboxes.Single().Name);
        Assert.Equal("You are invited to PolicyPortal: set your password", email.Subject);
        Assert.Contains("Alex Morgan has added you", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("The link works once, for 7 days.", email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_link_works_until_the_end_of_its_seventh_day_and_not_after()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        await PeopleSteps.AddAsync(principal, "Lee Chen", NewEmail, "", Roles.Staff);
        var link = await PeopleSteps.InvitationLinkAsync(app, NewEmail);

        app.Clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1));
        var nearlyExpired = await app.Anonymous().GetAsync(link);
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        var expired = await app.Anonymous().GetAsync(link);
        var sent = await PeopleSteps.SetPasswordAsync(app.Anonymous(), link, NewPassword);

        Assert.Equal(HttpStatusCode.OK, nearlyExpired.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, expired.StatusCode);
        Assert.Contains(LinkNotValid, await expired.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, sent.StatusCode);
        Assert.Null(await app.WithDatabaseAsync(db => db.Users.Where(u => u.Email == NewEmail).Select(u => u.PasswordHash).SingleAsync()));
    }

    [Fact]
    public async Task The_link_lifetime_comes_from_settings()
    {
        using var twoDays = new PortalApplication { Settings = new Dictionary<string, string> { ["People:InvitationDays"] = "2" } };
        var principal = await twoDays.SignedInAsync(DemoAccounts.Principal);
        await PeopleSteps.AddAsync(principal, "Lee Chen", NewEmail, "", Roles.Staff);
        var link = await PeopleSteps.InvitationLinkAsync(twoDays, NewEmail);

        twoDays.Clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromMinutes(1));

        Assert.Equal(HttpStatusCode.BadRequest, (await twoDays.Anonymous().GetAsync(link)).StatusCode);
    }

    [Fact]
    public async Task A_tampered_link_or_an_unknown_account_gets_the_same_page()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        await PeopleSteps.AddAsync(principal, "Lee Chen", NewEmail, "", Roles.Staff);
        var link = await PeopleSteps.InvitationLinkAsync(app, NewEmail);
        var teacherId = await PeopleSteps.IdOfAsync(app, DemoAccounts.Teacher.Email);

        var tampered = link[..^3] + (link.EndsWith("AAA", StringComparison.Ordinal) ? "BBB" : "AAA");
        var otherAccount = link.Replace(await PeopleSteps.IdOfAsync(app, NewEmail), teacherId, StringComparison.Ordinal);
        var unknown = "/account/set-password?user=no-such-person&token=abc";

        foreach (var url in new[] { tampered, otherAccount, unknown, "/account/set-password" })
        {
            var response = await app.Anonymous().GetAsync(url);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(LinkNotValid, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_short_or_mistyped_password_is_refused_and_the_link_still_works()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        await PeopleSteps.AddAsync(principal, "Lee Chen", NewEmail, "", Roles.Staff);
        var link = await PeopleSteps.InvitationLinkAsync(app, NewEmail);

        var tooShort = await PeopleSteps.SetPasswordAsync(app.Anonymous(), link, "short");
        var mismatch = await PeopleSteps.SetPasswordAsync(app.Anonymous(), link, NewPassword, NewPassword + "!");

        Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);
        Assert.Contains("at least 12 characters", await tooShort.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, mismatch.StatusCode);
        Assert.Contains("The two passwords are not the same.", await mismatch.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await PeopleSteps.SetPasswordAsync(app.Anonymous(), link, NewPassword)).StatusCode);
    }

    [Fact]
    public async Task A_new_invitation_replaces_the_old_link()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        await PeopleSteps.AddAsync(principal, "Lee Chen", NewEmail, "", Roles.Staff);
        var first = await PeopleSteps.InvitationLinkAsync(app, NewEmail);
        var personUrl = await PeopleSteps.PersonUrlAsync(app, NewEmail);

        app.Clock.Advance(TimeSpan.FromMinutes(5));
        var resent = await principal.PostFormAsync(personUrl, $"{personUrl}/invitation", []);
        var second = await PeopleSteps.InvitationLinkAsync(app, NewEmail);

        Assert.Equal(HttpStatusCode.Redirect, resent.StatusCode);
        Assert.NotEqual(first, second);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.Anonymous().GetAsync(first)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PeopleSteps.SetPasswordAsync(app.Anonymous(), second, NewPassword)).StatusCode);
    }

    [Fact]
    public async Task An_email_address_that_already_has_an_account_is_refused()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);

        var response = await PeopleSteps.AddAsync(principal, "Sam Taylor Again", "TEACHER@example.org", "", Roles.Staff);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("TEACHER@example.org already has an account.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(DemoAccounts.All.Count, await app.WithDatabaseAsync(db => db.Users.CountAsync()));
        Assert.Empty(await PeopleSteps.SendEmailsAsync(app));
    }

    [Fact]
    public async Task The_add_form_explains_each_problem_and_saves_nothing()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);

        var response = await PeopleSteps.AddAsync(principal, " ", "not an address", new string('x', 201));
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Enter the person&#x27;s full name.", page, StringComparison.Ordinal);
        Assert.Contains("Enter an email address like name@school.org.", page, StringComparison.Ordinal);
        Assert.Contains("A job title has at most 200 characters.", page, StringComparison.Ordinal);
        Assert.Contains("Choose at least one role", page, StringComparison.Ordinal);
        Assert.Equal(DemoAccounts.All.Count, await app.WithDatabaseAsync(db => db.Users.CountAsync()));
    }
}
