using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PolicyPortal.FunctionalTests.Concerns;
using PolicyPortal.FunctionalTests.Presences;
using PolicyPortal.FunctionalTests.Signing;
using PolicyPortal.Testing;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Data.Seeding;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.FunctionalTests.People;

public sealed class PersonPageTests(PortalApplication app) : IClassFixture<PortalApplication>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_person_s_page_shows_what_they_signed_with_receipts_their_requests_and_the_changes_to_their_account()
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        var signed = await SigningForm.SignAsync(teacher, DemoAccounts.Teacher.FullName);
        var receipt = signed.Headers.Location!.OriginalString;
        await teacher.PostFormAsync("/presences/new", "/presences/new", PresenceForms.Endorsed());
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var teacherUrl = await PeopleSteps.PersonUrlAsync(app, DemoAccounts.Teacher.Email);
        await PeopleSteps.EditAsync(principal, teacherUrl, DemoAccounts.Teacher.FullName, "Head of Geography", Roles.Staff);

        var page = await principal.GetStringAsync(teacherUrl);

        Assert.Contains($"<a href=\"{receipt}\">Signed version 1.0 on", page, StringComparison.Ordinal);
        Assert.Contains($"<td><a href=\"{receipt}\">Receipt<span class=\"visually-hidden\"> for Personal Use of Social Media Sites version 1.0</span></a></td>", page, StringComparison.Ordinal);
        Assert.Contains("@KE7Geography</a>, asked on", page, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">Details changed</th><td>Alex Morgan</td><td>Job title: Teacher of Geography &#x2192; Head of Geography</td>", page, StringComparison.Ordinal);

        // Someone who has not signed sees the policy outstanding, counted from the day it came into force.
        var supportPage = await principal.GetStringAsync(await PeopleSteps.PersonUrlAsync(app, DemoAccounts.Support.Email));
        Assert.Matches("<strong>Not signed: outstanding for [0-9]+ days?, since [0-9]+ [A-Z][a-z]+ 2026</strong>", supportPage);
        Assert.Contains("They have not signed anything.", supportPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invited_person_s_page_says_when_their_invitation_was_sent_and_when_its_link_expires()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        await PeopleSteps.AddAsync(principal, "Lee Chen", "lee.chen@example.org", "Teacher of Science", Roles.Staff);
        var url = await PeopleSteps.PersonUrlAsync(app, "lee.chen@example.org");

        Assert.Contains("Its link works until", await principal.GetStringAsync(url), StringComparison.Ordinal);

        app.Clock.Advance(TimeSpan.FromDays(8));
        var later = await app.SignedInAsync(DemoAccounts.Principal);
        var page = await later.GetStringAsync(url);
        Assert.Contains("Its link expired", page, StringComparison.Ordinal);
        Assert.Contains("Send a new invitation", page, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">Added</th><td>Alex Morgan</td>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_address_for_someone_with_a_password_changes_only_when_they_confirm_it_from_the_old_one()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var url = await PeopleSteps.PersonUrlAsync(app, DemoAccounts.Teacher.Email);

        var asked = await EditEmailAsync(principal, url, "s.taylor@example.org");

        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        Assert.Contains("A link to confirm the new address has gone to teacher@example.org", await principal.GetStringAsync(url), StringComparison.Ordinal);
        Assert.Equal(DemoAccounts.Teacher.Email, await EmailOfAsync(DemoAccounts.Teacher.FullName));
        var emails = await PeopleSteps.SendEmailsAsync(app);
        var confirmation = Assert.Single(emails);
        Assert.Equal(DemoAccounts.Teacher.Email, confirmation.To.Mailboxes.Single().Address);
        Assert.Contains("Alex Morgan has asked to change the address you sign in to PolicyPortal with, from teacher@example.org to s.taylor@example.org.", confirmation.TextBody, StringComparison.Ordinal);
        var link = new Uri(System.Text.RegularExpressions.Regex.Match(confirmation.TextBody!, @"https://portal\.school\.example/account/confirm-email\?\S+").Value).PathAndQuery;

        // Opening the link changes nothing; the button on its page does.
        var visitor = app.Anonymous();
        var page = await visitor.GetStringAsync(link);
        Assert.Equal(DemoAccounts.Teacher.Email, await EmailOfAsync(DemoAccounts.Teacher.FullName));
        var confirmed = await visitor.PostAsync("/account/confirm-email", new FormUrlEncodedContent([
            new("__RequestVerificationToken", PortalClient.AntiforgeryToken(page)),
            new("User", PortalClient.HiddenValue(page, "User")),
            new("Email", PortalClient.HiddenValue(page, "Email")),
            new("Token", PortalClient.HiddenValue(page, "Token")),
        ]));
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Contains("Your sign-in address is now s.taylor@example.org.", await visitor.GetStringAsync(confirmed.Headers.Location!.OriginalString), StringComparison.Ordinal);
        Assert.Equal("s.taylor@example.org", await EmailOfAsync(DemoAccounts.Teacher.FullName));
        await app.SignedInAsync("s.taylor@example.org", DemoAccounts.Password);
        Assert.Contains(await PeopleSteps.SendEmailsAsync(app), m => m.To.Mailboxes.Single().Address == "s.taylor@example.org" && m.Subject == "Your PolicyPortal email address has changed");

        // The same link again does nothing more.
        var again = await visitor.PostAsync("/account/confirm-email", new FormUrlEncodedContent([
            new("__RequestVerificationToken", PortalClient.AntiforgeryToken(page)),
            new("User", PortalClient.HiddenValue(page, "User")),
            new("Email", "someone.else@example.org"),
            new("Token", PortalClient.HiddenValue(page, "Token")),
        ]));
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal(
            [AccountEventKind.EmailChangeAsked, AccountEventKind.EmailChanged],
            await app.WithDatabaseAsync(db => db.AccountEvents.OrderBy(e => e.Id).Select(e => e.Kind).ToListAsync()));
    }

    [Fact]
    public async Task A_new_address_for_someone_invited_is_used_at_once_with_a_new_invitation_and_the_old_address_told()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        await PeopleSteps.AddAsync(principal, "Lee Chen", "lee.chen@example.org", "Teacher of Science", Roles.Staff);
        var oldLink = await PeopleSteps.InvitationLinkAsync(app, "lee.chen@example.org");
        var url = await PeopleSteps.PersonUrlAsync(app, "lee.chen@example.org");

        var changed = await EditEmailAsync(principal, url, "l.chen@example.org", fullName: "Lee Chen", jobTitle: "Teacher of Science");

        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Contains("Their invitation now goes to l.chen@example.org, and lee.chen@example.org has been told.", await principal.GetStringAsync(url), StringComparison.Ordinal);
        Assert.Equal("l.chen@example.org", await EmailOfAsync("Lee Chen"));
        var told = Assert.Single(await PeopleSteps.SendEmailsAsync(app), m => m.To.Mailboxes.Single().Address == "lee.chen@example.org" && m.Subject == "Your PolicyPortal invitation has moved to another address");
        Assert.Contains("The invitation sent here no longer works", told.TextBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.Anonymous().GetAsync(oldLink)).StatusCode);
        var newLink = await PeopleSteps.InvitationLinkAsync(app, "l.chen@example.org");
        Assert.Equal(HttpStatusCode.Redirect, (await PeopleSteps.SetPasswordAsync(app.Anonymous(), newLink, "a long enough new password")).StatusCode);
    }

    [Fact]
    public async Task A_leaver_s_address_is_not_changed_and_nobody_is_written_to()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var url = await PeopleSteps.PersonUrlAsync(app, DemoAccounts.Teacher.Email);
        await PeopleSteps.MarkAsLeftAsync(principal, url);

        var refused = await EditEmailAsync(principal, url, "s.taylor@example.org");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Sam Taylor has left, and the portal writes to nobody who has left.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDatabaseAsync(db => db.OutboxMessages.CountAsync()));
    }

    [Fact]
    public async Task An_emptied_email_field_is_refused_rather_than_ignored()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);

        var refused = await EditEmailAsync(principal, await PeopleSteps.PersonUrlAsync(app, DemoAccounts.Teacher.Email), "");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Enter the person&#x27;s email address.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private Task<string?> EmailOfAsync(string fullName) =>
        app.WithDatabaseAsync(db => db.Users.Where(u => u.FullName == fullName).Select(u => u.Email).SingleAsync());

    [Fact]
    public async Task An_email_address_someone_else_has_is_refused_beside_the_field_with_what_was_typed_kept()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var url = await PeopleSteps.PersonUrlAsync(app, DemoAccounts.Teacher.Email);

        var refused = await EditEmailAsync(principal, url, "SUPPORT@example.org", fullName: "Samuel Taylor");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var page = await refused.Content.ReadAsStringAsync();
        Assert.Contains("SUPPORT@example.org is Jo Patel&#x27;s address. Each person signs in with their own.", page, StringComparison.Ordinal);
        Assert.Contains("value=\"SUPPORT@example.org\"", page, StringComparison.Ordinal);
        Assert.Contains("value=\"Samuel Taylor\"", page, StringComparison.Ordinal);
        Assert.Equal(DemoAccounts.Teacher.FullName, await app.WithDatabaseAsync(db => db.Users.Where(u => u.Email == DemoAccounts.Teacher.Email).Select(u => u.FullName).SingleAsync()));
        Assert.Equal(0, await app.WithDatabaseAsync(db => db.OutboxMessages.CountAsync()));
    }

    [Fact]
    public async Task The_principal_downloads_everything_held_about_a_person_with_the_audit_of_their_account()
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        await SigningForm.SignAsync(teacher, DemoAccounts.Teacher.FullName);
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var url = await PeopleSteps.PersonUrlAsync(app, DemoAccounts.Teacher.Email);
        await PeopleSteps.EditAsync(principal, url, "Samuel Taylor", "Teacher of Geography", Roles.Staff);

        var response = await principal.GetAsync($"{url}/data");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl!.NoStore, "Personal data must not be kept in a cache.");
        Assert.Equal("PolicyPortal data of Samuel Taylor.json", response.Content.Headers.ContentDisposition!.FileNameStar);
        using var data = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Samuel Taylor", data.RootElement.GetProperty("Account").GetProperty("FullName").GetString());
        Assert.Single(data.RootElement.GetProperty("Acknowledgements").EnumerateArray());
        var change = Assert.Single(data.RootElement.GetProperty("ChangesToTheAccount").EnumerateArray());
        Assert.Equal("Name: Sam Taylor → Samuel Taylor", change.GetProperty("What").GetString());
        Assert.Equal("Alex Morgan", change.GetProperty("Who").GetString());

        // The person's own download has no audit of who changed their account.
        using var own = JsonDocument.Parse(await (await app.SignedInAsync(DemoAccounts.Teacher)).GetStringAsync("/account/data"));
        Assert.False(own.RootElement.TryGetProperty("ChangesToTheAccount", out _));
    }

    [Fact]
    public async Task The_principal_s_download_of_a_person_leaves_out_concerns_they_reported_about_the_principal()
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        await ConcernForms.ReportAsync(teacher, ConcernForms.About("Alex Morgan", concernsThePrincipal: true));
        await ConcernForms.ReportAsync(teacher, ConcernForms.About("Casey Jones"));
        var principal = await app.SignedInAsync(DemoAccounts.Principal);

        var download = await principal.GetStringAsync($"{await PeopleSteps.PersonUrlAsync(app, DemoAccounts.Teacher.Email)}/data");

        using var data = JsonDocument.Parse(download);
        var concern = Assert.Single(data.RootElement.GetProperty("ConcernsReported").EnumerateArray());
        Assert.Equal("Casey Jones", concern.GetProperty("Concerning").GetString());
        Assert.DoesNotContain("Alex Morgan", download, StringComparison.Ordinal);
        using var own = JsonDocument.Parse(await teacher.GetStringAsync("/account/data"));
        Assert.Equal(2, own.RootElement.GetProperty("ConcernsReported").GetArrayLength());

        // The concern the Principal handles and read in the download is recorded as viewed by them, as opening it is.
        var views = await app.WithDatabaseAsync(db => db.ConcernEvents.Where(e => e.Kind == ConcernEventKind.Viewed).Select(e => new { e.ActorName, e.Concern.Concerning }).ToListAsync());
        var view = Assert.Single(views);
        Assert.Equal(("Alex Morgan", "Casey Jones"), (view.ActorName, view.Concerning));
    }

    [Fact]
    public async Task The_audit_of_accounts_says_who_imported_changed_and_marked_whom_and_when()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var preview = await (await PeopleSteps.UploadAsync(principal, "Name,Email,Role\nLee Chen,lee.chen@example.org,Teacher\n")).Content.ReadAsStringAsync();
        await PeopleSteps.ApplyAsync(principal, preview);
        await PeopleSteps.MarkAsLeftAsync(principal, await PeopleSteps.PersonUrlAsync(app, DemoAccounts.Support.Email));

        var audit = await principal.GetStringAsync("/people/audit");

        Assert.Matches(@">Lee Chen</a></th>\s*<td>Imported</td>\s*<td>Alex Morgan</td>", audit);
        Assert.Contains("Imported Lee Chen (lee.chen@example.org) as Staff, and sent an invitation to set a password.", audit, StringComparison.Ordinal);
        Assert.Matches(@">Jo Patel</a></th>\s*<td>Marked as left</td>", audit);
        Assert.True(audit.IndexOf("Marked as left", StringComparison.Ordinal) < audit.IndexOf("Imported Lee Chen", StringComparison.Ordinal), "Newest first.");
    }

    private static async Task<HttpResponseMessage> EditEmailAsync(HttpClient principal, string url, string email, string fullName = "Sam Taylor", string jobTitle = "Teacher of Geography")
    {
        var form = await principal.GetStringAsync($"{url}/edit");
        return await principal.PostAsync($"{url}/edit", new FormUrlEncodedContent([
            new("__RequestVerificationToken", PortalClient.AntiforgeryToken(form)),
            new("ConcurrencyStamp", PortalClient.HiddenValue(form, "ConcurrencyStamp")),
            new("FullName", fullName),
            new("Email", email),
            new("JobTitle", jobTitle),
            new("Roles", Roles.Staff),
        ]));
    }
}
