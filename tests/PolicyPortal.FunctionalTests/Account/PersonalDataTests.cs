using System.Net;
using System.Text.Json;
using PolicyPortal.FunctionalTests.Presences;
using PolicyPortal.FunctionalTests.Signing;
using PolicyPortal.Testing;
using PolicyPortal.Web.Data.Seeding;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.FunctionalTests.Account;

public sealed class PersonalDataTests(PortalApplication app) : IClassFixture<PortalApplication>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_person_downloads_everything_held_about_them_and_nothing_about_anyone_else()
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        var support = await app.SignedInAsync(DemoAccounts.Support);
        await SigningForm.SignAsync(teacher, "Sam Taylor");
        await SigningForm.SignAsync(support, "Jo Patel");
        await teacher.PostFormAsync("/presences/new", "/presences/new", PresenceForms.Endorsed());

        var response = await teacher.GetAsync("/account/data");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.True(response.Headers.CacheControl!.NoStore, "Personal data must not be kept in a cache.");
        Assert.Equal("policyportal-my-data.json", response.Content.Headers.ContentDisposition!.FileName);
        using var data = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = data.RootElement;
        Assert.Equal("teacher@example.org", root.GetProperty("Account").GetProperty("Email").GetString());
        Assert.Equal("Teacher of Geography", root.GetProperty("Account").GetProperty("JobTitle").GetString());
        var signature = Assert.Single(root.GetProperty("Acknowledgements").EnumerateArray());
        Assert.Equal(PolicyRevision.HashOf(SeedPolicy.Document.Body), signature.GetProperty("TextSha256").GetString());
        Assert.Equal("Sam Taylor", signature.GetProperty("SignatureTyped").GetString());
        var request = Assert.Single(root.GetProperty("SocialMediaRequests").EnumerateArray());
        Assert.Equal("@KE7Geography", request.GetProperty("Handle").GetString());
        Assert.Single(request.GetProperty("Timeline").EnumerateArray());
        Assert.DoesNotContain("Jo Patel", data.RootElement.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("PasswordHash", data.RootElement.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_download_includes_the_reminders_sent_to_me()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        await principal.PostFormAsync("/compliance/" + SeedPolicy.Slug, "/compliance/" + SeedPolicy.Slug + "/remind", []);

        using var data = JsonDocument.Parse(await (await app.SignedInAsync(DemoAccounts.Support)).GetStringAsync("/account/data"));

        var reminder = Assert.Single(data.RootElement.GetProperty("RemindersToSign").EnumerateArray());
        Assert.Equal("Personal Use of Social Media Sites", reminder.GetProperty("Policy").GetString());
        Assert.Equal("Manual", reminder.GetProperty("Kind").GetString());
        Assert.Equal("Alex Morgan", reminder.GetProperty("SentBy").GetString());
    }

    [Fact]
    public async Task The_account_page_offers_the_download()
    {
        var governor = await app.SignedInAsync(DemoAccounts.Governor);

        var page = await governor.GetStringAsync("/account");

        // The anchor tag helper writes the href it makes after the attributes written in the view.
        Assert.Contains("<a class=\"button button--secondary\" download href=\"/account/data\">Download my data (JSON)</a>", page, StringComparison.Ordinal);
        Assert.Contains("<dd>Governor</dd>", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await app.Anonymous().GetAsync("/account/data")).StatusCode);
    }
}
