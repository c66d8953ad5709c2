using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PolicyPortal.FunctionalTests.Lifecycle;
using PolicyPortal.FunctionalTests.Signing;
using PolicyPortal.Testing;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Data;
using PolicyPortal.Web.Data.Seeding;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Services;

namespace PolicyPortal.FunctionalTests.Compliance;

public sealed class ComplianceTests(PortalApplication app) : IClassFixture<PortalApplication>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_dashboard_counts_signed_and_outstanding_staff_and_governors()
    {
        await SigningForm.SignAsync(await app.SignedInAsync(DemoAccounts.Teacher), "Sam Taylor");
        await SigningForm.SignAsync(await app.SignedInAsync(DemoAccounts.Governor), "Robin Hughes");
        var principal = await app.SignedInAsync(DemoAccounts.Principal);

        var page = await principal.GetStringAsync("/compliance");

        // Staff in scope: the teacher, the teaching assistant and the Principal; one governor.
        Assert.Contains("<td>1 of 3 (33%)</td>", page, StringComparison.Ordinal);
        Assert.Contains("<td>1 of 1 (100%)</td>", page, StringComparison.Ordinal);
        Assert.Contains("<td>2 of 4 (50%)</td>", page, StringComparison.Ordinal);
        Assert.Contains("role=\"img\" aria-labelledby=\"chart-title\"", page, StringComparison.Ordinal);
        Assert.Contains(">50%</text>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_outstanding_list_names_who_has_not_signed_and_filters_by_role()
    {
        await SigningForm.SignAsync(await app.SignedInAsync(DemoAccounts.Teacher), "Sam Taylor");
        var governor = await app.SignedInAsync(DemoAccounts.Governor);

        var all = await governor.GetStringAsync(SeedUrl);
        var staffOnly = await governor.GetStringAsync(SeedUrl + "?role=Staff");

        Assert.Contains("<th scope=\"row\">Jo Patel</th>", all, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">Robin Hughes</th>", all, StringComparison.Ordinal);
        Assert.DoesNotContain("<th scope=\"row\">Sam Taylor</th><td>", all, StringComparison.Ordinal);
        // With no groups yet there is nothing to break the figures down by.
        Assert.DoesNotContain("By group", all, StringComparison.Ordinal);
        Assert.DoesNotContain("Robin Hughes</th>", staffOnly, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">Jo Patel</th>", staffOnly, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_principal_and_governors_see_compliance()
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);

        Assert.Equal(HttpStatusCode.Forbidden, (await teacher.GetAsync("/compliance")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await teacher.GetAsync(SeedUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await teacher.GetAsync(SeedUrl + "/sign-off.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.SignedInAsync(DemoAccounts.Principal)).GetAsync("/compliance/no-such-policy")).StatusCode);
    }

    [Fact]
    public async Task The_csv_has_everyone_in_scope_with_hashes_and_no_cell_can_run_as_a_formula()
    {
        await app.AddPersonAsync("formula@example.org", "=HYPERLINK(\"http://evil.example\",\"Click\")", "+SUM(A1:A9)", Roles.Staff);
        await app.AddPersonAsync("at@example.org", "@SUM(1,2)", "-2+3", Roles.Staff);
        await SigningForm.SignAsync(await app.SignedInAsync(DemoAccounts.Teacher), "Sam Taylor");
        var principal = await app.SignedInAsync(DemoAccounts.Principal);

        var response = await principal.GetAsync(SeedUrl + "/sign-off.csv");
        var csv = (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF');
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.True(response.Headers.CacheControl!.NoStore, "The sign-off list must not be kept in a cache.");
        Assert.Equal("Name,Email,Role,Job title,Signed at (UTC),Version signed,Text SHA-256", lines[0]);
        Assert.Equal(7, lines.Length);
        Assert.Contains($"Sam Taylor,teacher@example.org,Staff,Teacher of Geography,2026-11-24 09:30:00,1.0,{PolicyRevision.HashOf(SeedPolicy.Document.Body)}", lines);
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Click\"\")\",formula@example.org,Staff,'+SUM(A1:A9),,,", lines);
        Assert.Contains("\"'@SUM(1,2)\",at@example.org,Staff,'-2+3,,,", lines);
        Assert.All(lines.Skip(1), line => Assert.DoesNotMatch("(^|,)[=+\\-@]", line));
    }

    [Fact]
    public async Task After_a_material_change_earlier_signatures_no_longer_count()
    {
        await SigningForm.SignAsync(await app.SignedInAsync(DemoAccounts.Teacher), "Sam Taylor");
        await LifecycleSteps.AdoptChangeAsync(app, SeedPolicy.Document.Body + "\n\nA new rule.", "A new rule.", "Material");

        var page = await (await app.SignedInAsync(DemoAccounts.Principal)).GetStringAsync("/compliance");

        Assert.Contains("<td>0 of 4 (0%)</td>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_a_minor_change_earlier_signatures_still_count_and_people_with_two_roles_count_in_both_groups()
    {
        await app.AddPersonAsync("both@example.org", "Kim Both", "Teacher and governor", Roles.Staff);
        await app.WithDatabaseAsync(async db =>
        {
            var both = await db.Users.SingleAsync(u => u.Email == "both@example.org");
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = both.Id, RoleId = (await db.Roles.SingleAsync(r => r.Name == Roles.Governor)).Id });
            await db.SaveChangesAsync();
        });
        await SigningForm.SignAsync(await app.SignedInAsync(DemoAccounts.Teacher), "Sam Taylor");
        await SigningForm.SignAsync(await app.SignedInAsync("both@example.org", DemoAccounts.Password), "Kim Both");
        await LifecycleSteps.AdoptChangeAsync(app, SeedPolicy.Document.Body + "\n\nA clearer sentence.", "Wording made clearer.", "Minor");
        await SigningForm.SignAsync(await app.SignedInAsync(DemoAccounts.Support), "Jo Patel");

        var page = await (await app.SignedInAsync(DemoAccounts.Principal)).GetStringAsync("/compliance");

        // Staff: Principal, teacher, teaching assistant, Kim; governors: Robin and Kim. Kim's one signature counts in both.
        Assert.Contains("<td>3 of 4 (75%)</td>", page, StringComparison.Ordinal);
        Assert.Contains("<td>1 of 2 (50%)</td>", page, StringComparison.Ordinal);
        Assert.Contains("<td>3 of 5 (60%)</td>", page, StringComparison.Ordinal); // five people, Kim once
    }

    [Fact]
    public async Task A_long_outstanding_list_comes_two_hundred_to_a_page_in_name_order()
    {
        await app.WithDatabaseAsync(async db =>
        {
            var staff = await db.Roles.SingleAsync(r => r.Name == Roles.Staff);
            for (var n = 1; n <= 201; n++)
            {
                var user = new PortalUser { UserName = $"p{n}@example.org", Email = $"p{n}@example.org", FullName = $"Person {n:D3}", JobTitle = "Teacher" };
                db.Users.Add(user);
                db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = staff.Id });
            }

            await db.SaveChangesAsync();
        });
        var principal = await app.SignedInAsync(DemoAccounts.Principal);

        var first = await principal.GetStringAsync(SeedUrl);
        var second = await principal.GetStringAsync(SeedUrl + "?role=&group=&page=2");
        var beyond = await principal.GetStringAsync(SeedUrl + "?page=99");

        // 205 outstanding: the 201 added, the Principal, the teacher, the teaching assistant and the governor.
        Assert.Contains("Showing 1 to 200 of 205.", first, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">Alex Morgan</th>", first, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">Person 198</th>", first, StringComparison.Ordinal);
        Assert.DoesNotContain("<th scope=\"row\">Person 199</th>", first, StringComparison.Ordinal);
        Assert.Contains("Showing 201 to 205 of 205.", second, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">Person 199</th>", second, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">Sam Taylor</th>", second, StringComparison.Ordinal);
        Assert.Contains("Previous page", second, StringComparison.Ordinal);
        Assert.Contains("Showing 201 to 205 of 205.", beyond, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_evidence_pack_holds_the_text_and_its_hash_the_adoption_record_the_sign_off_list_and_the_reminders()
    {
        await SigningForm.SignAsync(await app.SignedInAsync(DemoAccounts.Teacher), "Sam Taylor");
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        await principal.PostFormAsync(SeedUrl, SeedUrl + "/remind", []);
        var governor = await app.SignedInAsync(DemoAccounts.Governor);

        var pack = await governor.GetStringAsync(SeedUrl + "/evidence");
        var staffAsk = await (await app.SignedInAsync(DemoAccounts.Support)).GetAsync(SeedUrl + "/evidence");
        var unknownVersion = await governor.GetAsync(SeedUrl + "/evidence?version=9.9");

        Assert.Contains(PolicyRevision.HashOf(SeedPolicy.Document.Body), pack, StringComparison.Ordinal);
        Assert.Contains("Application of this Policy to Academy Governors", pack, StringComparison.Ordinal);
        Assert.Contains("<dd>Governing Body of King Edward VII Science and Sport College</dd>", pack, StringComparison.Ordinal);
        Assert.Contains("<dd>J.T. Kailofer</dd>", pack, StringComparison.Ordinal);
        Assert.Contains("<strong>1 of 4</strong> people now in scope have signed (25%); 3 outstanding.", pack, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">Sam Taylor</th><td>teacher@example.org</td><td>Staff</td><td>Teacher of Geography</td><td>24 November 2026 at 09:30</td><td>1.0</td>", pack, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">24 November 2026</th><td>Sent by Alex Morgan</td><td>3</td>", pack, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, staffAsk.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownVersion.StatusCode);
    }

    [Fact]
    public async Task The_trust_data_generator_makes_a_database_the_portal_counts_correctly()
    {
        var directory = Directory.CreateTempSubdirectory("policyportal-generator-");
        try
        {
            var path = Path.Combine(directory.FullName, "trust.db");
            var summary = await TrustData.GenerateAsync(path, new TrustSize(People: 201, Policies: 3, SignedShare: 0.5));
            await using var db = new SqlitePortalDbContext(new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite($"Data Source={path}").Options);
            var services = new Web.Services.Compliance(db);

            var dashboard = await services.DashboardAsync();

            Assert.Equal(3, dashboard.Count);
            Assert.Equal(summary.Signatures, dashboard.Sum(p => p.All.Signed));
            Assert.All(dashboard, p => Assert.Equal(201 - summary.Governors, p.Staff.InScope));
            Assert.Equal(summary.Governors, dashboard.Single(p => p.Slug == SeedPolicy.Slug).Governors.InScope);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_csv_read_a_few_hundred_people_at_a_time_lists_the_evidence_packs_people_in_the_same_order()
    {
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("en-GB");
        var directory = Directory.CreateTempSubdirectory("policyportal-export-");
        try
        {
            var path = Path.Combine(directory.FullName, "trust.db");
            await TrustData.GenerateAsync(path, new TrustSize(People: 1300, Policies: 2, SignedShare: 0.5));
            await using var db = new SqlitePortalDbContext(new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite($"Data Source={path}").Options);
            await Rename(db, 1200, "Émile Zola");
            await Rename(db, 1201, "Sam Smith");
            await Rename(db, 5, "Sam Smith");
            await db.Users.Where(u => u.Email!.StartsWith("person1") && u.Email.Length == "person1x@trust.example".Length)
                .ExecuteUpdateAsync(u => u.SetProperty(p => p.DeactivatedAtUtc, new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc)));
            var services = new Web.Services.Compliance(db);

            var export = await services.ExportAsync(SeedPolicy.Slug);
            var rows = new List<PersonSignOff>();
            await foreach (var row in export!.People)
            {
                rows.Add(row);
            }

            var evidence = await services.SignOffAsync(SeedPolicy.Slug);

            Assert.True(rows.Count > 2 * Web.Services.Compliance.ExportChunk, $"Only {rows.Count} rows: the export was read in one go.");
            Assert.Equal(evidence!.People, rows);
            Assert.Contains(rows, r => r.Signed);
            Assert.Contains(rows, r => !r.Signed);
            Assert.DoesNotContain(rows, r => r.Email == "person12@trust.example"); // a leaver
            Assert.Equal(rows.Select(r => r.Name).Order(StringComparer.Create(CultureInfo.CurrentCulture, ignoreCase: false)), rows.Select(r => r.Name));
            Assert.True(rows.FindIndex(r => r.Name == "Émile Zola") < rows.FindIndex(r => r.Name.StartsWith('F')), "Names are in the order people expect, not by character code.");
            Assert.Equal(["person5@trust.example", "person1201@trust.example"], rows.Where(r => r.Name == "Sam Smith").Select(r => r.Email));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }

        static Task<int> Rename(PortalDbContext db, int person, string name) =>
            db.Users.Where(u => u.Email == $"person{person}@trust.example").ExecuteUpdateAsync(u => u.SetProperty(p => p.FullName, name));
    }

    private const string SeedUrl = "/compliance/" + SeedPolicy.Slug;
}
