using System.Net;
using PolicyPortal.FunctionalTests.People;
using PolicyPortal.Testing;
using PolicyPortal.Web.Data.Seeding;

using static PolicyPortal.FunctionalTests.Account.AccountSteps;

namespace PolicyPortal.FunctionalTests.Account;

/// <summary>A signed-in person changes their own password, with the current one.</summary>
public sealed class ChangePasswordTests(PortalApplication app) : IClassFixture<PortalApplication>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private const string NewPassword = "lanterns over the harbour wall";

    [Fact]
    public async Task A_changed_password_keeps_this_browser_signed_in_signs_out_the_others_and_is_confirmed_by_email()
    {
        var here = await app.SignedInThroughTheFormAsync(DemoAccounts.Teacher);
        var elsewhere = await app.SignedInThroughTheFormAsync(DemoAccounts.Teacher);

        var changed = await ChangeAsync(here, DemoAccounts.Password, NewPassword);
        var notice = WebUtility.HtmlDecode(await here.GetStringAsync(changed.Headers.Location!.OriginalString));
        app.Clock.Advance(TimeSpan.FromSeconds(61));

        Assert.Equal("/account", changed.Headers.Location!.OriginalString);
        Assert.Contains("Your password is changed.", notice, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync("/")).StatusCode);
        Assert.Contains("/account/sign-in", (await elsewhere.GetAsync("/")).Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await SignInAsync(app.Anonymous(), DemoAccounts.Teacher.Email, DemoAccounts.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(app.Anonymous(), DemoAccounts.Teacher.Email, NewPassword)).StatusCode);
        var email = (await PeopleSteps.SendEmailsAsync(app)).Single(m => m.Subject == "PolicyPortal: your password was changed");
        Assert.Contains("by someone signed in as you", email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_current_password_changes_nothing_and_says_so()
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);

        var response = await ChangeAsync(teacher, "not my password at all", NewPassword);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Your current password is not right.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(app.Anonymous(), DemoAccounts.Teacher.Email, DemoAccounts.Password)).StatusCode);
        Assert.Empty(await PeopleSteps.SendEmailsAsync(app));
    }

    [Fact]
    public async Task A_breached_new_password_is_refused_with_the_reason()
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);

        var response = await ChangeAsync(teacher, DemoAccounts.Password, "password1234");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("known to attackers", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(app.Anonymous(), DemoAccounts.Teacher.Email, DemoAccounts.Password)).StatusCode);
    }

    private static Task<HttpResponseMessage> ChangeAsync(HttpClient client, string current, string password) =>
        client.PostFormAsync("/account/change-password", "/account/change-password", new()
        {
            ["CurrentPassword"] = current,
            ["Password"] = password,
            ["ConfirmPassword"] = password,
        });

}
