using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
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
    public async Task Changing_an_email_address_tells_both_addresses_and_the_person_signs_in_with_the_new_one()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var url = await PeopleSteps.PersonUrlAsync(app, DemoAccounts.Teacher.Email);

        var changed = await EditEmailAsync(principal, url, "s.taylor@example.org");

        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Contains("They now sign in with s.taylor@example.org; both addresses have been told.", await principal.GetStringAsync(url), StringComparison.Ordinal);
        var emails = await PeopleSteps.SendEmailsAsync(app);
        var old = Assert.Single(emails, m => m.To.Mailboxes.Single().Address == DemoAccounts.Teacher.Email);
        Assert.Contains("changed the address you sign in to PolicyPortal with from teacher@example.org to s.taylor@example.org", old.TextBody, StringComparison.Ordinal);
        Assert.Contains("If you did not expect this, tell the school office.", old.TextBody, StringComparison.Ordinal);
        Assert.Single(emails, m => m.To.Mailboxes.Single().Address == "s.taylor@example.org");
        await app.SignedInAsync("s.taylor@example.org", DemoAccounts.Password);
        Assert.Equal("Email: teacher@example.org → s.taylor@example.org", await app.WithDatabaseAsync(db => db.AccountEvents.Where(e => e.Kind == AccountEventKind.EmailChanged).Select(e => e.Detail).SingleAsync()));
    }

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
        Assert.Equal("policyportal-data-samuel-taylor.json", response.Content.Headers.ContentDisposition!.FileName);
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
    public async Task The_audit_of_accounts_says_who_imported_changed_and_marked_whom_and_when()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var preview = await (await PeopleSteps.UploadAsync(principal, "Name,Email,Role\nLee Chen,lee.chen@example.org,Teacher\n")).Content.ReadAsStringAsync();
        await PeopleSteps.ApplyAsync(principal, preview);
        await PeopleSteps.MarkAsLeftAsync(principal, await PeopleSteps.PersonUrlAsync(app, DemoAccounts.Support.Email));

        var audit = await principal.GetStringAsync("/people/audit");

        Assert.Contains(">Lee Chen</a></th>\n                        <td>Imported</td>\n                        <td>Alex Morgan</td>", audit, StringComparison.Ordinal);
        Assert.Contains("Imported Lee Chen (lee.chen@example.org) as Staff, and sent an invitation to set a password.", audit, StringComparison.Ordinal);
        Assert.Contains(">Jo Patel</a></th>\n                        <td>Marked as left</td>", audit, StringComparison.Ordinal);
        Assert.True(audit.IndexOf("Marked as left", StringComparison.Ordinal) < audit.IndexOf("Imported Lee Chen", StringComparison.Ordinal), "Newest first.");
    }

    private static async Task<HttpResponseMessage> EditEmailAsync(HttpClient principal, string url, string email, string fullName = "Sam Taylor")
    {
        var form = await principal.GetStringAsync($"{url}/edit");
        return await principal.PostAsync($"{url}/edit", new FormUrlEncodedContent([
            new("__RequestVerificationToken", PortalClient.AntiforgeryToken(form)),
            new("ConcurrencyStamp", PortalClient.HiddenValue(form, "ConcurrencyStamp")),
            new("FullName", fullName),
            new("Email", email),
            new("JobTitle", "Teacher of Geography"),
            new("Roles", Roles.Staff),
        ]));
    }
}
