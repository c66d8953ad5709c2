using System.Net;
using PolicyPortal.FunctionalTests.People;
using PolicyPortal.Testing;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Data.Seeding;

using static PolicyPortal.FunctionalTests.Account.AccountSteps;

namespace PolicyPortal.FunctionalTests.Account;

public sealed class RateLimitTests
{
    [Fact]
    public async Task The_eleventh_sign_in_attempt_in_a_minute_is_turned_away_with_a_friendly_page_and_a_time_to_wait()
    {
        using var app = new PortalApplication { Settings = new Dictionary<string, string> { ["Auth:SignInAttemptsPerMinute"] = "10" } };
        var client = app.Anonymous();
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var refused = await SignInAsync(client, $"guess{attempt}@example.org", "not-the-password");
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        var eleventh = await SignInAsync(client, DemoAccounts.Teacher.Email, DemoAccounts.Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, eleventh.StatusCode);
        var retryAfter = int.Parse(Assert.Single(eleventh.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        var page = WebUtility.HtmlDecode(await eleventh.Content.ReadAsStringAsync());
        Assert.Contains("Too many attempts", page, StringComparison.Ordinal);
        Assert.Contains("Wait a minute, then try again.", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/sign-in")).StatusCode);
    }

    [Fact]
    public async Task Thirty_people_signing_in_at_once_from_one_staff_room_address_all_get_in()
    {
        using var app = new PortalApplication { Settings = new Dictionary<string, string> { ["Auth:SignInAttemptsPerMinute"] = AuthOptions.DefaultSignInAttemptsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture) } };
        var people = new List<string>();
        for (var i = 1; i <= 30; i++)
        {
            people.Add((await app.AddPersonAsync($"teacher{i}@example.org", $"Teacher {i}", "Teacher", Roles.Staff)).Email);
        }

        // The test server gives every client the same address, as a school's one public address does.
        var answers = new List<HttpResponseMessage>();
        foreach (var email in people)
        {
            answers.Add(await SignInAsync(app.Anonymous(), email, DemoAccounts.Password));
        }

        Assert.All(answers, answer => Assert.Equal("/", answer.Headers.Location?.OriginalString));
    }

    [Fact]
    public async Task Setting_a_password_counts_against_the_same_limit()
    {
        using var app = new PortalApplication { Settings = new Dictionary<string, string> { ["Auth:SignInAttemptsPerMinute"] = "3" } };
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        await PeopleSteps.AddAsync(principal, "Lee Chen", "lee.chen@example.org", "", Roles.Staff);
        var link = await PeopleSteps.InvitationLinkAsync(app, "lee.chen@example.org");

        var tooShort = await PeopleSteps.SetPasswordAsync(app.Anonymous(), link, "short");
        var mismatch = await PeopleSteps.SetPasswordAsync(app.Anonymous(), link, "a long enough new password", "something else entirely");
        var limited = await PeopleSteps.SetPasswordAsync(app.Anonymous(), link, "a long enough new password");

        Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, mismatch.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.Contains("Retry-After"));
    }

}
