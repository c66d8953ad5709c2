using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PolicyPortal.Testing;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Data.Seeding;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.FunctionalTests.People;

/// <summary>
/// The Principal, acting alone, cannot make, change or remove a governor or a Principal, their own account included: each
/// such change waits for another governor, who sees it on Changes to confirm, and nothing of it happens until then.
/// </summary>
public sealed class GovernorSafeguardTests(PortalApplication app) : IClassFixture<PortalApplication>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("name")]
    [InlineData("email")]
    [InlineData("roles")]
    public async Task The_principal_cannot_rename_themself_or_change_their_own_email_or_roles_alone(string change)
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var ownUrl = await PeopleSteps.PersonUrlAsync(app, DemoAccounts.Principal.Email);
        var before = await AccountAsync(DemoAccounts.Principal.Email);

        var edited = await EditAsync(principal, ownUrl, change switch
        {
            "name" => new() { ["FullName"] = "Alexandra Morgan" },
            "email" => new() { ["Email"] = "alex.morgan@example.org" },
            _ => new() { ["Roles"] = $"{Roles.Governor},{Roles.Principal}" },
        });

        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        Assert.Equal(before, await AccountAsync(DemoAccounts.Principal.Email));
        var page = WebUtility.HtmlDecode(await principal.GetStringAsync(ownUrl));
        Assert.Contains("Nothing has changed yet: a governor must confirm", page, StringComparison.Ordinal);
        Assert.Contains("Waiting for a governor: Change Alex Morgan's account", page, StringComparison.Ordinal);
        Assert.Contains(change switch { "name" => "<td>Alexandra Morgan</td>", "email" => "<td>alex.morgan@example.org</td>", _ => "<td>Governor, Principal</td>" }, page, StringComparison.Ordinal);
        Assert.Contains("Withdraw this change", page, StringComparison.Ordinal);
        Assert.Equal(AccountChangeKind.Edit, (await WaitingAsync()).Single().Kind);

        // No link to confirm a new address goes anywhere before a governor confirms.
        Assert.DoesNotContain(await PeopleSteps.SendEmailsAsync(app), m => m.To.Mailboxes.Single().Address != DemoAccounts.Governor.Email);
    }

    [Theory]
    [InlineData("leave")]
    [InlineData("role")]
    [InlineData("email")]
    public async Task The_principal_cannot_mark_a_governor_as_left_take_their_role_or_change_their_email_alone(string change)
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var governorUrl = await PeopleSteps.PersonUrlAsync(app, DemoAccounts.Governor.Email);
        var before = await AccountAsync(DemoAccounts.Governor.Email);

        var response = change == "leave"
            ? await PeopleSteps.MarkAsLeftAsync(principal, governorUrl)
            : await EditAsync(principal, governorUrl, change == "role" ? new() { ["Roles"] = Roles.Staff } : new() { ["Email"] = "principal.friend@example.org" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(before, await AccountAsync(DemoAccounts.Governor.Email));
        var waiting = Assert.Single(await WaitingAsync());
        Assert.Equal(change == "leave" ? AccountChangeKind.MarkAsLeft : AccountChangeKind.Edit, waiting.Kind);
        Assert.Contains(change == "leave" ? "They have not left yet" : "Nothing has changed yet", WebUtility.HtmlDecode(await principal.GetStringAsync(governorUrl)), StringComparison.Ordinal);

        // The governor can still sign in, and their old sessions go on.
        app.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(HttpStatusCode.OK, (await (await app.SignedInAsync(DemoAccounts.Governor)).GetAsync("/")).StatusCode);
    }

    [Theory]
    [InlineData(Roles.Governor)]
    [InlineData(Roles.Principal)]
    public async Task Adding_a_governor_or_a_principal_makes_no_account_and_sends_no_invitation_until_a_governor_confirms(string role)
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);

        var added = await PeopleSteps.AddAsync(principal, "Kim Lowe", "kim.lowe@example.org", "", role);

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal("/people", added.Headers.Location!.OriginalString);
        var list = WebUtility.HtmlDecode(await principal.GetStringAsync("/people"));
        Assert.Contains($"Nothing is added yet: a governor must confirm adding Kim Lowe as {role}, and the invitation goes to kim.lowe@example.org only then.", list, StringComparison.Ordinal);
        Assert.Contains($"<h3 id=\"waiting-{await PeopleSteps.WaitingChangeAsync(app)}\">Add Kim Lowe as {role}</h3>", list, StringComparison.Ordinal);
        Assert.False(await app.WithDatabaseAsync(db => db.Users.AnyAsync(u => u.Email == "kim.lowe@example.org")));
        var emails = await PeopleSteps.SendEmailsAsync(app);
        var told = Assert.Single(emails);
        Assert.Equal(DemoAccounts.Governor.Email, told.To.Mailboxes.Single().Address);
        Assert.Equal($"PolicyPortal: adding Kim Lowe as {role} waits for a governor", told.Subject);
        Assert.Contains($"Alex Morgan has asked for this change:\n\n- Add Kim Lowe (kim.lowe@example.org) as {role}.", told.TextBody, StringComparison.Ordinal);
        Assert.Contains("https://portal.school.example/governors/changes", told.TextBody, StringComparison.Ordinal);

        // Giving a member of staff the role waits as well.
        var teacherUrl = await PeopleSteps.PersonUrlAsync(app, DemoAccounts.Teacher.Email);
        Assert.Equal(HttpStatusCode.Redirect, (await EditAsync(principal, teacherUrl, new() { ["Roles"] = $"{Roles.Staff},{role}" })).StatusCode);
        Assert.Equal([Roles.Staff], await RolesOfAsync(DemoAccounts.Teacher.Email));
        Assert.Equal(2, (await WaitingAsync()).Count);
    }

    [Fact]
    public async Task A_governor_confirms_an_addition_which_is_then_made_and_invited_with_every_governor_told_and_the_audit_showing_each_step()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var second = await app.AddPersonAsync("sam.okafor@example.org", "Sam Okafor", "Chair of governors", Roles.Governor);
        await PeopleSteps.AddAsync(principal, "Kim Lowe", "kim.lowe@example.org", "Parent governor", Roles.Governor);
        var askedAt = app.Clock.GetUtcNow().UtcDateTime;
        Assert.Equal([DemoAccounts.Governor.Email, second.Email], (await PeopleSteps.SendEmailsAsync(app)).Select(m => m.To.Mailboxes.Single().Address).Order(StringComparer.Ordinal));
        app.Clock.Advance(TimeSpan.FromHours(2));

        var governor = await app.SignedInAsync(DemoAccounts.Governor);
        var home = WebUtility.HtmlDecode(await governor.GetStringAsync("/"));
        var list = WebUtility.HtmlDecode(await governor.GetStringAsync("/governors/changes"));
        var id = await PeopleSteps.WaitingChangeAsync(app);
        var confirmed = await PeopleSteps.ConfirmChangeAsync(governor, id);

        Assert.Contains("1 change to governors' or Principals' accounts to confirm", home, StringComparison.Ordinal);
        Assert.Contains("Changes to confirm <span", home, StringComparison.Ordinal);
        Assert.Contains("Add Kim Lowe as Governor", list, StringComparison.Ordinal);
        Assert.Contains("Asked for by Alex Morgan on 24 November 2026 at 09:30.", list, StringComparison.Ordinal);
        Assert.Contains("<td>Parent governor</td>", list, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Contains("Confirmed and made: Add Kim Lowe (kim.lowe@example.org) as Governor.", WebUtility.HtmlDecode(await governor.GetStringAsync("/governors/changes")), StringComparison.Ordinal);

        // Confirmed once: the same again is refused with the reason, and makes nothing twice.
        var confirmedAgain = await PeopleSteps.ConfirmChangeAsync(governor, id);
        Assert.Equal(HttpStatusCode.Conflict, confirmedAgain.StatusCode);
        Assert.Contains("This change was confirmed by Robin Hughes already: nothing more can be done with it.", await confirmedAgain.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var kim = await app.WithDatabaseAsync(db => db.Users.SingleAsync(u => u.Email == "kim.lowe@example.org"));
        Assert.Equal(("Kim Lowe", "Parent governor"), (kim.FullName, kim.JobTitle));
        Assert.Equal([Roles.Governor], await RolesOfAsync(kim.Email!));

        // The invitation now, in Alex Morgan's name; both governors and the Principal told of the decision.
        var emails = await PeopleSteps.SendEmailsAsync(app);
        var invitation = Assert.Single(emails, m => m.To.Mailboxes.Single().Address == "kim.lowe@example.org");
        Assert.Contains("Alex Morgan has added you to PolicyPortal", invitation.TextBody, StringComparison.Ordinal);
        var decided = emails.Where(m => m.Subject == "PolicyPortal: Robin Hughes confirmed adding Kim Lowe as Governor").Select(m => m.To.Mailboxes.Single().Address).Order(StringComparer.Ordinal);
        Assert.Equal([DemoAccounts.Governor.Email, DemoAccounts.Principal.Email, second.Email], decided);

        // Kim's trail starts with the asking, when it was asked for; the audit page shows each step and who took it.
        var trail = await app.WithDatabaseAsync(db => db.AccountEvents.Where(e => e.SubjectUserId == kim.Id).OrderBy(e => e.AtUtc).ThenBy(e => e.Id).Select(e => new { e.Kind, e.ActorName, e.AtUtc }).ToListAsync());
        Assert.Equal((AccountEventKind.ChangeAsked, "Alex Morgan", askedAt), (trail[0].Kind, trail[0].ActorName, trail[0].AtUtc));
        Assert.Contains(trail, e => e.Kind == AccountEventKind.ChangeConfirmed && e.ActorName == "Robin Hughes");
        Assert.Contains(trail, e => e.Kind == AccountEventKind.Added && e.ActorName == "Alex Morgan");
        var audit = WebUtility.HtmlDecode(await (await app.SignedInAsync(DemoAccounts.Principal)).GetStringAsync("/people/audit"));
        Assert.Matches(@">Kim Lowe</a></th>\s*<td>Change confirmed by a governor</td>\s*<td>Robin Hughes</td>\s*<td>Confirmed the change Alex Morgan asked for on 24 November 2026 at 09:30: Add Kim Lowe", audit);
    }

    [Fact]
    public async Task A_governor_cannot_decide_a_change_they_asked_for_or_one_about_themselves()
    {
        // The Principal is also a governor here; Robin Hughes is the change's subject.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            await users.AddToRoleAsync((await users.FindByEmailAsync(DemoAccounts.Principal.Email))!, Roles.Governor);
        }

        var principal = await app.SignedInThroughTheFormAsync(DemoAccounts.Principal);
        await EditAsync(principal, await PeopleSteps.PersonUrlAsync(app, DemoAccounts.Governor.Email), new() { ["FullName"] = "Robin Hughes-Smith" });
        var id = await PeopleSteps.WaitingChangeAsync(app);
        var governor = await app.SignedInAsync(DemoAccounts.Governor);

        var asker = await PeopleSteps.ConfirmChangeAsync(principal, id);
        var subject = await PeopleSteps.ConfirmChangeAsync(governor, id);
        var subjectDeclines = await PeopleSteps.DeclineChangeAsync(governor, id);

        Assert.Equal(HttpStatusCode.Conflict, asker.StatusCode);
        Assert.Contains("You asked for this change, so another governor confirms or declines it.", WebUtility.HtmlDecode(await asker.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, subject.StatusCode);
        Assert.Contains("This change is to your own account, so another governor confirms or declines it.", WebUtility.HtmlDecode(await subject.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, subjectDeclines.StatusCode);
        Assert.Equal("Robin Hughes", (await AccountAsync(DemoAccounts.Governor.Email))!.FullName);
        Assert.Equal(AccountChangeStatus.Waiting, (await WaitingAsync()).Single().Status);

        // Neither is offered the buttons, nor counted it on their to-do list.
        var page = WebUtility.HtmlDecode(await governor.GetStringAsync("/governors/changes"));
        Assert.DoesNotContain(">Confirm<", page, StringComparison.Ordinal);
        Assert.DoesNotContain("to governors' or Principals' accounts to confirm", WebUtility.HtmlDecode(await governor.GetStringAsync("/")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_decided_change_cannot_be_decided_again_or_withdrawn_and_says_why()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var supportUrl = await PeopleSteps.PersonUrlAsync(app, DemoAccounts.Support.Email);
        await EditAsync(principal, supportUrl, new() { ["Roles"] = $"{Roles.Staff},{Roles.Governor}" });
        var id = await PeopleSteps.WaitingChangeAsync(app);
        var governor = await app.SignedInAsync(DemoAccounts.Governor);
        var listPage = await principal.GetStringAsync("/people");

        var declined = await PeopleSteps.DeclineChangeAsync(governor, id);
        var again = await PeopleSteps.ConfirmChangeAsync(governor, id);
        var withdrawn = await principal.PostAsync($"/people/changes/{id}/withdraw", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = PortalClient.AntiforgeryToken(listPage) }));

        Assert.Equal(HttpStatusCode.Redirect, declined.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("This change was declined by Robin Hughes already: nothing more can be done with it.", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, withdrawn.StatusCode);
        Assert.Contains("This change was declined by Robin Hughes already", await withdrawn.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal([Roles.Staff], await RolesOfAsync(DemoAccounts.Support.Email));
        Assert.Contains(await PeopleSteps.SendEmailsAsync(app), m => m.To.Mailboxes.Single().Address == DemoAccounts.Principal.Email && m.Subject == "PolicyPortal: Robin Hughes declined a change to Jo Patel's account");
        Assert.Contains("Change declined by a governor", await principal.GetStringAsync(supportUrl), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_principal_withdraws_a_waiting_change_and_nothing_of_it_is_made()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        await PeopleSteps.AddAsync(principal, "Kim Lowe", "kim.lowe@example.org", "", Roles.Governor);
        var id = await PeopleSteps.WaitingChangeAsync(app);

        var withdrawn = await principal.PostFormAsync("/people", $"/people/changes/{id}/withdraw", []);

        Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        var list = WebUtility.HtmlDecode(await principal.GetStringAsync("/people"));
        Assert.Contains("Withdrawn: Add Kim Lowe (kim.lowe@example.org) as Governor. Nothing of it was made.", list, StringComparison.Ordinal);
        Assert.DoesNotContain("Waiting for a governor", list, StringComparison.Ordinal);
        Assert.Contains("There is nothing to confirm.", await (await app.SignedInAsync(DemoAccounts.Governor)).GetStringAsync("/governors/changes"), StringComparison.Ordinal);
        Assert.False(await app.WithDatabaseAsync(db => db.Users.AnyAsync(u => u.Email == "kim.lowe@example.org")));

        // The audit shows the addition asked for and withdrawn, though no account was made.
        var audit = WebUtility.HtmlDecode(await principal.GetStringAsync("/people/audit"));
        Assert.Matches(@"Kim Lowe <span class=""muted"">\(not added\)</span></th>\s*<td>Change withdrawn</td>\s*<td>Alex Morgan</td>", audit);
        Assert.Matches(@"Kim Lowe <span class=""muted"">\(not added\)</span></th>\s*<td>Change asked, waiting for a governor</td>", audit);
    }

    [Fact]
    public async Task Nothing_else_about_a_person_changes_while_the_governor_role_asked_for_them_waits_so_the_role_reaches_the_account_the_governors_saw()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var teacherUrl = await PeopleSteps.PersonUrlAsync(app, DemoAccounts.Teacher.Email);
        Assert.Equal(HttpStatusCode.Redirect, (await EditAsync(principal, teacherUrl, new() { ["Roles"] = $"{Roles.Staff},{Roles.Governor}" })).StatusCode);

        // The attack: the teacher's address moved to one the Principal reads, before a governor confirms the role.
        var moved = await EditAsync(principal, teacherUrl, new() { ["Email"] = "principal.friend@example.org" });
        var left = await PeopleSteps.MarkAsLeftAsync(principal, teacherUrl);

        Assert.Equal(HttpStatusCode.Conflict, moved.StatusCode);
        Assert.Contains($"A change to {DemoAccounts.Teacher.FullName}'s account already waits for a governor, as Alex Morgan asked. Nothing else about them changes", WebUtility.HtmlDecode(await moved.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, left.StatusCode);
        Assert.True((await AccountAsync(DemoAccounts.Teacher.Email))!.IsActive);

        // The governor sees whose address the role would reach, and confirms it for that account.
        var governor = await app.SignedInAsync(DemoAccounts.Governor);
        Assert.Contains($"<tr><th scope=\"row\">Email address</th><td>{DemoAccounts.Teacher.Email}</td><td>{DemoAccounts.Teacher.Email}</td></tr>", await governor.GetStringAsync("/governors/changes"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await PeopleSteps.ConfirmChangeAsync(governor, await PeopleSteps.WaitingChangeAsync(app))).StatusCode);
        Assert.Equal([Roles.Staff, Roles.Governor], await RolesOfAsync(DemoAccounts.Teacher.Email));
    }

    [Fact]
    public async Task A_principal_cannot_withdraw_a_change_to_their_own_account_that_another_asked_for_and_a_withdrawal_is_told_to_the_governors()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var deputy = await app.SignedInAsync(await app.AddPersonAsync("sam.hale@example.org", "Sam Hale", "Co-principal", Roles.Principal));
        var deputyUrl = await PeopleSteps.PersonUrlAsync(app, "sam.hale@example.org");
        Assert.Equal(HttpStatusCode.Redirect, (await PeopleSteps.MarkAsLeftAsync(principal, deputyUrl)).StatusCode);
        var id = await PeopleSteps.WaitingChangeAsync(app);

        var refused = await deputy.PostFormAsync(deputyUrl, $"/people/changes/{id}/withdraw", []);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("Alex Morgan asked for this change to your account, so only they can withdraw it, or a governor decline it.", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(AccountChangeStatus.Waiting, (await WaitingAsync()).Single().Status);

        Assert.Equal(HttpStatusCode.Redirect, (await principal.PostFormAsync(deputyUrl, $"/people/changes/{id}/withdraw", [])).StatusCode);
        var told = Assert.Single(await PeopleSteps.SendEmailsAsync(app), m => m.Subject == "PolicyPortal: Alex Morgan withdrew marking Sam Hale as left");
        Assert.Equal(DemoAccounts.Governor.Email, told.To.Mailboxes.Single().Address);
    }

    [Fact]
    public async Task A_change_that_can_no_longer_be_made_is_refused_with_the_reason_and_nothing_is_half_saved()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        await PeopleSteps.AddAsync(principal, "Kim Lowe", "kim.lowe@example.org", "", Roles.Governor);
        await app.AddPersonAsync("kim.lowe@example.org", "Kim Lowe", "Cover supervisor", Roles.Staff);
        var governor = await app.SignedInAsync(DemoAccounts.Governor);

        var refused = await PeopleSteps.ConfirmChangeAsync(governor, await PeopleSteps.WaitingChangeAsync(app));

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("This change can no longer be made as it was asked for: kim.lowe@example.org already has an account.", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(AccountChangeStatus.Waiting, (await WaitingAsync()).Single().Status);
        Assert.Equal(1, await app.WithDatabaseAsync(db => db.Users.CountAsync(u => u.Email == "kim.lowe@example.org")));
        Assert.Equal([Roles.Staff], await RolesOfAsync("kim.lowe@example.org"));
        Assert.Equal(0, await app.WithDatabaseAsync(db => db.AccountEvents.CountAsync(e => e.Kind == AccountEventKind.ChangeConfirmed)));
    }

    [Fact]
    public async Task An_import_asks_a_governor_for_its_governor_rows_and_staff_governors_not_in_the_file_and_invites_them_only_once_one_confirms()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            await users.AddToRoleAsync((await users.FindByEmailAsync(DemoAccounts.Support.Email))!, Roles.Governor);
        }

        const string Csv = "Name,Email,Role\r\nLee Chen,lee.chen@example.org,Teacher\r\nBea Lund,bea.lund@example.org,Governor\r\nSam Taylor,teacher@example.org,Teacher\r\n";
        var preview = await (await PeopleSteps.UploadAsync(principal, Csv)).Content.ReadAsStringAsync();
        var applied = await principal.PostAsync("/people/import/apply", new StringContent(await PeopleSteps.PreviewForm(preview).ReadAsStringAsync() + "&MarkMissingAsLeft=true", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Contains("Waits for a governor: added as Governor and sent an invitation once one confirms", WebUtility.HtmlDecode(preview), StringComparison.Ordinal);
        Assert.Contains("of these, 1 is a governor, who leaves only when a governor confirms it", preview, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, applied.StatusCode);
        Assert.Contains("Imported: 1 person added, each sent an invitation; 0 people updated; nobody marked as left. 2 changes to governors or Principals wait for a governor's confirmation", WebUtility.HtmlDecode(await principal.GetStringAsync("/people")), StringComparison.Ordinal);
        Assert.Null(await AccountAsync("bea.lund@example.org"));
        Assert.True((await AccountAsync(DemoAccounts.Support.Email))!.IsActive);
        Assert.Equal([AccountChangeKind.MarkAsLeft, AccountChangeKind.Add], (await WaitingAsync()).Select(c => c.Kind));
        var emails = await PeopleSteps.SendEmailsAsync(app);
        Assert.DoesNotContain(emails, m => m.To.Mailboxes.Single().Address == "bea.lund@example.org");
        Assert.Equal("PolicyPortal: 2 changes to accounts wait for a governor", Assert.Single(emails, m => m.To.Mailboxes.Single().Address == DemoAccounts.Governor.Email).Subject);

        var governor = await app.SignedInAsync(DemoAccounts.Governor);
        var bea = (await WaitingAsync()).Single(c => c.Kind == AccountChangeKind.Add).Id;
        Assert.Equal(HttpStatusCode.Redirect, (await PeopleSteps.ConfirmChangeAsync(governor, bea)).StatusCode);

        // An import's invitation waits for school hours, as the others do.
        Assert.Contains(await app.WithDatabaseAsync(db => db.OutboxMessages.Where(m => m.ToAddress == "bea.lund@example.org").Select(m => new { m.Subject, m.AtAnyHour }).ToListAsync()), m => m.Subject.Contains("invited", StringComparison.Ordinal) && !m.AtAnyHour);
        Assert.Equal([Roles.Governor], await RolesOfAsync("bea.lund@example.org"));
    }

    /// <summary>What would show that an account changed: a change of roles renews the security stamp.</summary>
    private sealed record Account(string FullName, string Email, bool IsActive, string? SecurityStamp, string? ConcurrencyStamp);

    private Task<Account?> AccountAsync(string email) =>
        app.WithDatabaseAsync(db => db.Users
            .Where(u => u.Email == email)
            .Select(u => new Account(u.FullName, u.Email!, u.DeactivatedAtUtc == null, u.SecurityStamp, u.ConcurrencyStamp))
            .SingleOrDefaultAsync());

    private Task<List<AccountChange>> WaitingAsync() =>
        app.WithDatabaseAsync(db => db.AccountChanges.Where(c => c.Status == AccountChangeStatus.Waiting).OrderBy(c => c.Id).ToListAsync());

    private async Task<string[]> RolesOfAsync(string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        // In the portal's order of roles: Identity's comes from the database, in no order.
        var roles = await users.GetRolesAsync((await users.FindByEmailAsync(email))!);
        return [.. Roles.All.Where(roles.Contains)];
    }

    /// <summary>The edit form as it opens, with <paramref name="changes"/> typed over it; several roles separated by commas.</summary>
    private static async Task<HttpResponseMessage> EditAsync(HttpClient principal, string personUrl, Dictionary<string, string> changes)
    {
        var page = await principal.GetStringAsync($"{personUrl}/edit");
        var roles = changes.TryGetValue("Roles", out var chosen)
            ? chosen.Split(',')
            : Roles.All.Where(r => page.Contains($"id=\"Roles-{r}\" name=\"Roles\" value=\"{r}\" checked", StringComparison.Ordinal)).ToArray();
        string Field(string name) => changes.GetValueOrDefault(name) ?? PortalClient.HiddenValue(page, name);
        return await principal.PostAsync($"{personUrl}/edit", new FormUrlEncodedContent([
            new("__RequestVerificationToken", PortalClient.AntiforgeryToken(page)),
            new("ConcurrencyStamp", PortalClient.HiddenValue(page, "ConcurrencyStamp")),
            new("FullName", Field("FullName")),
            new("Email", Field("Email")),
            new("JobTitle", Field("JobTitle")),
            .. roles.Select(r => new KeyValuePair<string, string>("Roles", r)),
        ]));
    }
}
