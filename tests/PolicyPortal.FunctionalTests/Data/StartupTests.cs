using System.Diagnostics;
using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PolicyPortal.Testing;
using PolicyPortal.Web.Data;

namespace PolicyPortal.FunctionalTests.Data;

/// <summary>Outside Development a missing database is an error, not a new school; <c>init</c> makes one.</summary>
public sealed class StartupTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    // The published app's own process, as systemd starts it: the log line, the exit code and what is left on disk are
    // what an operator sees.
    [Fact]
    public async Task A_missing_database_stops_startup_in_production_naming_the_file_and_init_and_creates_nothing()
    {
        var dataDirectory = Path.Combine(_folder.File("unmounted"), "policyportal");
        var database = Path.Combine(dataDirectory, "policyportal.db");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
                ["App__DataDirectory"] = dataDirectory,
                ["App__FileLogging"] = "false",
            },
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "PolicyPortal.Web.dll"));

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        var log = await output + await errors;

        Assert.Equal(1, process.ExitCode);
        var fatal = Assert.Single(log.Split('\n'), line => line.Contains("FTL]", StringComparison.Ordinal));
        Assert.Contains($"The portal did not start: The database {database} does not exist.", fatal, StringComparison.Ordinal);
        Assert.Contains("create it with `dotnet PolicyPortal.Web.dll init`", fatal, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", log, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", log, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dataDirectory), "Nothing is created where the database should be.");
    }

    [Fact]
    public async Task Init_makes_a_database_a_portal_starts_on_and_running_it_again_changes_nothing()
    {
        var database = Path.Combine(_folder.File("data"), "policyportal.db");

        var init = await PortalCommandLine.RunAsync(database, "init");

        Assert.Equal(0, init.ExitCode);
        Assert.Contains($"Created the database {database}.", init.Output, StringComparison.Ordinal);
        Assert.Contains("Applied ", init.Output, StringComparison.Ordinal);
        Assert.Contains("Write-ahead logging is on.", init.Output, StringComparison.Ordinal);
        Assert.Contains("Created the roles Staff, Governor, Principal.", init.Output, StringComparison.Ordinal);
        Assert.Contains("Imported the shipped policy personal-use-of-social-media version 1.0.", init.Output, StringComparison.Ordinal);

        using var app = PortalApplication.OnDatabase(database, "Production");
        Assert.Equal(HttpStatusCode.OK, (await app.Anonymous().GetAsync("/health/ready")).StatusCode);
        Assert.Equal("wal", Assert.Single(await app.WithDatabaseAsync(db => db.Database.SqlQueryRaw<string>("PRAGMA journal_mode").ToListAsync())));

        var again = await PortalCommandLine.RunAsync(database, "init");

        Assert.Equal(0, again.ExitCode);
        Assert.Contains($"The database {database} exists.", again.Output, StringComparison.Ordinal);
        Assert.Contains("there were none to apply", again.Output, StringComparison.Ordinal);
        Assert.Contains("The roles and shipped policies were there already.", again.Output, StringComparison.Ordinal);
        await AssertSeededOnceAsync(app);
    }

    // An empty database with the schema, as the SQL Server script leaves one, or as two servers of a new install find it.
    [Fact]
    public async Task Two_portals_started_at_the_same_moment_on_an_unseeded_database_both_come_up_and_seed_it_once()
    {
        var database = _folder.File("policyportal.db");
        await using (var db = new SqlitePortalDbContext(new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite($"Data Source={database}").Options))
        {
            await db.Database.MigrateAsync();
        }

        SqliteConnection.ClearAllPools();
        using var first = PortalApplication.OnDatabase(database);
        using var second = first.SecondInstance();

        await Task.WhenAll(Task.Run(() => first.Services), Task.Run(() => second.Services));

        Assert.Equal(HttpStatusCode.OK, (await first.Anonymous().GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.Anonymous().GetAsync("/health/ready")).StatusCode);
        await AssertSeededOnceAsync(first);
    }

    [Fact]
    public async Task In_development_two_portals_started_at_the_same_moment_without_a_database_create_it_once()
    {
        var database = _folder.File("policyportal.db");
        using var first = PortalApplication.OnDatabase(database, "Development");
        using var second = first.SecondInstance();

        await Task.WhenAll(Task.Run(() => first.Services), Task.Run(() => second.Services));

        Assert.Equal(HttpStatusCode.OK, (await first.Anonymous().GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.Anonymous().GetAsync("/health/ready")).StatusCode);
        await AssertSeededOnceAsync(first);
        Assert.Equal(4, await first.WithDatabaseAsync(db => db.Users.CountAsync()));
    }

    private static async Task AssertSeededOnceAsync(PortalApplication app)
    {
        var roles = await app.WithDatabaseAsync(db => db.Roles.Select(r => r.Name!).OrderBy(n => n).ToListAsync());
        Assert.Equal(["Governor", "Principal", "Staff"], roles);
        Assert.Equal(1, await app.WithDatabaseAsync(db => db.Policies.CountAsync()));
        Assert.Equal(1, await app.WithDatabaseAsync(db => db.PolicyRevisions.CountAsync()));
    }
}
