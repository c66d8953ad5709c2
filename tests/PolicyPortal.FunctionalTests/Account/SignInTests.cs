using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PolicyPortal.Testing;
using PolicyPortal.Web.Data.Seeding;

namespace PolicyPortal.FunctionalTests.Account;

public sealed partial class SignInTests(PortalApplication app) : IClassFixture<PortalApplication>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_wrong_password_is_refused_with_a_message()
    {
        var client = app.Anonymous();

        var response = await client.PostFormAsync("/account/sign-in", "/account/sign-in", new() { ["Email"] = DemoAccounts.Teacher.Email, ["Password"] = "not-the-password" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The email address or password is not right.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one()
    {
        var client = app.Anonymous();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await client.PostFormAsync("/account/sign-in", "/account/sign-in", new() { ["Email"] = DemoAccounts.Teacher.Email, ["Password"] = "wrong-" + attempt });
        }

        var response = await client.PostFormAsync("/account/sign-in", "/account/sign-in", new() { ["Email"] = DemoAccounts.Teacher.Email, ["Password"] = DemoAccounts.Password });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("This account is locked for 15 minutes", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Five_failures_for_an_address_with_no_account_get_the_same_locked_message_as_an_account()
    {
        var client = app.Anonymous();
        var unknown = $"nobody-{Guid.NewGuid():N}@example.org"; // Counted in the host's memory, which a reset leaves.
        var answers = new Dictionary<string, List<string>> { [DemoAccounts.Teacher.Email] = [], [unknown] = [] };
        foreach (var (email, messages) in answers)
        {
            for (var attempt = 0; attempt < 6; attempt++)
            {
                var response = await client.PostFormAsync("/account/sign-in", "/account/sign-in", new() { ["Email"] = email, ["Password"] = attempt == 5 ? DemoAccounts.Password : "wrong-" + attempt });
                Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
                messages.Add(ErrorSummary().Match(await response.Content.ReadAsStringAsync()).Value);
            }
        }

        Assert.Equal(answers[DemoAccounts.Teacher.Email], answers[unknown]);
        Assert.Contains("The email address or password is not right.", answers[unknown][3], StringComparison.Ordinal);
        Assert.Contains("This account is locked for 15 minutes", answers[unknown][4], StringComparison.Ordinal);
        Assert.Contains("This account is locked for 15 minutes", answers[unknown][5], StringComparison.Ordinal);
    }

    [GeneratedRegex("<div class=\"error-summary\"[\\s\\S]*?</div>")]
    private static partial Regex ErrorSummary();

    [Fact]
    public async Task A_signed_in_person_returns_to_the_page_they_asked_for_but_never_to_another_site()
    {
        var client = app.Anonymous();

        var local = await client.PostFormAsync("/account/sign-in", "/account/sign-in", new() { ["Email"] = DemoAccounts.Teacher.Email, ["Password"] = DemoAccounts.Password, ["ReturnUrl"] = "/policies" });
        var other = app.Anonymous();
        var offsite = await other.PostFormAsync("/account/sign-in", "/account/sign-in", new() { ["Email"] = DemoAccounts.Support.Email, ["Password"] = DemoAccounts.Password, ["ReturnUrl"] = "https://evil.example/" });

        Assert.Equal("/policies", local.Headers.Location!.OriginalString);
        Assert.Equal("/", offsite.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        var teacher = await app.SignedInThroughTheFormAsync(DemoAccounts.Teacher);

        var signOut = await teacher.PostFormAsync("/", "/account/sign-out", []);
        var after = await teacher.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/account/sign-in", after.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outside_development_no_account_exists_with_a_known_password()
    {
        using var production = new PortalApplication { EnvironmentName = "Production", SeedDemoAccounts = false };

        var response = await production.Anonymous().PostFormAsync("/account/sign-in", "/account/sign-in", new() { ["Email"] = DemoAccounts.Principal.Email, ["Password"] = DemoAccounts.Password });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await production.WithDatabaseAsync(db => db.Users.CountAsync()));
        Assert.Equal(1, await production.WithDatabaseAsync(db => db.Policies.CountAsync()));
    }

    [Fact]
    public async Task In_development_the_demo_accounts_from_the_readme_are_seeded()
    {
        using var development = new PortalApplication { EnvironmentName = "Development", SeedDemoAccounts = false };

        var client = await development.SignedInThroughTheFormAsync(DemoAccounts.Principal);
        var emails = await development.WithDatabaseAsync(db => db.Users.Select(u => u.Email).OrderBy(e => e).ToListAsync());

        Assert.Equal(["governor@example.org", "principal@example.org", "support@example.org", "teacher@example.org"], emails);
        Assert.Contains("Alex Morgan", await client.GetStringAsync("/"), StringComparison.Ordinal);
    }
}
