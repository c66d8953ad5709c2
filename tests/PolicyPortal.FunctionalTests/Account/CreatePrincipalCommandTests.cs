using System.Net;
using Microsoft.EntityFrameworkCore;
using PolicyPortal.FunctionalTests.People;
using PolicyPortal.Testing;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Infrastructure;

namespace PolicyPortal.FunctionalTests.Account;

public sealed class CreatePrincipalCommandTests
{
    [Fact]
    public async Task The_first_principal_is_created_from_the_command_line_and_can_sign_in()
    {
        using var app = new PortalApplication { EnvironmentName = "Production", SeedDemoAccounts = false };
        var output = new StringWriter();

        var exitCode = await AdminCommands.RunAsync(
            app.Services,
            ["create-principal", "--email", "head@school.example", "--name", "Pat Smith"],
            new StringReader("a long enough passphrase\n"),
            output);

        Assert.Equal(0, exitCode);
        Assert.Contains("Created the Principal account head@school.example (Pat Smith).", output.ToString(), StringComparison.Ordinal);
        var principal = await app.SignedInAsync("head@school.example", "a long enough passphrase");
        Assert.Contains("Pat Smith", await principal.GetStringAsync("/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_a_new_install_the_first_governor_comes_from_create_governor_and_confirms_what_the_principal_asks()
    {
        using var app = new PortalApplication { EnvironmentName = "Production", SeedDemoAccounts = false };
        await AdminCommands.RunAsync(app.Services, ["create-principal", "--email", "head@school.example", "--name", "Pat Smith"], new StringReader("a long enough passphrase\n"), new StringWriter());
        var output = new StringWriter();

        var exitCode = await AdminCommands.RunAsync(
            app.Services,
            ["create-governor", "--email", "chair@school.example", "--name", "Sam Okafor", "--job-title", "Chair of governors"],
            new StringReader("the chair's own passphrase\n"),
            output);

        Assert.Equal(0, exitCode);
        Assert.Contains("Created the Governor account chair@school.example (Sam Okafor).", output.ToString(), StringComparison.Ordinal);
        var added = Assert.Single(await app.WithDatabaseAsync(db => db.AccountEvents.Where(e => e.SubjectName == "Sam Okafor").ToListAsync()));
        Assert.Equal((AccountEventKind.Added, "The create-governor command"), (added.Kind, added.ActorName));
        Assert.Equal("Added Sam Okafor (chair@school.example) as Governor by the create-governor command, with the password given to it.", added.Detail);

        // The Principal asks for a second governor; the first confirms.
        var principal = await app.SignedInAsync("head@school.example", "a long enough passphrase");
        await PeopleSteps.AddAsync(principal, "Kim Lowe", "kim.lowe@school.example", "Parent governor", Roles.Governor);
        var governor = await app.SignedInAsync("chair@school.example", "the chair's own passphrase");
        var confirmed = await PeopleSteps.ConfirmChangeAsync(governor, await PeopleSteps.WaitingChangeAsync(app));

        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.True(await app.WithDatabaseAsync(db => db.Users.AnyAsync(u => u.Email == "kim.lowe@school.example")));

        // Only the first: with a governor in the portal, whoever runs the server cannot add another past them.
        var again = new StringWriter();
        Assert.Equal(1, await AdminCommands.RunAsync(app.Services, ["create-governor", "--email", "friend@school.example", "--name", "Lee Friend"], new StringReader("a friendly passphrase\n"), again));
        Assert.Contains("The portal has a governor already. Add other governors on its People page, where a governor confirms them.", again.ToString(), StringComparison.Ordinal);
        Assert.False(await app.WithDatabaseAsync(db => db.Users.AnyAsync(u => u.Email == "friend@school.example")));
    }

    [Fact]
    public async Task Without_a_database_the_command_refuses_as_startup_does_and_creates_none()
    {
        using var folder = new TemporaryFolder();
        var database = Path.Combine(folder.Path, "policyportal.db");

        var result = await PortalCommandLine.RunAsync(database, "create-principal", "--email", "head@school.example", "--name", "Pat Smith");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"The database {database} does not exist.", result.Output, StringComparison.Ordinal);
        Assert.Contains("create it with `dotnet PolicyPortal.Web.dll init`", result.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder.Path));
    }

    [Fact]
    public async Task A_short_password_is_refused_and_no_account_is_created()
    {
        using var app = new PortalApplication { EnvironmentName = "Production", SeedDemoAccounts = false };
        var output = new StringWriter();

        var exitCode = await AdminCommands.RunAsync(
            app.Services,
            ["create-principal", "--email", "head@school.example", "--name", "Pat Smith"],
            new StringReader("short\n"),
            output);

        Assert.Equal(1, exitCode);
        Assert.Contains("at least 12 characters", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDatabaseAsync(db => db.Users.CountAsync()));
        Assert.Equal(HttpStatusCode.Redirect, (await app.Anonymous().GetAsync("/")).StatusCode);
    }
}
