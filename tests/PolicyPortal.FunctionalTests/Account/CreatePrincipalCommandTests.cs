using System.Net;
using Microsoft.EntityFrameworkCore;
using PolicyPortal.Testing;
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
