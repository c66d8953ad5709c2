using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using PolicyPortal.FunctionalTests.Signing;
using PolicyPortal.Testing;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Data.Seeding;
using PolicyPortal.Web.Services;

namespace PolicyPortal.FunctionalTests.Data;

/// <summary>Backups of the SQLite database that restore, by command and on a schedule.</summary>
public sealed class BackupTests(BackupTests.PortalWithBackups app) : IClassFixture<BackupTests.PortalWithBackups>, IAsyncLifetime, IDisposable
{
    private readonly TemporaryFolder _folder = new();

    /// <summary>A running portal with scheduled backups into its data folder, the newest two kept.</summary>
    public sealed class PortalWithBackups : PortalApplication
    {
        public PortalWithBackups() => Settings = new Dictionary<string, string> { ["Backup:Directory"] = "backups", ["Backup:Keep"] = "2" };

        public string BackupDirectory => Path.Combine(DataDirectory, "backups");
    }

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _folder.Dispose();

    // The must-show of "Evidence that survives": a backup taken during signing load, restored over a database that
    // has moved on and beside which a crashed portal left its -wal and -shm, shows exactly what was signed before it.
    [Fact]
    public async Task A_backup_taken_while_people_sign_restores_into_a_portal_showing_the_signatures_answered_before_it_began()
    {
        var database = _folder.File("policyportal.db");
        var backup = Path.Combine(_folder.Path, "backups", "during-signing.db");
        File.Copy(TemplateDatabase.Path, database);
        var signers = Enumerable.Range(1, 44).Select(n => new DemoAccount($"signer{n}@school.example", $"Signer {n}", "Teacher", Roles.Staff)).ToList();
        var signed = new ConcurrentBag<Signed>();
        long began, ended;
        string backedUp;
        using (var before = PortalApplication.OnDatabase(database))
        {
            foreach (var signer in signers)
            {
                await before.AddPersonAsync(signer.Email, signer.FullName, signer.JobTitle, signer.Role);
            }

            var forms = await Task.WhenAll(signers.Select(async signer =>
            {
                var client = await before.SignedInAsync(signer.Email, DemoAccounts.Password);
                return new SigningLoad(signer.Email, client, await SigningForm.FilledInAsync(client, signer.FullName));
            }));

            // Three people at a time sign, before, during and after the backup, which begins once six have their
            // receipts; the last four sign once it is taken.
            var load = new ConcurrentQueue<SigningLoad>(forms[..^4]);
            var answeredBeforeBackup = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            async Task SignAsync()
            {
                while (load.TryDequeue(out var form))
                {
                    signed.Add(await form.SignAsync());
                    if (signed.Count >= 6)
                    {
                        answeredBeforeBackup.TrySetResult();
                    }
                }
            }

            var signing = Enumerable.Range(0, 3).Select(_ => Task.Run(SignAsync)).ToList();
            await answeredBeforeBackup.Task;
            began = Stopwatch.GetTimestamp();
            var result = await PortalCommandLine.RunAsync(database, "backup", backup);
            ended = Stopwatch.GetTimestamp();
            foreach (var form in forms[^4..])
            {
                signed.Add(await form.SignAsync());
            }

            await Task.WhenAll(signing);

            Assert.Equal(0, result.ExitCode);
            backedUp = result.Output;
        }

        await LeaveStaleWriteAheadLogAsync(database);
        var restore = await PortalCommandLine.RunAsync(database, "restore", backup);
        using var after = PortalApplication.OnDatabase(database);
        var shown = await SignedOnSignOffListAsync(after);

        Assert.Equal(0, restore.ExitCode);
        Assert.Contains($"Backed up {database} to {backup}: ", backedUp, StringComparison.Ordinal);
        Assert.Contains("quick_check ok", backedUp, StringComparison.Ordinal);
        Assert.Contains($"Checked {backup}: integrity_check ok; ", restore.Output, StringComparison.Ordinal);
        Assert.Contains($"Replaced {database} with it, and removed the stale policyportal.db-wal and policyportal.db-shm.", restore.Output, StringComparison.Ordinal);
        var answeredBefore = signed.Where(s => s.AnsweredAt < began).Select(s => s.Email).ToHashSet();
        var inFlight = signed.Where(s => s.AnsweredAt >= began && s.SentAt <= ended).Select(s => s.Email).ToHashSet();
        var sentAfter = signed.Where(s => s.SentAt > ended).Select(s => s.Email).ToHashSet();
        Assert.Equal(signers.Count, signed.Count);
        Assert.True(answeredBefore.Count >= 6 && sentAfter.Count >= 4, $"{answeredBefore.Count} answered before the backup, {sentAfter.Count} sent after it.");
        Assert.Subset(shown, answeredBefore);
        Assert.Subset(answeredBefore.Union(inFlight).ToHashSet(), shown);
        Assert.Contains($"{shown.Count} signature", backedUp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_refuses_while_a_portal_is_running_on_the_database_and_changes_nothing()
    {
        var backup = _folder.File("backup.db");
        var backedUp = await PortalCommandLine.RunAsync(app.DatabasePath, "backup", backup);

        var restore = await PortalCommandLine.RunAsync(app.DatabasePath, "restore", backup);

        Assert.Equal(0, backedUp.ExitCode);
        Assert.Equal(1, restore.ExitCode);
        Assert.Contains($"A portal is running on {app.DatabasePath}", restore.Output, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed.", restore.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(app.DatabasePath + ".restoring"));
        Assert.Equal(HttpStatusCode.OK, (await app.Anonymous().GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task Restore_refuses_a_backup_from_a_newer_version_naming_the_migration_it_does_not_know()
    {
        var backup = _folder.File("newer.db");
        await PortalCommandLine.RunAsync(app.DatabasePath, "backup", backup);
        await ExecuteAsync(backup, "INSERT INTO __EFMigrationsHistory (MigrationId, ProductVersion) VALUES ('29991231000000_FromTheFuture', '99.0.0')");

        var restore = await PortalCommandLine.RunAsync(_folder.File("policyportal.db"), "restore", backup);

        Assert.Equal(1, restore.ExitCode);
        Assert.Contains($"{backup} was made by a newer version of PolicyPortal", restore.Output, StringComparison.Ordinal);
        Assert.Contains("(29991231000000_FromTheFuture)", restore.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(_folder.File("policyportal.db")));
    }

    [Fact]
    public async Task A_backup_from_an_older_version_is_restored_and_its_missing_migrations_are_left_to_the_next_start()
    {
        var backup = _folder.File("older.db");
        await PortalCommandLine.RunAsync(app.DatabasePath, "backup", backup);
        await ExecuteAsync(backup, "DELETE FROM __EFMigrationsHistory WHERE MigrationId = (SELECT MAX(MigrationId) FROM __EFMigrationsHistory)");

        var restore = await PortalCommandLine.RunAsync(_folder.File("policyportal.db"), "restore", backup);

        Assert.Equal(0, restore.ExitCode);
        Assert.Contains("The backup lacks 1 migration(s) of this version", restore.Output, StringComparison.Ordinal);
        Assert.Contains("the portal applies them when it next starts.", restore.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(_folder.File("policyportal.db")));
    }

    [Fact]
    public async Task Restore_refuses_a_missing_file_and_a_file_that_is_not_a_database_with_a_message_and_no_stack_trace()
    {
        var notADatabase = _folder.File("notes.db");
        await File.WriteAllTextAsync(notADatabase, "Not a database, however it is named.");

        var missing = await PortalCommandLine.RunAsync(app.DatabasePath, "restore", _folder.File("nowhere.db"));
        var notSqlite = await PortalCommandLine.RunAsync(app.DatabasePath, "restore", notADatabase);

        Assert.Equal((1, $"There is no file {_folder.File("nowhere.db")}.\n"), (missing.ExitCode, missing.Output));
        Assert.Equal((1, $"Nothing was restored: {notADatabase} is not a SQLite database.\n"), (notSqlite.ExitCode, notSqlite.Output));
    }

    [Fact]
    public async Task Scheduled_backups_are_named_by_utc_time_and_the_oldest_beyond_keep_are_deleted()
    {
        var made = new List<string?>();
        foreach (var hours in new[] { 0, 1, 23, 24, 24 })
        {
            app.Clock.Advance(TimeSpan.FromHours(hours));
            await using var scope = app.Services.CreateAsyncScope();
            made.Add(await scope.ServiceProvider.GetRequiredService<ScheduledBackups>().RunAsync());
        }

        string[] names = ["policyportal-20261124T093000Z.db", null!, "policyportal-20261125T093000Z.db", "policyportal-20261126T093000Z.db", "policyportal-20261127T093000Z.db"];
        Assert.Equal(names, made.Select(file => file is null ? null : Path.GetFileName(file)));
        Assert.Equal(names[^2..], Directory.GetFiles(app.BackupDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    // What a portal killed in the middle of writing leaves beside the database: a -wal and -shm holding a write made
    // after the backup (here the Principal's signature), which SQLite would read as part of whatever file it finds there.
    private static async Task LeaveStaleWriteAheadLogAsync(string database)
    {
        await using (var connection = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var sign = connection.CreateCommand();
            sign.CommandText = """
                INSERT INTO Acknowledgements (UserId, RevisionId, SignedAtUtc, TextSha256, SignatureName)
                SELECT u.Id, r.Id, '2026-11-24 09:30:00', r.BodySha256, u.FullName FROM AspNetUsers u, PolicyRevisions r WHERE u.Email = 'principal@example.org'
                """;
            await sign.ExecuteNonQueryAsync();
            File.Copy(database + "-wal", database + "-wal.kept");
            File.Copy(database + "-shm", database + "-shm.kept");
        }

        File.Move(database + "-wal.kept", database + "-wal");
        File.Move(database + "-shm.kept", database + "-shm");
    }

    // Who the Principal's sign-off list shows as having signed the shipped policy.
    private static async Task<HashSet<string>> SignedOnSignOffListAsync(PortalApplication app)
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var csv = await principal.GetStringAsync($"/compliance/{SeedPolicy.Slug}/sign-off.csv");
        return csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(line => line.Split(','))
            .Where(cells => cells[4].Length > 0)
            .Select(cells => cells[1])
            .ToHashSet();
    }

    private static async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private sealed record Signed(string Email, long SentAt, long AnsweredAt);

    private sealed record SigningLoad(string Email, HttpClient Client, Dictionary<string, string> Fields)
    {
        public async Task<Signed> SignAsync()
        {
            var sentAt = Stopwatch.GetTimestamp();
            var response = await SigningForm.PostAsync(Client, Fields);
            var answeredAt = Stopwatch.GetTimestamp();
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            return new Signed(Email, sentAt, answeredAt);
        }
    }
}
