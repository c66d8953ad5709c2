using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PolicyPortal.Testing;

namespace PolicyPortal.FunctionalTests.Health;

/// <summary>What a load balancer or orchestrator sees: live while the process runs, ready while the database is usable.</summary>
public sealed class HealthEndpointTests
{
    [Fact]
    public async Task Live_and_ready_answer_healthy_to_anyone_on_a_migrated_database()
    {
        using var app = new PortalApplication { SeedDemoAccounts = false };

        foreach (var url in new[] { "/health/live", "/health/ready" })
        {
            var response = await app.Anonymous().GetAsync(url);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
        }

        // A probe uses GET (HEAD reads the same answer without its body); any other method is refused as such.
        foreach (var method in new[] { HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch })
        {
            foreach (var url in new[] { "/health/live", "/health/ready" })
            {
                var refused = await app.Anonymous().SendAsync(new HttpRequestMessage(method, url));

                Assert.Equal(HttpStatusCode.MethodNotAllowed, refused.StatusCode);
            }
        }
    }

    [Fact]
    public async Task Ready_answers_503_when_the_newest_migration_is_not_applied_and_live_still_answers_200()
    {
        using var app = new PortalApplication { SeedDemoAccounts = false };
        await app.WithDatabaseAsync(async db =>
        {
            var newest = db.Database.GetMigrations().Last();
            await db.Database.ExecuteSqlAsync($"DELETE FROM __EFMigrationsHistory WHERE MigrationId = {newest}");
        });

        await AssertNotReadyAsync(app);
        Assert.Equal(HttpStatusCode.OK, (await app.Anonymous().GetAsync("/health/live")).StatusCode);
    }

    // Outside Development the app's connections may not create the file, so the file stays gone, rather than come back
    // empty and ready.
    [Fact]
    public async Task Ready_answers_503_when_the_database_file_is_gone_and_no_empty_one_takes_its_place()
    {
        using var app = new PortalApplication { SeedDemoAccounts = false };
        Assert.Equal(HttpStatusCode.OK, (await app.Anonymous().GetAsync("/health/ready")).StatusCode);

        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(app.DataDirectory, Path.GetFileName(app.DatabasePath) + "*"))
        {
            File.Delete(file);
        }

        await AssertNotReadyAsync(app);
        Assert.False(File.Exists(app.DatabasePath));
    }

    // Plain text with one word: no error page, no exception, no version, nothing a passer-by could use.
    private static async Task AssertNotReadyAsync(PortalApplication app)
    {
        var response = await app.Anonymous().GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Unhealthy", await response.Content.ReadAsStringAsync());
    }
}
