using System.Net;
using PolicyPortal.FunctionalTests.People;
using PolicyPortal.Testing;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Data.Seeding;
using PolicyPortal.Web.Infrastructure;

namespace PolicyPortal.FunctionalTests.Account;

public sealed class PasswordRuleTests(PortalApplication app) : IClassFixture<PortalApplication>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private const string NewEmail = "lee.chen@example.org";
    private const string KnownToAttackers = "This password is on a list of passwords known to attackers; choose another.";

    [Theory]
    [InlineData("password1234")]
    [InlineData("QwertyUiop123")]
    [InlineData("1QAZ2WSX3EDC")]
    public async Task A_password_known_to_attackers_is_refused_whatever_its_case_and_the_link_still_works(string breached)
    {
        var link = await InvitedAsync(app);

        var refused = await PeopleSteps.SetPasswordAsync(app.Anonymous(), link, breached);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains(KnownToAttackers, WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await PeopleSteps.SetPasswordAsync(app.Anonymous(), link, "a long enough new password")).StatusCode);
    }

    [Theory]
    [InlineData(65)]
    [InlineData(128)]
    public async Task A_long_passphrase_up_to_128_characters_is_accepted_and_signs_in(int length)
    {
        var link = await InvitedAsync(app);
        var passphrase = Passphrase(length);

        var set = await PeopleSteps.SetPasswordAsync(app.Anonymous(), link, passphrase);

        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        await app.SignedInAsync(NewEmail, passphrase);
    }

    [Fact]
    public async Task A_password_over_128_characters_is_refused_with_the_limit()
    {
        var link = await InvitedAsync(app);

        var refused = await PeopleSteps.SetPasswordAsync(app.Anonymous(), link, Passphrase(129));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("A password has at most 128 characters.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_create_principal_command_refuses_a_password_known_to_attackers()
    {
        using var newInstall = new PortalApplication { EnvironmentName = "Production", SeedDemoAccounts = false };
        var output = new StringWriter();

        var exitCode = await AdminCommands.RunAsync(
            newInstall.Services,
            ["create-principal", "--email", "head@school.example", "--name", "Pat Smith"],
            new StringReader("Password1234\n"),
            output);

        Assert.Equal(1, exitCode);
        Assert.Contains(KnownToAttackers, output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_shipped_list_holds_thousands_of_passwords_of_12_characters_or_more()
    {
        Assert.True(PortalPasswordValidator.BreachedCount >= 4000, $"The list has {PortalPasswordValidator.BreachedCount} passwords.");
        Assert.False(PortalPasswordValidator.IsBreached(DemoAccounts.Password));
        Assert.False(PortalPasswordValidator.IsBreached("a long enough new password"));
    }

    private static async Task<string> InvitedAsync(PortalApplication app)
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        await PeopleSteps.AddAsync(principal, "Lee Chen", NewEmail, "", Roles.Staff);
        return await PeopleSteps.InvitationLinkAsync(app, NewEmail);
    }

    private static string Passphrase(int length) =>
        string.Concat(Enumerable.Repeat("correct horse battery staple ", 5))[..length];
}
