using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.Data.Sqlite;
using PolicyPortal.FunctionalTests.Signing;
using PolicyPortal.Testing;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Data.Seeding;
using Serilog.Events;

namespace PolicyPortal.FunctionalTests.Data;

/// <summary>
/// The portal's SQLite file deleted, replaced or damaged under it: nobody is told "signed" for a signature written
/// nowhere, readiness fails, and the log says so once.
/// </summary>
public sealed class DatabaseFileTests
{
    private const string LostPage = "The portal cannot reach its records right now, so nothing was recorded. Please tell the school office.";

    [Fact]
    public async Task A_database_file_deleted_under_signing_load_refuses_every_signature_sent_afterwards_and_says_so_once()
    {
        var log = new CapturedLog();
        using var app = new PortalApplication { ConfigureTestServices = log.AddTo };
        var signers = await SignersAsync(app, 24);

        // Four at a time, like a staff meeting told to sign now; the file goes once eight have been answered.
        var answers = new ConcurrentBag<(long SentAt, HttpResponseMessage Response)>();
        var next = -1;
        var answered = 0;
        var deletedAt = long.MaxValue;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < signers.Count; i = Interlocked.Increment(ref next))
            {
                var sentAt = Stopwatch.GetTimestamp();
                answers.Add((sentAt, await SigningForm.PostAsync(signers[i].Client, signers[i].Fields)));
                if (Interlocked.Increment(ref answered) == 8)
                {
                    Delete(app.DatabasePath);
                    Interlocked.Exchange(ref deletedAt, Stopwatch.GetTimestamp());
                }
            }
        })));

        var before = answers.Where(a => a.SentAt < deletedAt).ToList();
        var after = answers.Where(a => a.SentAt > deletedAt).ToList();
        Assert.True(after.Count >= 8, $"Only {after.Count} signatures were sent after the file was deleted.");
        Assert.All(before, a => Assert.Contains(a.Response.StatusCode, new[] { HttpStatusCode.Redirect, HttpStatusCode.ServiceUnavailable }));
        foreach (var (_, refused) in after)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Contains(LostPage, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await AssertNotReadyAsync(app);
        Assert.Equal(HttpStatusCode.OK, (await app.Anonymous().GetAsync("/health/live")).StatusCode);
        var error = Assert.Single(Errors(log));
        Assert.StartsWith($"The database file {app.DatabasePath} is no longer the one the portal opened: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_file_replaced_by_another_is_noticed_within_seconds_with_nobody_asking()
    {
        var log = new CapturedLog();
        using var app = new PortalApplication { Settings = new Dictionary<string, string> { ["Database:WatchSeconds"] = "1" }, ConfigureTestServices = log.AddTo };
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        var fields = await SigningForm.FilledInAsync(teacher, "Sam Taylor");

        // Another database moved into its place, as a backup or another school's file might be.
        var other = Path.Combine(app.DataDirectory, "other.db");
        await using (var connection = new SqliteConnection($"Data Source={other};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var create = connection.CreateCommand();
            create.CommandText = "CREATE TABLE Policies (Id INTEGER PRIMARY KEY)";
            await create.ExecuteNonQueryAsync();
        }

        File.Delete(app.DatabasePath + "-wal");
        File.Delete(app.DatabasePath + "-shm");
        File.Move(other, app.DatabasePath, overwrite: true);
        await log.WaitForAsync(e => e.Level == LogEventLevel.Error && CapturedLog.Text(e).Contains(app.DatabasePath, StringComparison.Ordinal));

        await AssertNotReadyAsync(app);
        var refused = await SigningForm.PostAsync(teacher, fields);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Contains(LostPage, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single(Errors(log));
    }

    [Fact]
    public async Task An_earlier_copy_of_the_same_database_put_in_its_place_is_noticed_by_its_shorter_record()
    {
        var log = new CapturedLog();
        using var app = new PortalApplication { ConfigureTestServices = log.AddTo };
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        await SigningForm.SignAsync(teacher, "Sam Taylor");

        // A copy taken now has the same identity as the file; then one more signature, which readiness sees recorded.
        var copy = Path.Combine(app.DataDirectory, "copy.db");
        await using (var connection = new SqliteConnection($"Data Source={app.DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var vacuum = connection.CreateCommand();
            vacuum.CommandText = $"VACUUM INTO '{copy}'";
            await vacuum.ExecuteNonQueryAsync();
        }

        await SigningForm.SignAsync(await app.SignedInAsync(DemoAccounts.Support), "Jo Patel");
        Assert.Equal(HttpStatusCode.OK, (await app.Anonymous().GetAsync("/health/ready")).StatusCode);

        File.Delete(app.DatabasePath + "-wal");
        File.Delete(app.DatabasePath + "-shm");
        File.Move(copy, app.DatabasePath, overwrite: true);

        await AssertNotReadyAsync(app);
        var error = Assert.Single(Errors(log));
        Assert.Contains("an earlier copy is in its place (its record ends at entry 1; entry 2 was written)", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_damaged_database_file_stops_the_portal_starting_with_what_SQLite_found()
    {
        var directory = Directory.CreateTempSubdirectory("policyportal-damaged-");
        try
        {
            var path = Path.Combine(directory.FullName, "portal.db");
            File.Copy(TemplateDatabase.Path, path);
            await DamageAsync(path, "Policies");
            var log = new CapturedLog();
            using var app = new PortalApplication
            {
                SeedDemoAccounts = false,
                Settings = new Dictionary<string, string> { ["ConnectionStrings:Portal"] = $"Data Source={path}" },
                ConfigureTestServices = log.AddTo,
            };

            Assert.ThrowsAny<Exception>(() => app.Services);

            // One critical line with the reason; the host's own error, with a stack trace, is left out.
            var refused = Assert.Single(log.Events, e => e.Level >= LogEventLevel.Error);
            Assert.Equal(LogEventLevel.Fatal, refused.Level);
            Assert.StartsWith($"The portal did not start: The database file {path} is damaged: SQLite's quick_check found ", CapturedLog.Text(refused), StringComparison.Ordinal);
            Assert.Contains("Restore it from a backup", CapturedLog.Text(refused), StringComparison.Ordinal);
            Assert.Null(refused.Exception);
        }

        finally
        {
            SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_database_file_damaged_while_the_portal_runs_is_reported_unready_after_the_next_check()
    {
        var log = new CapturedLog();
        using var app = new PortalApplication { Settings = new Dictionary<string, string> { ["Database:WatchSeconds"] = "1" }, ConfigureTestServices = log.AddTo };
        Assert.Equal(HttpStatusCode.OK, (await app.Anonymous().GetAsync("/health/ready")).StatusCode);

        // Through SQLite, whose locks the portal shares: an index of reminders pointed at the table's own pages.
        await using (var connection = new SqliteConnection($"Data Source={app.DatabasePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var damage = connection.CreateCommand();
            damage.CommandText = """
                PRAGMA writable_schema = ON;
                UPDATE sqlite_schema SET rootpage = (SELECT rootpage FROM sqlite_schema WHERE name = 'Reminders')
                WHERE name = (SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'Reminders' ORDER BY name LIMIT 1);
                PRAGMA writable_schema = OFF;
                """;
            await damage.ExecuteNonQueryAsync();
        }

        app.Clock.Advance(TimeSpan.FromHours(24));
        await log.WaitForAsync(e => e.Level == LogEventLevel.Error && CapturedLog.Text(e).Contains("is damaged: SQLite's quick_check found", StringComparison.Ordinal));

        await AssertNotReadyAsync(app);
        Assert.Single(Errors(log));
    }

    private static async Task<List<(HttpClient Client, Dictionary<string, string> Fields)>> SignersAsync(PortalApplication app, int count)
    {
        var signers = new List<(HttpClient, Dictionary<string, string>)>();
        for (var n = 1; n <= count; n++)
        {
            var person = await app.AddPersonAsync($"signer{n}@example.org", $"Signer {n}", "Teacher", Roles.Staff);
            var client = await app.SignedInAsync(person);
            signers.Add((client, await SigningForm.FilledInAsync(client, person.FullName)));
        }

        return signers;
    }

    // As someone might from a shell, under the running portal: the file and its write-ahead log.
    private static void Delete(string path)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }

    // Writes over the start of a table's first page. Only while no connection has the file open: closing this stream's
    // descriptor would drop the locks of any SQLite connection in this process on the same file.
    private static async Task DamageAsync(string path, string table)
    {
        long page;
        long pageSize;
        await using (var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False"))
        {
            await connection.OpenAsync();
            await using var query = connection.CreateCommand();
            query.CommandText = $"SELECT rootpage FROM sqlite_schema WHERE name = '{table}'";
            page = (long)(await query.ExecuteScalarAsync())!;
            query.CommandText = "PRAGMA page_size";
            pageSize = (long)(await query.ExecuteScalarAsync())!;
        }

        await using var file = new FileStream(path, FileMode.Open, FileAccess.Write);
        file.Position = (page - 1) * pageSize;
        await file.WriteAsync(Enumerable.Repeat((byte)0xFF, 64).ToArray());
    }

    // Each error as the log shows it, with its exception if it has one.
    private static List<string> Errors(CapturedLog log) =>
        [.. log.Events.Where(e => e.Level >= LogEventLevel.Error).Select(e => $"{CapturedLog.Text(e)}{e.Exception}")];

    private static async Task AssertNotReadyAsync(PortalApplication app)
    {
        var response = await app.Anonymous().GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", await response.Content.ReadAsStringAsync());
    }
}
