using System.Net;
using Microsoft.EntityFrameworkCore;
using PolicyPortal.FunctionalTests.Signing;
using PolicyPortal.Testing;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Data.Seeding;
using static PolicyPortal.FunctionalTests.Lifecycle.LifecycleSteps;

namespace PolicyPortal.FunctionalTests.Email;

/// <summary>"Everyone told": the emails a revision's review and adoption send, to whoever must act next.</summary>
public sealed class PolicyEmailTests(PortalApplication app) : IClassFixture<PortalApplication>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private const string Title = "Personal Use of Social Media Sites";
    private const string Portal = "https://portal.school.example";

    private static readonly string MaterialBody = SeedPolicy.Document.Body.Replace(
        "Students must not be discussed on social media sites.",
        "Students must never be discussed on social media sites, even anonymously.",
        StringComparison.Ordinal);

    private static readonly string MinorBody = SeedPolicy.Document.Body.Replace("Firstly, it is", "First, it is", StringComparison.Ordinal);

    [Fact]
    public async Task Submitting_a_draft_asks_every_governor_still_here_by_email_to_review_it()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var governor = await app.SignedInAsync(DemoAccounts.Governor);
        await app.AddPersonAsync("chair@example.org", "Pat Chair", "Chair of Governors", Roles.Governor);
        await AddLeaverAsync("former.governor@example.org", "Lee Former", Roles.Governor);
        await StartDraftAsync(principal);
        await SaveDraftAsync(principal, MaterialBody, "Students are never discussed, even anonymously.", "Material");

        var submitted = await SubmitAsync(principal);
        var sent = await Mailbox.DispatchAsync(app);

        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        Assert.Equal(2, sent);
        var emails = Mailbox.Read(app);
        Assert.Equal(["chair@example.org", "governor@example.org"], emails.Select(m => m.To.Mailboxes.Single().Address).Order(StringComparer.Ordinal));
        Assert.All(emails, m => Assert.Equal($"Please review {Title} (version 2.0)", m.Subject));
        Assert.All(emails, m => Assert.Contains($"{Portal}{ReviewUrl}\n", m.TextBody, StringComparison.Ordinal));
        Assert.All(emails, m => Assert.Contains("What changed: Students are never discussed, even anonymously.", m.TextBody, StringComparison.Ordinal));
        Assert.All(emails, Mailbox.AssertSentInSchoolHours);
        Assert.StartsWith("Dear Robin Hughes,\n\nVersion 2.0 of Personal Use of Social Media Sites is ready for your review: Alex Morgan has sent it to the governors for review.", Mailbox.To(app, DemoAccounts.Governor.Email).Single().TextBody, StringComparison.Ordinal);

        // The link opens the revision for the governor to give a view.
        Assert.Contains("<legend>Your view</legend>", await governor.GetStringAsync(ReviewUrl), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Saving_and_submitting_in_one_step_asks_the_governors_once_and_a_resubmission_asks_them_again()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        await StartDraftAsync(principal);

        var submitted = await principal.PostFormAsync(DraftUrl, DraftUrl, new()
        {
            ["Body"] = MaterialBody,
            ["ChangeSummary"] = "Students are never discussed, even anonymously.",
            ["Kind"] = "Material",
            ["Intent"] = "submit",
            ["ConcurrencyStamp"] = await StampAsync(principal, DraftUrl),
        });
        await ReviseAsync(principal);
        await SubmitAsync(principal);
        await Mailbox.DispatchAsync(app);

        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        var emails = Mailbox.To(app, DemoAccounts.Governor.Email);
        Assert.Equal([$"Please review {Title} (version 2.0)", $"Please review {Title} again (version 2.0)"], emails.Select(m => m.Subject));
        Assert.Contains("Alex Morgan has revised it after the governors' views and sent it back to you.", emails[1].TextBody, StringComparison.Ordinal);
        Assert.All(emails, m => Assert.Contains($"{Portal}{ReviewUrl}\n", m.TextBody, StringComparison.Ordinal));
        Assert.All(emails, Mailbox.AssertSentInSchoolHours);
        Assert.Empty(Mailbox.To(app, DemoAccounts.Principal.Email));
    }

    [Fact]
    public async Task A_governors_view_is_emailed_to_the_principal_with_a_link_to_the_draft()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var governor = await app.SignedInAsync(DemoAccounts.Governor);
        await StartDraftAsync(principal);
        await SaveDraftAsync(principal, MaterialBody, "Students are never discussed, even anonymously.", "Material");
        await SubmitAsync(principal);

        var view = await RecordViewAsync(governor, "ChangesNeeded", "Name who staff should ask.");
        await Mailbox.DispatchAsync(app);

        Assert.Equal(HttpStatusCode.Redirect, view.StatusCode);
        var email = Assert.Single(Mailbox.To(app, DemoAccounts.Principal.Email));
        Assert.Equal($"Please revise {Title}: Robin Hughes asks for changes", email.Subject);
        Assert.StartsWith("Dear Alex Morgan,\n\nRobin Hughes asks for changes to version 2.0 of Personal Use of Social Media Sites:\n\nName who staff should ask.", email.TextBody, StringComparison.Ordinal);
        Assert.Contains($"{Portal}{DraftUrl}\n", email.TextBody, StringComparison.Ordinal);
        Mailbox.AssertSentInSchoolHours(email);
        Assert.Contains("Name who staff should ask.", await principal.GetStringAsync(DraftUrl), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Adopting_a_material_change_asks_everyone_still_here_to_sign_at_once_and_tells_the_principal()
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        await SigningForm.SignAsync(teacher, "Sam Taylor");
        await AddLeaverAsync("leaver@example.org", "Kim Leaver", Roles.Staff);
        await (await app.SignedInAsync(DemoAccounts.Principal)).PostFormAsync("/people/new", "/people/new", new() { ["FullName"] = "Lee Chen", ["Email"] = "lee.chen@example.org", ["Roles"] = Roles.Staff });

        await AdoptChangeAsync(app, MaterialBody, "Students are never discussed, even anonymously.", "Material");
        await Mailbox.DispatchAsync(app);

        // Someone who has not set a password yet cannot follow a link to sign: they are invited again, the policy named.
        var invitation = Assert.Single(Mailbox.To(app, "lee.chen@example.org"), m => m.Subject == "You are still invited to PolicyPortal: set your password to sign a policy");
        Assert.Contains($"- {Title} (version 2.0)", invitation.TextBody, StringComparison.Ordinal);

        // Everyone in the policy's audience, the teacher who signed 1.0 too, since that signature no longer counts.
        var toSign = Mailbox.Read(app).Where(m => m.Subject == $"Please read and sign: {Title} (version 2.0)").ToList();
        Assert.Equal(
            [DemoAccounts.Governor.Email, DemoAccounts.Principal.Email, DemoAccounts.Support.Email, DemoAccounts.Teacher.Email],
            toSign.Select(m => m.To.Mailboxes.Single().Address).Order(StringComparer.Ordinal));
        var teachers = toSign.Single(m => m.To.Mailboxes.Single().Address == DemoAccounts.Teacher.Email);
        Assert.StartsWith("Dear Sam Taylor,\n\nThe governing body has adopted version 2.0 of Personal Use of Social Media Sites, in force from 24 November 2026.", teachers.TextBody, StringComparison.Ordinal);
        Assert.Contains($"{Portal}{SeedPolicy.Url}#sign\n", teachers.TextBody, StringComparison.Ordinal);
        Assert.All(toSign, Mailbox.AssertSentInSchoolHours);

        var principals = Mailbox.To(app, DemoAccounts.Principal.Email).Single(m => m.Subject == $"See who has signed {Title}: version 2.0 is in force");
        Assert.Contains("5 people are asked to sign it and have each been sent an email.", principals.TextBody, StringComparison.Ordinal);
        Assert.Contains($"{Portal}/compliance/{SeedPolicy.Slug}\n", principals.TextBody, StringComparison.Ordinal);
        Mailbox.AssertSentInSchoolHours(principals);

        // The link opens the page with the sign form for the new version.
        Assert.Contains("Sign version 2.0", await teacher.GetStringAsync(SeedPolicy.Url), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Adopting_a_minor_change_asks_nobody_to_sign_again_and_tells_the_principal_so()
    {
        await AdoptChangeAsync(app, MinorBody, "Plainer wording in the purpose.", "Minor");
        await Mailbox.DispatchAsync(app);

        Assert.DoesNotContain(Mailbox.Read(app), m => m.Subject!.StartsWith("Please read and sign", StringComparison.Ordinal));
        var principals = Mailbox.To(app, DemoAccounts.Principal.Email).Single(m => m.Subject == $"For information: version 1.1 of {Title} is in force");
        Assert.Contains("It is a minor change, so signatures of the version before still count and nobody is asked to sign again.", principals.TextBody, StringComparison.Ordinal);
        Mailbox.AssertSentInSchoolHours(principals);
    }

    [Fact]
    public async Task An_adoption_refused_for_its_date_emails_nobody()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var governor = await app.SignedInAsync(DemoAccounts.Governor);
        await StartDraftAsync(principal);
        await SaveDraftAsync(principal, MaterialBody, "Students are never discussed, even anonymously.", "Material");
        await SubmitAsync(principal);
        await Mailbox.DispatchAsync(app);
        var before = Mailbox.Read(app).Count;

        var refused = await AdoptAsync(governor, meetingDate: "2026-12-01", effectiveFrom: "2026-12-01");
        await Mailbox.DispatchAsync(app);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(before, Mailbox.Read(app).Count);
    }

    private async Task AddLeaverAsync(string email, string name, string role)
    {
        await app.AddPersonAsync(email, name, "Left in the summer", role);
        await app.WithDatabaseAsync(async db =>
        {
            var leaver = await db.Users.SingleAsync(u => u.Email == email);
            leaver.DeactivatedAtUtc = app.Clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync();
        });
    }
}
