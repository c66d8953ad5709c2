using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using PolicyPortal.Web.Data.Seeding;

namespace PolicyPortal.Testing;

/// <summary>
/// The databases test hosts start from, each made once per test run by the app itself. <see cref="Path"/>, which most
/// hosts start from: migrated, seeded with the shipped policy and the demo accounts (hashed as the test hosts hash), and
/// holding the data protection key ring. Every host copied from it has the same accounts, security stamps and keys, so
/// a sign-in cookie from one host, or from before a reset, is good on another. <see cref="NewInstallPath"/>: a new
/// install's database, as <c>init</c> leaves it, with the roles and shipped policy and no account.
/// </summary>
public static class TemplateDatabase
{
    private static readonly Lazy<string> File = new(() => Task.Run(CreateAsync).GetAwaiter().GetResult());
    private static readonly Lazy<string> NewInstallFile = new(() => Task.Run(CreateNewInstallAsync).GetAwaiter().GetResult());

    /// <summary>The template's file, made the first time it is asked for.</summary>
    public static string Path => File.Value;

    /// <summary>A new install's database, made by <c>init</c> the first time it is asked for.</summary>
    public static string NewInstallPath => NewInstallFile.Value;

    /// <summary>Writes the template's content over the database at <paramref name="connectionString"/>, whoever has it open.</summary>
    public static async Task RestoreAsync(string connectionString)
    {
        await using var template = new SqliteConnection($"Data Source={Path};Mode=ReadOnly;Pooling=False");
        await using var target = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
        await template.OpenAsync();
        await target.OpenAsync();

        // The copy waits, as the app's own writes do, for a write the app may still be finishing for the last test; and
        // starts again if such a write lands between its first look at the database and its own write.
        await using (var wait = target.CreateCommand())
        {
            wait.CommandText = "PRAGMA busy_timeout = 30000";
            await wait.ExecuteNonQueryAsync();
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                template.BackupDatabase(target);
                return;
            }
            catch (SqliteException busy) when (busy.SqliteErrorCode == SQLitePCL.raw.SQLITE_BUSY && attempt < 10)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt));
            }
        }
    }

    private static async Task<string> CreateAsync()
    {
        var path = NewFile("template");

        // A new install's database, which the app prepares at startup.
        using var app = new PortalApplication { SeedDemoAccounts = false };
        await DemoAccounts.SeedAsync(app.Services);

        // The first key of the ring is made when something is first protected.
        app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(nameof(TemplateDatabase)).Protect([0]);

        await using var made = new SqliteConnection($"Data Source={app.DatabasePath};Pooling=False");
        await using var template = new SqliteConnection($"Data Source={path};Pooling=False");
        await made.OpenAsync();
        await template.OpenAsync();
        made.BackupDatabase(template);
        await UseRollbackJournalAsync(template);
        return path;
    }

    private static async Task<string> CreateNewInstallAsync()
    {
        var path = NewFile("new-install");
        var init = await PortalCommandLine.RunAsync(path, "init");
        if (init.ExitCode != 0)
        {
            throw new InvalidOperationException($"init failed: {init.Output}");
        }

        await using var template = new SqliteConnection($"Data Source={path};Pooling=False");
        await template.OpenAsync();
        await UseRollbackJournalAsync(template);
        return path;
    }

    // A rollback journal rather than write-ahead logging, as the copy would otherwise keep from the app's file: then the
    // many read-only opens of a template, from test classes at once, need no -wal and -shm files beside it. Each host's
    // startup turns its own copy back to write-ahead logging.
    private static async Task UseRollbackJournalAsync(SqliteConnection template)
    {
        await using var journal = template.CreateCommand();
        journal.CommandText = "PRAGMA journal_mode=DELETE";
        await journal.ExecuteNonQueryAsync();
    }

    // A file in a folder of its own, deleted when the test run ends.
    private static string NewFile(string name)
    {
        var directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "policyportal-tests", name + "-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS to clean up; it must not fail the test run.
            }
        };
        return System.IO.Path.Combine(directory, "portal.db");
    }
}
