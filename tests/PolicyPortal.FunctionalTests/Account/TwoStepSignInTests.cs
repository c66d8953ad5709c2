using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using PolicyPortal.Testing;
using PolicyPortal.Web.Data.Seeding;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Infrastructure;

using static PolicyPortal.FunctionalTests.Account.AccountSteps;

namespace PolicyPortal.FunctionalTests.Account;

/// <summary>A portal that requires two-step sign-in of the Principal, as a school's does by default.</summary>
public sealed class TwoStepPortal : PortalApplication
{
    public TwoStepPortal() => Settings = new Dictionary<string, string> { ["Auth:RequireTwoStepFor"] = "Principal" };
}

public sealed partial class TwoStepSignInTests(TwoStepPortal app) : IClassFixture<TwoStepPortal>, IAsyncLifetime
{
    private const string WrongOrUsed = "That code is not right, or has been used already.";

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Set_up_with_a_code_from_the_key_then_signing_in_asks_for_a_code_and_takes_the_right_one()
    {
        var (key, codes) = await SetUpAsync(await app.SignedInThroughTheFormAsync(DemoAccounts.Teacher));
        Assert.Equal(10, codes.Count);
        app.Clock.Advance(TimeSpan.FromSeconds(30));

        var client = app.Anonymous();
        var password = await SignInAsync(client, DemoAccounts.Teacher.Email, DemoAccounts.Password);
        var beforeTheCode = await client.GetAsync("/");
        var wrong = await SecondStepAsync(client, "123456");
        var right = await SecondStepAsync(client, Authenticator.CodeAt(key, app.Clock.GetUtcNow()));
        var home = await client.GetAsync("/");

        Assert.Equal("/account/two-step", password.Headers.Location!.OriginalString);
        Assert.Contains(password.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-PolicyPortal.TwoStep=", StringComparison.Ordinal) && c.Contains("secure", StringComparison.Ordinal) && c.Contains("httponly", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Redirect, beforeTheCode.StatusCode);
        Assert.Contains("/account/sign-in", beforeTheCode.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        var wrongPage = WebUtility.HtmlDecode(await wrong.Content.ReadAsStringAsync());
        Assert.Contains(WrongOrUsed, wrongPage, StringComparison.Ordinal);
        Assert.Contains("value=\"123456\"", wrongPage, StringComparison.Ordinal);
        Assert.Equal("/", right.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
    }

    [Fact]
    public async Task A_code_already_used_is_refused_even_within_its_thirty_seconds()
    {
        var (key, _) = await SetUpAsync(await app.SignedInThroughTheFormAsync(DemoAccounts.Teacher));
        var usedToSetUp = Authenticator.CodeAt(key, app.Clock.GetUtcNow());
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var code = Authenticator.CodeAt(key, app.Clock.GetUtcNow());

        var first = app.Anonymous();
        await SignInAsync(first, DemoAccounts.Teacher.Email, DemoAccounts.Password);
        var setUpCodeAgain = await SecondStepAsync(first, usedToSetUp);
        var accepted = await SecondStepAsync(first, code);
        var second = app.Anonymous();
        await SignInAsync(second, DemoAccounts.Teacher.Email, DemoAccounts.Password);
        var replayed = await SecondStepAsync(second, code);

        Assert.Equal(HttpStatusCode.BadRequest, setUpCodeAgain.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, replayed.StatusCode);
        Assert.Contains(WrongOrUsed, WebUtility.HtmlDecode(await replayed.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_recovery_code_signs_in_once_only()
    {
        var (_, codes) = await SetUpAsync(await app.SignedInThroughTheFormAsync(DemoAccounts.Teacher));

        var first = app.Anonymous();
        await SignInAsync(first, DemoAccounts.Teacher.Email, DemoAccounts.Password);
        var used = await SecondStepAsync(first, codes[0].ToLowerInvariant());
        var second = app.Anonymous();
        await SignInAsync(second, DemoAccounts.Teacher.Email, DemoAccounts.Password);
        var again = await SecondStepAsync(second, codes[0]);
        var another = await SecondStepAsync(second, codes[1]);

        Assert.Equal("/", used.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, another.StatusCode);
    }

    [Fact]
    public async Task A_remembered_browser_is_not_asked_for_a_code_again()
    {
        var (key, _) = await SetUpAsync(await app.SignedInThroughTheFormAsync(DemoAccounts.Teacher));
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var client = app.Anonymous();
        await SignInAsync(client, DemoAccounts.Teacher.Email, DemoAccounts.Password);
        var remembered = await SecondStepAsync(client, Authenticator.CodeAt(key, app.Clock.GetUtcNow()), rememberBrowser: true);
        await client.PostFormAsync("/", "/account/sign-out", []);

        var again = await SignInAsync(client, DemoAccounts.Teacher.Email, DemoAccounts.Password);
        var elsewhere = await SignInAsync(app.Anonymous(), DemoAccounts.Teacher.Email, DemoAccounts.Password);

        var cookie = Assert.Single(remembered.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-PolicyPortal.TwoStepBrowser=", StringComparison.Ordinal));
        Assert.Contains("expires=" + app.Clock.GetUtcNow().AddDays(30).ToString("ddd, dd MMM yyyy", System.Globalization.CultureInfo.InvariantCulture), cookie, StringComparison.Ordinal);
        Assert.Equal("/", again.Headers.Location!.OriginalString);
        Assert.Equal("/account/two-step", elsewhere.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_Principal_is_taken_to_set_up_before_anything_else_and_then_goes_on()
    {
        var principal = await app.SignedInThroughTheFormAsync(DemoAccounts.Principal);

        foreach (var page in new[] { "/", "/people", "/account", "/account/data" })
        {
            var refused = await principal.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.Equal("/account/two-step/set-up", refused.Headers.Location!.OriginalString);
        }

        var setUp = await principal.GetAsync("/account/two-step/set-up");
        Assert.Equal(HttpStatusCode.OK, setUp.StatusCode);
        Assert.Contains("Your role needs two-step sign-in.", await setUp.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await SetUpAsync(principal);
        Assert.Equal(HttpStatusCode.OK, (await principal.GetAsync("/people")).StatusCode);
    }

    [Fact]
    public async Task A_wrong_set_up_code_is_refused_next_to_the_field_and_two_step_stays_off()
    {
        var teacher = await app.SignedInThroughTheFormAsync(DemoAccounts.Teacher);

        var wrong = await teacher.PostFormAsync("/account/two-step/set-up", "/account/two-step/set-up", new() { ["Form.Code"] = "000000" });
        var empty = await teacher.PostFormAsync("/account/two-step/set-up", "/account/two-step/set-up", new() { ["Form.Code"] = "" });
        var password = await SignInAsync(app.Anonymous(), DemoAccounts.Teacher.Email, DemoAccounts.Password);

        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("That code is not right.", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("value=\"000000\"", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("Enter the 6-digit code your authenticator app shows.", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("/", password.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Turning_it_off_on_My_account_goes_back_to_the_password_alone_but_not_for_the_Principal()
    {
        var teacher = await app.SignedInThroughTheFormAsync(DemoAccounts.Teacher);
        await SetUpAsync(teacher);
        var principal = await app.SignedInThroughTheFormAsync(DemoAccounts.Principal);
        await SetUpAsync(principal);

        var teachersAccount = await teacher.GetStringAsync("/account");
        var principalsAccount = await principal.GetStringAsync("/account");
        var newCodes = await teacher.PostFormAsync("/account", "/account/two-step/recovery-codes", []);
        await teacher.PostFormAsync("/account", "/account/two-step/turn-off", []);
        await principal.PostFormAsync("/account", "/account/two-step/turn-off", []);

        Assert.Contains("Turn off two-step sign-in", teachersAccount, StringComparison.Ordinal);
        Assert.DoesNotContain("Turn off two-step sign-in", principalsAccount, StringComparison.Ordinal);
        Assert.Contains("Your role requires two-step sign-in", principalsAccount, StringComparison.Ordinal);
        Assert.Equal(10, RecoveryCode().Matches(await newCodes.Content.ReadAsStringAsync()).Count);
        Assert.Equal("/", (await SignInAsync(app.Anonymous(), DemoAccounts.Teacher.Email, DemoAccounts.Password)).Headers.Location!.OriginalString);
        Assert.Equal("/account/two-step", (await SignInAsync(app.Anonymous(), DemoAccounts.Principal.Email, DemoAccounts.Password)).Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Whoever_runs_the_server_turns_it_off_for_someone_who_lost_their_phone_and_their_recovery_codes()
    {
        var teacher = await app.SignedInThroughTheFormAsync(DemoAccounts.Teacher);
        await SetUpAsync(teacher);
        var output = new StringWriter();

        var exitCode = await AdminCommands.RunAsync(app.Services, ["reset-two-step", "--email", DemoAccounts.Teacher.Email], TextReader.Null, output);
        var again = await AdminCommands.RunAsync(app.Services, ["reset-two-step", "--email", DemoAccounts.Teacher.Email], TextReader.Null, new StringWriter());

        Assert.Equal((0, 1), (exitCode, again));
        Assert.Contains($"Two-step sign-in is off for {DemoAccounts.Teacher.Email}.", output.ToString(), StringComparison.Ordinal);
        Assert.Equal("/", (await SignInAsync(app.Anonymous(), DemoAccounts.Teacher.Email, DemoAccounts.Password)).Headers.Location!.OriginalString);
        var trail = await app.WithDatabaseAsync(db => db.AccountEvents.Where(e => e.Kind == AccountEventKind.TwoStepReset).Select(e => e.SubjectName).ToListAsync());
        Assert.Equal([DemoAccounts.Teacher.FullName], trail);
    }

    /// <summary>Sets up two-step sign-in as a person would, with the code of the key the page shows; its key and recovery codes.</summary>
    private async Task<(string Key, IReadOnlyList<string> RecoveryCodes)> SetUpAsync(HttpClient client)
    {
        var page = await client.GetStringAsync("/account/two-step/set-up");
        Assert.Contains("<svg", page, StringComparison.Ordinal);
        Assert.DoesNotContain("style=", page, StringComparison.Ordinal); // The content security policy allows no inline style.
        var key = SharedKey().Match(page).Groups[1].Value;
        var done = await client.PostAsync("/account/two-step/set-up", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Form.Code"] = Authenticator.CodeAt(key, app.Clock.GetUtcNow()),
            ["__RequestVerificationToken"] = PortalClient.AntiforgeryToken(page),
        }));
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        return (key, RecoveryCode().Matches(await done.Content.ReadAsStringAsync()).Select(m => m.Groups[1].Value).ToList());
    }

    private static Task<HttpResponseMessage> SecondStepAsync(HttpClient client, string code, bool rememberBrowser = false) =>
        client.PostFormAsync("/account/two-step", "/account/two-step", new() { ["Code"] = code, ["RememberBrowser"] = rememberBrowser ? "true" : "false" });

    [GeneratedRegex("<code class=\"key\">([A-Z2-7]+)</code>")]
    private static partial Regex SharedKey();

    [GeneratedRegex("<li><code>([A-Z0-9-]+)</code></li>")]
    private static partial Regex RecoveryCode();
}
