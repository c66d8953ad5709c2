using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PolicyPortal.FunctionalTests.Lifecycle;
using PolicyPortal.FunctionalTests.Signing;
using PolicyPortal.Testing;
using PolicyPortal.Web.Data.Seeding;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.FunctionalTests.Account;

/// <summary>A form sent after its sender's session ended is carried through signing in again, and then sent.</summary>
public sealed partial class UnsentFormTests(PortalApplication app) : IClassFixture<PortalApplication>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_signature_sent_after_the_session_ended_waits_for_signing_in_again_and_is_then_recorded_as_typed()
    {
        var teacher = await app.SignedInThroughTheFormAsync(DemoAccounts.Teacher);
        var fields = await SigningForm.FilledInAsync(teacher, "Sam Taylor");
        app.Clock.Advance(TimeSpan.FromMinutes(31));

        var (sent, signInPage) = await SendAfterTheSessionEndedAsync(teacher, SeedPolicy.SignUrl, fields);
        Assert.Equal(HttpStatusCode.TemporaryRedirect, sent.StatusCode);

        Assert.Equal(HttpStatusCode.OK, signInPage.StatusCode);
        var page = await signInPage.Content.ReadAsStringAsync();
        Assert.Contains("Nothing you sent has been saved yet. Sign in again and it will be sent.", page, StringComparison.Ordinal);
        Assert.DoesNotContain(fields["__RequestVerificationToken"], page, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDatabaseAsync(db => db.Acknowledgements.CountAsync()));

        // Signing in (with a wrong password first) keeps the signature waiting, then offers to send it with a new token.
        var signInFields = FieldsOf(page);
        signInFields["Email"] = DemoAccounts.Teacher.Email;
        signInFields["Password"] = "not the password";
        var refused = await teacher.PostAsync("/account/sign-in", new FormUrlEncodedContent(signInFields));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        signInFields = FieldsOf(await refused.Content.ReadAsStringAsync());
        signInFields["Email"] = DemoAccounts.Teacher.Email;
        signInFields["Password"] = DemoAccounts.Password;
        var signedIn = await teacher.PostAsync("/account/sign-in", new FormUrlEncodedContent(signInFields));
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        var sendAgain = SendAgainForm().Match(await signedIn.Content.ReadAsStringAsync());
        Assert.True(sendAgain.Success, "the page has the form that sends the signature again");
        Assert.Equal(SeedPolicy.SignUrl, WebUtility.HtmlDecode(sendAgain.Groups["action"].Value));
        var resend = FieldsOf(sendAgain.Value);
        Assert.Equal(["Confirmed", "RevisionId", "SignatureName", "TextSha256", "__RequestVerificationToken"], resend.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("Sam Taylor", resend["SignatureName"]);
        Assert.NotEqual(fields["__RequestVerificationToken"], resend["__RequestVerificationToken"]);

        var receipt = await teacher.PostAsync(SeedPolicy.SignUrl, new FormUrlEncodedContent(resend));

        Assert.Equal(HttpStatusCode.Redirect, receipt.StatusCode);
        Assert.Matches("^/acknowledgements/[0-9]+$", receipt.Headers.Location!.OriginalString);
        Assert.Equal("Sam Taylor", await app.WithDatabaseAsync(db => db.Acknowledgements.Select(a => a.SignatureName).SingleAsync()));
    }

    [Fact]
    public async Task A_draft_saved_after_the_session_ended_keeps_every_word_typed_and_is_saved_once_signed_in_again()
    {
        var principal = await app.SignedInThroughTheFormAsync(DemoAccounts.Principal);
        Assert.Equal(HttpStatusCode.Redirect, (await LifecycleSteps.StartDraftAsync(principal)).StatusCode);
        var editor = await principal.GetStringAsync(LifecycleSteps.DraftUrl);
        // Over a megabyte as a browser sends it (curly quotes and dashes take nine bytes each): more than an ordinary form may carry.
        var typed = SeedPolicy.Document.Body + "\n\n" + string.Join("\n", Enumerable.Repeat(string.Concat(Enumerable.Repeat("“–”’ ", 20)), 1_500));
        var fields = new Dictionary<string, string>
        {
            ["Body"] = typed,
            ["ChangeSummary"] = "Much more guidance.",
            ["Kind"] = "Material",
            ["ProvidedBy"] = "The college",
            ["Intent"] = "save",
            ["ConcurrencyStamp"] = PortalClient.HiddenValue(editor, "ConcurrencyStamp"),
            ["__RequestVerificationToken"] = PortalClient.AntiforgeryToken(editor),
        };
        app.Clock.Advance(TimeSpan.FromMinutes(31));

        var (_, signInPage) = await SendAfterTheSessionEndedAsync(principal, LifecycleSteps.DraftUrl, fields);
        var signInFields = FieldsOf(await signInPage.Content.ReadAsStringAsync());
        signInFields["Email"] = DemoAccounts.Principal.Email;
        signInFields["Password"] = DemoAccounts.Password;
        var signedIn = await principal.PostAsync("/account/sign-in", new FormUrlEncodedContent(signInFields));
        var resend = FieldsOf(SendAgainForm().Match(await signedIn.Content.ReadAsStringAsync()).Value);
        var saved = await principal.PostAsync(LifecycleSteps.DraftUrl, new FormUrlEncodedContent(resend));

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("Your changes are saved.", await principal.GetStringAsync(LifecycleSteps.DraftUrl), StringComparison.Ordinal);
        var draft = await app.WithDatabaseAsync(db => db.PolicyRevisions.SingleAsync(r => r.Status == RevisionStatus.Draft));
        Assert.Equal(typed.Replace("\r\n", "\n", StringComparison.Ordinal), draft.Body.Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.Equal("The college", draft.ProvidedBy);
    }

    [Fact]
    public async Task A_form_sent_after_the_session_ended_is_carried_through_the_second_step_of_signing_in_too()
    {
        var teacher = await app.SignedInThroughTheFormAsync(DemoAccounts.Teacher);
        var fields = await SigningForm.FilledInAsync(teacher, "Sam Taylor");
        string key;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            // Sam turned two-step sign-in on in another browser.
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var user = (await users.FindByEmailAsync(DemoAccounts.Teacher.Email))!;
            await users.ResetAuthenticatorKeyAsync(user);
            await users.SetTwoFactorEnabledAsync(user, true);
            key = (await users.GetAuthenticatorKeyAsync(user))!;
        }

        app.Clock.Advance(TimeSpan.FromMinutes(31));
        var (_, signInPage) = await SendAfterTheSessionEndedAsync(teacher, SeedPolicy.SignUrl, fields);

        var signInFields = FieldsOf(await signInPage.Content.ReadAsStringAsync());
        signInFields["Email"] = DemoAccounts.Teacher.Email;
        signInFields["Password"] = DemoAccounts.Password;
        var secondStep = await teacher.PostAsync("/account/sign-in", new FormUrlEncodedContent(signInFields));

        Assert.Equal(HttpStatusCode.OK, secondStep.StatusCode);
        var page = await secondStep.Content.ReadAsStringAsync();
        Assert.Contains("Nothing you sent before signing in again has been saved yet. Enter your code and it will be sent.", page, StringComparison.Ordinal);

        // A wrong code first: the signature still waits; then the right one sends it.
        var codeFields = FieldsOf(page);
        codeFields["Code"] = "000000";
        var wrong = await teacher.PostAsync("/account/two-step", new FormUrlEncodedContent(codeFields));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        codeFields = FieldsOf(await wrong.Content.ReadAsStringAsync());
        codeFields["Code"] = Authenticator.CodeAt(key, app.Clock.GetUtcNow());
        var signedIn = await teacher.PostAsync("/account/two-step", new FormUrlEncodedContent(codeFields));
        var resend = FieldsOf(SendAgainForm().Match(await signedIn.Content.ReadAsStringAsync()).Value);
        Assert.Equal("Sam Taylor", resend["SignatureName"]);

        var receipt = await teacher.PostAsync(SeedPolicy.SignUrl, new FormUrlEncodedContent(resend));

        Assert.Equal(HttpStatusCode.Redirect, receipt.StatusCode);
        Assert.Equal("Sam Taylor", await app.WithDatabaseAsync(db => db.Acknowledgements.Select(a => a.SignatureName).SingleAsync()));
    }

    [Fact]
    public async Task Someone_else_signing_in_on_the_same_computer_never_sends_the_form()
    {
        var teacher = await app.SignedInThroughTheFormAsync(DemoAccounts.Teacher);
        var fields = await SigningForm.FilledInAsync(teacher, "Sam Taylor");
        app.Clock.Advance(TimeSpan.FromMinutes(31));
        var (_, signInPage) = await SendAfterTheSessionEndedAsync(teacher, SeedPolicy.SignUrl, fields);

        // Jo Patel sits down at the same browser and signs in on that page.
        var signInFields = FieldsOf(await signInPage.Content.ReadAsStringAsync());
        signInFields["Email"] = DemoAccounts.Support.Email;
        signInFields["Password"] = DemoAccounts.Password;
        var signedIn = await teacher.PostAsync("/account/sign-in", new FormUrlEncodedContent(signInFields));

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.DoesNotContain("send-again", await signedIn.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDatabaseAsync(db => db.Acknowledgements.CountAsync()));
    }

    [Fact]
    public async Task A_form_handed_back_after_signing_in_with_a_school_account_is_sent_on_only_for_its_sender()
    {
        var teacher = await app.SignedInThroughTheFormAsync(DemoAccounts.Teacher);
        var fields = await SigningForm.FilledInAsync(teacher, "Sam Taylor");
        app.Clock.Advance(TimeSpan.FromMinutes(31));
        var (_, signInPage) = await SendAfterTheSessionEndedAsync(teacher, SeedPolicy.SignUrl, fields);
        var carried = FieldsOf(await signInPage.Content.ReadAsStringAsync()).Where(f => f.Key.StartsWith("Pending", StringComparison.Ordinal)).ToDictionary();

        // Jo Patel, signed in on the same browser, hands it back: it goes nowhere.
        var jo = await app.SignedInThroughTheFormAsync(DemoAccounts.Support);
        var notHers = await jo.PostFormAsync("/", "/account/send-again", carried);
        Assert.Equal(HttpStatusCode.Redirect, notHers.StatusCode);
        Assert.Equal("/", notHers.Headers.Location!.OriginalString);

        // Sam, signed in again, gets the page that sends it, with a token of the new session.
        var again = await app.SignedInThroughTheFormAsync(DemoAccounts.Teacher);
        var sendAgain = await again.PostFormAsync("/", "/account/send-again", carried);
        var resend = FieldsOf(SendAgainForm().Match(await sendAgain.Content.ReadAsStringAsync()).Value);
        Assert.Equal(HttpStatusCode.Redirect, (await again.PostAsync(SeedPolicy.SignUrl, new FormUrlEncodedContent(resend))).StatusCode);
        Assert.Equal("Sam Taylor", await app.WithDatabaseAsync(db => db.Acknowledgements.Select(a => a.SignatureName).SingleAsync()));
    }

    [Fact]
    public async Task A_form_another_site_sends_is_never_carried_through_a_sign_in()
    {
        var teacher = await app.SignedInThroughTheFormAsync(DemoAccounts.Teacher);
        var fields = await SigningForm.FilledInAsync(teacher, "Sam Taylor");
        app.Clock.Advance(TimeSpan.FromMinutes(31));

        using var request = new HttpRequestMessage(HttpMethod.Post, SeedPolicy.SignUrl) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("Sec-Fetch-Site", "cross-site");
        request.Headers.Add("Origin", "https://elsewhere.example");
        var sent = await teacher.SendAsync(request);
        var posted = await PostAsync(teacher, "/account/session-ended?sentTo=" + Uri.EscapeDataString(SeedPolicy.SignUrl), fields, "cross-site");

        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.StartsWith("/account/sign-in", sent.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.DoesNotContain("Pending[", await posted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Passwords_are_not_carried_and_signing_out_twice_says_so()
    {
        var teacher = await app.SignedInThroughTheFormAsync(DemoAccounts.Teacher);
        var form = await teacher.GetStringAsync("/account/change-password");
        var token = PortalClient.AntiforgeryToken(form);
        var signOut = await teacher.PostFormAsync("/", "/account/sign-out", []);
        var signedOutPage = await teacher.GetStringAsync(signOut.Headers.Location!.OriginalString);

        // The tab still showing the change-password form sends it: there is no session to say whose it was, so it is not carried.
        var (sent, signInPage) = await SendAfterTheSessionEndedAsync(teacher, "/account/change-password", new() { ["CurrentPassword"] = DemoAccounts.Password, ["NewPassword"] = "a new long password", ["__RequestVerificationToken"] = token });
        var again = await PostFromThePortalAsync(teacher, "/account/sign-out", new() { ["__RequestVerificationToken"] = token });

        Assert.Contains("You have signed out.", signedOutPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.TemporaryRedirect, sent.StatusCode);
        var page = await signInPage.Content.ReadAsStringAsync();
        Assert.Contains("You are not signed in, perhaps because you signed out in another tab, so what you sent was not saved.", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Pending[", page, StringComparison.Ordinal);
        Assert.DoesNotContain("a new long password", page, StringComparison.Ordinal);
        Assert.DoesNotContain(DemoAccounts.Password, page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Contains("You were already signed out.", await teacher.GetStringAsync(again.Headers.Location!.OriginalString), StringComparison.Ordinal);
    }

    /// <summary>
    /// A form sent from the portal's page after the session ended, as the browser sends it: to its address, then, as a
    /// browser repeats a POST answered with 307, body and all, to the address it was sent on to.
    /// </summary>
    private static async Task<(HttpResponseMessage Sent, HttpResponseMessage SignInPage)> SendAfterTheSessionEndedAsync(HttpClient client, string url, Dictionary<string, string> fields)
    {
        var sent = await PostFromThePortalAsync(client, url, fields);
        return (sent, await PostFromThePortalAsync(client, sent.Headers.Location!.OriginalString, fields));
    }

    private static Task<HttpResponseMessage> PostFromThePortalAsync(HttpClient client, string url, Dictionary<string, string> fields) =>
        PostAsync(client, url, fields, "same-origin");

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, Dictionary<string, string> fields, string fetchSite)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("Sec-Fetch-Site", fetchSite);
        return await client.SendAsync(request);
    }

    /// <summary>The hidden fields of the page's first form, as a browser would send them.</summary>
    private static Dictionary<string, string> FieldsOf(string html) =>
        InputTag().Matches(html)
            .Select(m => m.Value)
            .Where(tag => tag.Contains("type=\"hidden\"", StringComparison.Ordinal))
            .Select(tag => (Name: Attribute(tag, "name"), Value: Attribute(tag, "value")))
            .GroupBy(f => f.Name)
            .ToDictionary(g => g.Key, g => g.First().Value);

    private static string Attribute(string tag, string name) =>
        WebUtility.HtmlDecode(Regex.Match(tag, $" {name}=\"(?<value>[^\"]*)\"").Groups["value"].Value);

    [GeneratedRegex("<input[^>]*>")]
    private static partial Regex InputTag();

    [GeneratedRegex("<form id=\"send-again\" action=\"(?<action>[^\"]*)\"[^>]*>.*?</form>", RegexOptions.Singleline)]
    private static partial Regex SendAgainForm();
}
