using System.Net;
using Microsoft.EntityFrameworkCore;
using PolicyPortal.FunctionalTests.Signing;
using PolicyPortal.Testing;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Data.Seeding;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.FunctionalTests.People;

public sealed class GroupTests(PortalApplication app) : IClassFixture<PortalApplication>, IAsyncLifetime
{
    private const string SeedSignOff = "/compliance/" + SeedPolicy.Slug;
    private const string Safeguarding = "Safeguarding team";

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_policy_asked_of_one_group_is_asked_of_that_group_only_and_its_sign_off_is_shown_by_group()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var groupId = await AddGroupAsync(principal, Safeguarding);
        await SetGroupsAsync(principal, DemoAccounts.Support.Email, Safeguarding);
        await SetGroupsAsync(principal, DemoAccounts.Teacher.Email, "Teaching staff");

        var saved = await principal.PostAsync(SeedPolicy.Url + "/details", new FormUrlEncodedContent([
            new("__RequestVerificationToken", PortalClient.AntiforgeryToken(await principal.GetStringAsync(SeedPolicy.Url + "/details"))),
            new("Category", "School"),
            new("ReviewCycleMonths", "12"),
            new("Audience", "None"),
            new("AudienceGroups", groupId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ]));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        // Jo Patel, in the safeguarding team, is asked; Sam Taylor (staff, in another group) and the governor are not.
        var support = await app.SignedInAsync(DemoAccounts.Support);
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        Assert.Contains("1 policy to sign", await support.GetStringAsync("/"), StringComparison.Ordinal);
        Assert.DoesNotContain("policy to sign", await teacher.GetStringAsync("/"), StringComparison.Ordinal);
        Assert.Contains("You are not asked to sign this policy.", await teacher.GetStringAsync(SeedPolicy.Url), StringComparison.Ordinal);
        Assert.Contains("You are not asked to sign this policy.", await (await app.SignedInAsync(DemoAccounts.Governor)).GetStringAsync(SeedPolicy.Url), StringComparison.Ordinal);

        var before = await principal.GetStringAsync(SeedSignOff);
        Assert.Contains("<strong>0 of 1</strong> people in scope", before, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">Jo Patel</th>", before, StringComparison.Ordinal);
        Assert.DoesNotContain("<th scope=\"row\">Sam Taylor</th>", before, StringComparison.Ordinal);

        var signed = await SigningForm.SignAsync(support, DemoAccounts.Support.FullName);
        Assert.Equal(HttpStatusCode.Redirect, signed.StatusCode);

        var after = await principal.GetStringAsync(SeedSignOff);
        Assert.Contains("<h2>By group</h2>", after, StringComparison.Ordinal);
        Assert.Contains($"<th scope=\"row\">{Safeguarding}</th>\n                        <td>1 of 1 (100%)</td>", after, StringComparison.Ordinal);
        Assert.DoesNotContain("<th scope=\"row\">Teaching staff</th>", after, StringComparison.Ordinal);
        Assert.Contains("<td>1 of 1 (100%)</td>", await principal.GetStringAsync("/compliance"), StringComparison.Ordinal);
        var csv = await principal.GetStringAsync(SeedSignOff + "/sign-off.csv");
        Assert.Contains("Jo Patel", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("Sam Taylor", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_staff_policy_is_broken_down_by_group_with_those_in_no_group_apart_and_filtered_by_group()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        await SetGroupsAsync(principal, DemoAccounts.Support.Email, "Support staff");
        await SetGroupsAsync(principal, DemoAccounts.Teacher.Email, "Teaching staff");
        await SigningForm.SignAsync(await app.SignedInAsync(DemoAccounts.Teacher), DemoAccounts.Teacher.FullName);

        var page = await principal.GetStringAsync(SeedSignOff);

        Assert.Contains("<th scope=\"row\">Teaching staff</th>\n                        <td>1 of 1 (100%)</td>", page, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">Support staff</th>\n                        <td>0 of 1 (0%)</td>", page, StringComparison.Ordinal);
        // The Principal (staff) and the governor, both in no group.
        Assert.Contains("<th scope=\"row\">In no group</th>\n                        <td>0 of 2 (0%)</td>", page, StringComparison.Ordinal);
        var supportId = await app.WithDatabaseAsync(db => db.Groups.Where(g => g.Name == "Support staff").Select(g => g.Id).SingleAsync());
        var filtered = await principal.GetStringAsync($"{SeedSignOff}?group={supportId}");
        Assert.Contains("<th scope=\"row\">Jo Patel</th>", filtered, StringComparison.Ordinal);
        Assert.DoesNotContain("<th scope=\"row\">Alex Morgan</th>", filtered, StringComparison.Ordinal);
        var none = await principal.GetStringAsync($"{SeedSignOff}?group=0");
        Assert.Contains("<th scope=\"row\">Alex Morgan</th>", none, StringComparison.Ordinal);
        Assert.DoesNotContain("<th scope=\"row\">Jo Patel</th>", none, StringComparison.Ordinal);
    }

    [Fact]
    public async Task People_are_put_in_groups_on_their_form_and_the_list_filters_by_group()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var supportUrl = await PeopleSteps.PersonUrlAsync(app, DemoAccounts.Support.Email);

        await SetGroupsAsync(principal, DemoAccounts.Support.Email, "Support staff");
        var person = await principal.GetStringAsync(supportUrl);
        Assert.Contains("<dt>Groups</dt>\n    <dd>Support staff</dd>", person, StringComparison.Ordinal);
        Assert.Contains("Groups: none &#x2192; Support staff", person, StringComparison.Ordinal);

        var groupId = await app.WithDatabaseAsync(db => db.Groups.Select(g => g.Id).SingleAsync());
        var list = await principal.GetStringAsync($"/people?group={groupId}");
        Assert.Contains(">Jo Patel</a>", list, StringComparison.Ordinal);
        Assert.DoesNotContain(">Sam Taylor</a>", list, StringComparison.Ordinal);

        // A group name a spreadsheet would run is refused beside the field, with everything typed kept and nothing saved.
        var refused = await PeopleSteps.PostAsync(principal, $"{supportUrl}/edit", $"{supportUrl}/edit", [
            new("ConcurrencyStamp", PortalClient.HiddenValue(await principal.GetStringAsync($"{supportUrl}/edit"), "ConcurrencyStamp")),
            new("FullName", "Jo Patel-Smith"),
            new("JobTitle", "Teaching Assistant"),
            new("Roles", Roles.Staff),
            new("NewGroup", "=HYPERLINK(\"x\")"),
        ]);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var form = await refused.Content.ReadAsStringAsync();
        Assert.Contains("A group&#x27;s name cannot start with = &#x2B; - or @, which a spreadsheet would run as a formula.", form, StringComparison.Ordinal);
        Assert.Contains("value=\"Jo Patel-Smith\"", form, StringComparison.Ordinal);
        Assert.Contains("value=\"=HYPERLINK(&quot;x&quot;)\"", form, StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDatabaseAsync(db => db.Groups.CountAsync()));
        Assert.Equal(DemoAccounts.Support.FullName, await app.WithDatabaseAsync(db => db.Users.Where(u => u.Email == DemoAccounts.Support.Email).Select(u => u.FullName).SingleAsync()));
    }

    [Fact]
    public async Task A_group_a_policy_is_asked_of_cannot_be_removed_and_a_name_taken_is_refused()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var groupId = await AddGroupAsync(principal, Safeguarding);
        await principal.PostFormAsync(SeedPolicy.Url + "/details", SeedPolicy.Url + "/details", new()
        {
            ["Category"] = "School",
            ["ReviewCycleMonths"] = "12",
            ["Audience"] = "Staff",
            ["AudienceGroups"] = groupId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        var taken = await principal.PostFormAsync("/people/groups", "/people/groups", new() { ["Name"] = "safeguarding  TEAM" });
        Assert.Equal(HttpStatusCode.BadRequest, taken.StatusCode);
        var page = await taken.Content.ReadAsStringAsync();
        Assert.Contains("There is already a group called safeguarding TEAM.", page, StringComparison.Ordinal);
        Assert.Contains("value=\"safeguarding  TEAM\"", page, StringComparison.Ordinal);

        var removal = await principal.PostFormAsync("/people/groups", $"/people/groups/{groupId}/remove", []);
        Assert.Equal(HttpStatusCode.Conflict, removal.StatusCode);
        Assert.Contains("Personal Use of Social Media Sites is asked of Safeguarding team. Change who must sign it first.", await removal.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDatabaseAsync(db => db.Groups.CountAsync()));
    }

    [Fact]
    public async Task An_import_with_a_department_column_makes_groups_and_moves_people_between_the_groups_it_names_only()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        await SetGroupsAsync(principal, DemoAccounts.Teacher.Email, Safeguarding);

        var first = await PeopleSteps.UploadAsync(principal, """
            Preferred Forename,Legal Surname,Work Email,Staff Role,Department
            Sam,Taylor,teacher@example.org,Teacher,Humanities
            Lee,Chen,lee.chen@example.org,Teacher,Science; Humanities
            """);
        var preview = await first.Content.ReadAsStringAsync();
        Assert.Contains("The import adds 2 new groups: Humanities, Science.", preview, StringComparison.Ordinal);
        Assert.Contains($"Groups: {Safeguarding} &#x2192; {Safeguarding}, Humanities", preview, StringComparison.Ordinal);
        Assert.Contains("Added as Staff in Science, Humanities and sent an invitation", preview, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await PeopleSteps.ApplyAsync(principal, preview)).StatusCode);
        Assert.Equal(["Humanities", Safeguarding], await GroupsOfAsync(DemoAccounts.Teacher.Email));
        Assert.Equal(["Humanities", "Science"], await GroupsOfAsync("lee.chen@example.org"));

        // The next export moves Sam Taylor to Science: out of Humanities, which the file names, but still in the
        // safeguarding team, which it does not.
        var second = await PeopleSteps.UploadAsync(principal, """
            Preferred Forename,Legal Surname,Work Email,Staff Role,Department
            Sam,Taylor,teacher@example.org,Teacher,Science
            Lee,Chen,lee.chen@example.org,Teacher,Science; Humanities
            """);
        var again = await second.Content.ReadAsStringAsync();
        Assert.Contains($"Groups: Humanities, {Safeguarding} &#x2192; {Safeguarding}, Science", again, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await PeopleSteps.ApplyAsync(principal, again)).StatusCode);
        Assert.Equal(["Safeguarding team", "Science"], await GroupsOfAsync(DemoAccounts.Teacher.Email));
        Assert.Contains(
            await app.WithDatabaseAsync(db => db.AccountEvents.Where(e => e.Kind == AccountEventKind.GroupsChanged).Select(e => e.Detail).ToListAsync()),
            d => d == $"Groups: Humanities, {Safeguarding} → {Safeguarding}, Science");
    }

    private Task<List<string>> GroupsOfAsync(string email) =>
        app.WithDatabaseAsync(db => db.GroupMembers.Where(m => db.Users.Any(u => u.Id == m.UserId && u.Email == email)).Select(m => m.Group.Name).OrderBy(n => n).ToListAsync());

    private async Task<int> AddGroupAsync(HttpClient principal, string name)
    {
        var added = await principal.PostFormAsync("/people/groups", "/people/groups", new() { ["Name"] = name });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        return await app.WithDatabaseAsync(db => db.Groups.Where(g => g.Name == name).Select(g => g.Id).SingleAsync());
    }

    // Ticks the person's groups on their form, or types a new one, as the Principal would.
    private async Task SetGroupsAsync(HttpClient principal, string email, string group)
    {
        var url = await PeopleSteps.PersonUrlAsync(app, email);
        var form = await principal.GetStringAsync($"{url}/edit");
        var person = await app.WithDatabaseAsync(db => db.Users.SingleAsync(u => u.Email == email));
        var exists = form.Contains($"value=\"{group}\"", StringComparison.Ordinal);
        var updated = await principal.PostAsync($"{url}/edit", new FormUrlEncodedContent([
            new("__RequestVerificationToken", PortalClient.AntiforgeryToken(form)),
            new("ConcurrencyStamp", PortalClient.HiddenValue(form, "ConcurrencyStamp")),
            new("FullName", person.FullName),
            new("Email", email),
            new("JobTitle", person.JobTitle ?? string.Empty),
            .. (await app.WithDatabaseAsync(db => db.UserRoles.Where(r => r.UserId == person.Id).Join(db.Roles, r => r.RoleId, r => r.Id, (_, r) => r.Name!).ToListAsync()))
                .Select(r => new KeyValuePair<string, string>("Roles", r)),
            new(exists ? "Groups" : "NewGroup", group),
        ]));
        Assert.Equal(HttpStatusCode.Redirect, updated.StatusCode);
    }
}
