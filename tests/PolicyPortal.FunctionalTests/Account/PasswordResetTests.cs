using System.Net;
using System.Text.RegularExpressions;
using PolicyPortal.FunctionalTests.People;
using PolicyPortal.Testing;
using PolicyPortal.Web.Data.Seeding;

using static PolicyPortal.FunctionalTests.Account.AccountSteps;

namespace PolicyPortal.FunctionalTests.Account;

/// <summary>"Forgotten your password?": an emailed link, which works once, for an hour, for people who have not left.</summary>
public sealed partial class PasswordResetTests(PortalApplication app) : IClassFixture<PortalApplication>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private const string NewPassword = "a walk by the river at dusk";
    private const string LinkNotValid = "This link has expired or has already been used, or a newer one has been sent.";

    [Fact]
    public async Task A_teacher_who_forgot_their_password_chooses_a_new_one_from_the_emailed_link_and_signs_in_with_it()
    {
        var visitor = app.Anonymous();
        var elsewhere = await app.SignedInThroughTheFormAsync(DemoAccounts.Teacher);

        var asked = await AskForLinkAsync(visitor, DemoAccounts.Teacher.Email);
        var page = WebUtility.HtmlDecode(await visitor.GetStringAsync(asked.Headers.Location!.OriginalString));
        var link = await ResetLinkAsync(app, DemoAccounts.Teacher.Email);
        var form = WebUtility.HtmlDecode(await visitor.GetStringAsync(link));
        var reset = await PeopleSteps.SetPasswordAsync(visitor, link, NewPassword);
        app.Clock.Advance(TimeSpan.FromSeconds(61));

        Assert.Contains($"If {DemoAccounts.Teacher.Email} is the address of a PolicyPortal account, we have emailed it a link", page, StringComparison.Ordinal);
        Assert.Contains("Choose a new password", form, StringComparison.Ordinal);
        Assert.Contains(DemoAccounts.Teacher.Email, form, StringComparison.Ordinal);
        Assert.Equal("/account/sign-in", reset.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.BadRequest, (await SignInAsync(app.Anonymous(), DemoAccounts.Teacher.Email, DemoAccounts.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(app.Anonymous(), DemoAccounts.Teacher.Email, NewPassword)).StatusCode);
        Assert.Contains("/account/sign-in", (await elsewhere.GetAsync("/")).Headers.Location!.OriginalString, StringComparison.Ordinal);
        var changed = (await PeopleSteps.SendEmailsAsync(app)).Single(m => m.Subject == "PolicyPortal: your password was changed");
        Assert.Equal(DemoAccounts.Teacher.Email, changed.To.Mailboxes.Single().Address);
    }

    [Fact]
    public async Task The_answer_is_the_same_for_an_address_with_no_account_and_nothing_is_sent()
    {

        var known = await AskForLinkAsync(app.Anonymous(), DemoAccounts.Support.Email);
        var unknown = await AskForLinkAsync(app.Anonymous(), "nobody@example.org");

        Assert.Equal(HttpStatusCode.Redirect, known.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, unknown.StatusCode);
        Assert.Equal(known.Headers.Location, unknown.Headers.Location);
        var emails = await PeopleSteps.SendEmailsAsync(app);
        Assert.Equal([DemoAccounts.Support.Email], emails.Select(m => m.To.Mailboxes.Single().Address));
    }

    [Fact]
    public async Task Someone_who_has_left_is_sent_no_link()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        await PeopleSteps.MarkAsLeftAsync(principal, await PeopleSteps.PersonUrlAsync(app, DemoAccounts.Support.Email));

        await AskForLinkAsync(app.Anonymous(), DemoAccounts.Support.Email);

        Assert.DoesNotContain(await PeopleSteps.SendEmailsAsync(app), m => m.Subject == "PolicyPortal: choose a new password");
    }

    [Fact]
    public async Task The_link_works_once_and_for_an_hour_and_a_newer_link_replaces_it()
    {
        var visitor = app.Anonymous();
        await AskForLinkAsync(visitor, DemoAccounts.Teacher.Email);
        var used = await ResetLinkAsync(app, DemoAccounts.Teacher.Email);
        await PeopleSteps.SetPasswordAsync(visitor, used, NewPassword);
        await AskForLinkAsync(visitor, DemoAccounts.Support.Email);
        var expired = await ResetLinkAsync(app, DemoAccounts.Support.Email);
        await AskForLinkAsync(visitor, DemoAccounts.Governor.Email);
        var replaced = await ResetLinkAsync(app, DemoAccounts.Governor.Email);
        await AskForLinkAsync(visitor, DemoAccounts.Governor.Email);

        app.Clock.Advance(TimeSpan.FromMinutes(61));
        var again = await visitor.GetAsync(used);
        var late = await visitor.GetAsync(expired);
        var old = await visitor.GetAsync(replaced);

        foreach (var response in new[] { again, late, old })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(LinkNotValid, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(app.Anonymous(), DemoAccounts.Support.Email, DemoAccounts.Password)).StatusCode);
    }

    [Fact]
    public async Task A_breached_or_short_password_is_refused_with_the_reason_and_the_link_still_works()
    {
        var visitor = app.Anonymous();
        await AskForLinkAsync(visitor, DemoAccounts.Teacher.Email);
        var link = await ResetLinkAsync(app, DemoAccounts.Teacher.Email);

        var breached = await PeopleSteps.SetPasswordAsync(visitor, link, "password1234");
        var shortOne = await PeopleSteps.SetPasswordAsync(visitor, link, "short");
        var good = await PeopleSteps.SetPasswordAsync(visitor, link, NewPassword);

        Assert.Equal(HttpStatusCode.BadRequest, breached.StatusCode);
        Assert.Contains("known to attackers", WebUtility.HtmlDecode(await breached.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, shortOne.StatusCode);
        Assert.Contains("at least 12 characters", WebUtility.HtmlDecode(await shortOne.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
    }

    [Fact]
    public async Task Choosing_a_new_password_unlocks_an_account_someone_locked_by_guessing()
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await SignInAsync(app.Anonymous(), DemoAccounts.Teacher.Email, "wrong-" + attempt);
        }

        var locked = await SignInAsync(app.Anonymous(), DemoAccounts.Teacher.Email, DemoAccounts.Password);
        await AskForLinkAsync(app.Anonymous(), DemoAccounts.Teacher.Email);
        await PeopleSteps.SetPasswordAsync(app.Anonymous(), await ResetLinkAsync(app, DemoAccounts.Teacher.Email), NewPassword);

        Assert.Contains("choose a new password", WebUtility.HtmlDecode(await locked.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(app.Anonymous(), DemoAccounts.Teacher.Email, NewPassword)).StatusCode);
    }

    [Fact]
    public async Task An_address_that_is_not_an_email_address_is_refused_with_a_message()
    {

        var response = await AskForLinkAsync(app.Anonymous(), "not an address");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Enter an email address like name@school.org.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Asking_for_links_counts_against_the_sign_in_limit()
    {
        using var limited = new PortalApplication { Settings = new Dictionary<string, string> { ["Auth:SignInAttemptsPerMinute"] = "2" } };
        var visitor = limited.Anonymous();

        await AskForLinkAsync(visitor, "one@example.org");
        await AskForLinkAsync(visitor, "two@example.org");
        var third = await AskForLinkAsync(visitor, DemoAccounts.Teacher.Email);

        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Empty(await PeopleSteps.SendEmailsAsync(limited));
    }

    private static Task<HttpResponseMessage> AskForLinkAsync(HttpClient client, string email) =>
        client.PostFormAsync("/account/forgot-password", "/account/forgot-password", new() { ["Email"] = email });

    /// <summary>The link in the newest reset email to <paramref name="email"/>, as a path on the portal.</summary>
    private static async Task<string> ResetLinkAsync(PortalApplication app, string email)
    {
        var message = (await PeopleSteps.SendEmailsAsync(app))
            .Where(m => m.To.Mailboxes.Single().Address == email && m.Subject == "PolicyPortal: choose a new password")
            .OrderBy(m => m.Date)
            .ThenBy(m => m.MessageId, StringComparer.Ordinal)
            .Last();
        return new Uri(ResetLink().Match(message.TextBody ?? "").Value).PathAndQuery;
    }

    [GeneratedRegex(@"https://portal\.school\.example/account/reset-password\?\S+")]
    private static partial Regex ResetLink();
}
