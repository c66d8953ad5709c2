using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PolicyPortal.Web.Data;

namespace PolicyPortal.Web.Infrastructure;

/// <summary>
/// <c>restore &lt;file&gt;</c>: puts a backup in place of the SQLite database while no portal runs on it. The backup is
/// copied beside the database and checked first (<c>PRAGMA integrity_check</c>, and migrations this build knows), so a
/// backup that will not do is refused before anything is touched; then the stale -wal and -shm go and the copy is renamed
/// over the database, while this command holds <see cref="RunningMarker"/> alone so no portal starts meanwhile.
/// </summary>
internal sealed class RestoreCommand : IAdminCommand
{
    public string Name => "restore";

    public async Task<int> RunAsync(IServiceProvider services, string[] args, TextReader input, TextWriter output)
    {
        if (args is not [var file])
        {
            await output.WriteLineAsync($"Usage: {Name} <file>");
            return 2;
        }

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        if (db.SqliteFile() is not { } database)
        {
            await output.WriteLineAsync(AdminCommands.SqlServerRefusal(Name, "RESTORE DATABASE"));
            return 1;
        }

        var backup = Path.GetFullPath(file);
        if (!File.Exists(backup))
        {
            await output.WriteLineAsync($"There is no file {backup}.");
            return 1;
        }

        if (backup == database)
        {
            await output.WriteLineAsync($"{backup} is the portal's database itself; give the backup to restore.");
            return 1;
        }

        var copy = database + ".restoring";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(database)!);
            File.Copy(backup, copy, overwrite: true);
            KeepPermissions(database, copy);
            var facts = await SqliteBackup.InspectAsync(copy, backup, thorough: true, CancellationToken.None);
            var known = db.Database.GetMigrations().ToList();
            var unknown = facts.Migrations.Except(known).ToList();
            if (unknown.Count > 0)
            {
                await output.WriteLineAsync(
                    $"{backup} was made by a newer version of PolicyPortal: it has migrations this version does not know ({string.Join(", ", unknown)}). "
                    + "Restore it with that version or a later one. Nothing was changed.");
                return 1;
            }

            await output.WriteLineAsync($"Checked {backup}: integrity_check ok; {facts}.");
            using var alone = RunningMarker.TryHoldAlone(database);
            if (alone is null)
            {
                await output.WriteLineAsync(
                    $"A portal is running on {database} ({RunningMarker.PathOf(database)} is held). Stop every portal that uses this database, "
                    + "for example with `sudo systemctl stop policyportal`, then restore again. Nothing was changed.");
                return 1;
            }

            var removed = SqliteBackup.PutInPlace(copy, database);
            await output.WriteLineAsync(removed.Count == 0
                ? $"Replaced {database} with it."
                : $"Replaced {database} with it, and removed the stale {string.Join(" and ", removed)}.");
            var missing = known.Except(facts.Migrations).ToList();
            if (missing.Count > 0)
            {
                var migrates = scope.ServiceProvider.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStartup ?? true;
                await output.WriteLineAsync(
                    $"The backup lacks {missing.Count} migration(s) of this version ({string.Join(", ", missing)}): "
                    + (migrates ? "the portal applies them when it next starts." : $"apply them with `{DatabaseSetup.InitCommandLine}` before starting the portal."));
            }

            await output.WriteLineAsync("Start the portal again.");
            return 0;
        }
        catch (Exception error) when (SqliteBackup.IsExpectedProblem(error))
        {
            await output.WriteLineAsync($"Nothing was restored: {error.Message}");
            return 1;
        }
        finally
        {
            File.Delete(copy);
        }
    }

    // The restored file gets the database's permissions, not the backup's, which may be read-only.
    private static void KeepPermissions(string database, string copy)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(copy, File.Exists(database) ? File.GetUnixFileMode(database) : UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
