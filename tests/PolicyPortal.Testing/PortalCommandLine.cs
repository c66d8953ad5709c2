using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PolicyPortal.Web.Data;
using PolicyPortal.Web.Data.Seeding;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Infrastructure;

namespace PolicyPortal.Testing;

/// <summary>What an admin command printed, and its exit code.</summary>
public sealed record CommandResult(int ExitCode, string Output);

/// <summary>
/// The admin commands (<c>init</c>, <c>backup</c>, <c>restore</c>, <c>create-principal</c>) run in-process, as
/// <c>dotnet PolicyPortal.Web.dll &lt;command&gt;</c> runs them: with the portal's own database registration and
/// seeding, and no web server, so no portal of this command's is running on the database.
/// </summary>
public static class PortalCommandLine
{
    public static async Task<CommandResult> RunAsync(string databasePath, params string[] args)
    {
        var output = new StringWriter();
        int exitCode;
        await using (var services = Services($"Data Source={databasePath}"))
        {
            exitCode = await AdminCommands.RunAsync(services, args, new StringReader("a long enough passphrase\n"), output);
        }

        // As when the command's process ends: no connection of its own is left open on the file.
        SqliteConnection.ClearAllPools();
        return new CommandResult(exitCode, output.ToString());
    }

    /// <summary>
    /// The portal's own database registration and seeding, without a web server, on the test hosts' clock at its start
    /// unless another is given, so the shipped policy is adopted when the tests' school day begins.
    /// </summary>
    public static ServiceProvider Services(string connectionString, string environmentName = "Testing", TimeProvider? clock = null)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { EnvironmentName = environmentName });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Portal"] = connectionString });
        builder.Services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.Services.AddSingleton(clock ?? new TestClock());
        builder.AddPortalDatabase();
        builder.Services.AddIdentityCore<PortalUser>().AddRoles<IdentityRole>().AddEntityFrameworkStores<PortalDbContext>();
        builder.Services.AddScoped<PortalSeeder>();
        return builder.Services.BuildServiceProvider();
    }
}
