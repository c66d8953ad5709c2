using System.Globalization;
using Microsoft.Data.Sqlite;
using static SQLitePCL.raw;

namespace PolicyPortal.Web.Infrastructure;

/// <summary>
/// Copies of the SQLite database that restore. A backup is taken through SQLite's online backup API, which copies one
/// consistent snapshot however busy the portal is, where copying the file (or the file and its -wal) while the portal
/// writes can catch a signature half written. It is written under a temporary name beside the target, checked, and only
/// then renamed, so a file with the backup's name is always whole. A restore checks its copy before it replaces anything.
/// </summary>
internal static class SqliteBackup
{
    /// <summary>Backs up the database at <paramref name="sourceConnectionString"/> to <paramref name="target"/>, replacing any file there.</summary>
    /// <returns>What the backup holds, checked with <c>PRAGMA quick_check</c>.</returns>
    public static async Task<DatabaseFacts> WriteAsync(string sourceConnectionString, string target, CancellationToken cancellationToken)
    {
        if (Directory.Exists(target))
        {
            throw new IOException($"{target} is a folder; give the name of the backup file to write in it.");
        }

        var partial = target + ".partial";
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Delete(partial);
        try
        {
            // A backup holds everyone's personal data and the keys that protect sign-in cookies: for the service account
            // alone. SQLite keeps the mode of a file that exists, and gives its journal the same.
            if (!OperatingSystem.IsWindows())
            {
                using (File.Open(partial, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }))
                {
                }
            }

            var source = new SqliteConnectionStringBuilder(sourceConnectionString) { Pooling = false };
            await using (var live = new SqliteConnection(source.ToString()))
            await using (var copy = Open(partial, SqliteOpenMode.ReadWriteCreate))
            {
                await live.OpenAsync(cancellationToken);
                await copy.OpenAsync(cancellationToken);

                // Should a checkpoint hold a lock the read needs, the backup waits as the portal's own writes do.
                await ExecuteAsync(live, $"PRAGMA busy_timeout = {source.DefaultTimeout * 1000}", cancellationToken);
                live.BackupDatabase(copy);

                // One file that can be copied or restored alone, with no -wal beside it.
                await ExecuteAsync(copy, "PRAGMA journal_mode=DELETE", cancellationToken);
            }

            var facts = await InspectAsync(partial, target, thorough: false, cancellationToken);
            File.Move(partial, target, overwrite: true);
            return facts;
        }
        finally
        {
            File.Delete(partial);
        }
    }

    /// <summary>
    /// Checks a database file, quickly (<c>quick_check</c>) or thoroughly (<c>integrity_check</c>), and reads what it holds.
    /// </summary>
    /// <param name="name">The file as messages name it, when <paramref name="file"/> is a copy of it.</param>
    /// <exception cref="InvalidDataException">It is not a SQLite database, it is damaged, or it is not the portal's.</exception>
    public static async Task<DatabaseFacts> InspectAsync(string file, string name, bool thorough, CancellationToken cancellationToken)
    {
        var check = thorough ? "integrity_check" : "quick_check";
        await using var connection = Open(file, SqliteOpenMode.ReadWrite);
        await connection.OpenAsync(cancellationToken);
        try
        {
            var problems = await ReadAsync(connection, $"PRAGMA {check}", cancellationToken);
            if (problems is not ["ok"])
            {
                throw new InvalidDataException($"{name} is damaged: {check} found {string.Join("; ", problems.Take(3))}.");
            }

            var migrations = await ReadAsync(connection, "SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId", cancellationToken);
            var signatures = await CountAsync(connection, "Acknowledgements", cancellationToken);
            var people = await CountAsync(connection, "AspNetUsers", cancellationToken);
            return new DatabaseFacts(name, new FileInfo(file).Length, migrations, signatures, people);
        }
        catch (SqliteException error) when (error.SqliteErrorCode == SQLITE_NOTADB)
        {
            throw new InvalidDataException($"{name} is not a SQLite database.");
        }
        catch (SqliteException error) when (error.SqliteErrorCode == SQLITE_CORRUPT)
        {
            throw new InvalidDataException($"{name} is damaged: {error.Message}");
        }
        catch (SqliteException error) when (error.SqliteErrorCode == SQLITE_ERROR && error.Message.Contains("no such table", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{name} is not a PolicyPortal database ({error.Message}).");
        }
    }

    /// <summary>
    /// Puts a checked copy in place of the database, which no portal may have open. The database's -wal, -shm and -journal
    /// files go first: SQLite would read a stale one as part of the restored file, bringing back what the restore took away
    /// or damaging it. Then the copy is renamed over the database, so the database is never half written.
    /// </summary>
    /// <returns>The names of the stale files removed.</returns>
    public static IReadOnlyList<string> PutInPlace(string copy, string database)
    {
        var removed = new List<string>();
        foreach (var stale in new[] { "-wal", "-shm", "-journal" }.Select(suffix => database + suffix).Where(File.Exists))
        {
            File.Delete(stale);
            removed.Add(Path.GetFileName(stale));
        }

        File.Move(copy, database, overwrite: true);
        return removed;
    }

    /// <summary>
    /// Whether a backup, restore or init failed for a reason its message explains to an operator (a missing or
    /// unwritable folder, a full disk, a file that is not the portal's database), so it is told without a stack trace.
    /// </summary>
    public static bool IsExpectedProblem(Exception error) => error is InvalidDataException or IOException or UnauthorizedAccessException
        || error is SqliteException { SqliteErrorCode: SQLITE_CANTOPEN or SQLITE_FULL or SQLITE_IOERR or SQLITE_READONLY or SQLITE_PERM or SQLITE_NOTADB or SQLITE_CORRUPT or SQLITE_BUSY };

    private static SqliteConnection Open(string file, SqliteOpenMode mode) =>
        new(new SqliteConnectionStringBuilder { DataSource = file, Mode = mode, Pooling = false }.ToString());

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<List<string>> ReadAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var values = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    private static async Task<long> CountAsync(SqliteConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }
}

/// <summary>What a backup holds, as <c>backup</c> and <c>restore</c> report it.</summary>
/// <param name="File">The backup file.</param>
/// <param name="Migrations">The migrations applied to it, oldest first.</param>
internal sealed record DatabaseFacts(string File, long Bytes, IReadOnlyList<string> Migrations, long Signatures, long People)
{
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Bytes / 1024.0 / 1024.0:0.0} MB, {Signatures:N0} signature{(Signatures == 1 ? "" : "s")}, {People:N0} {(People == 1 ? "person" : "people")}, migrations up to {(Migrations.Count > 0 ? Migrations[^1] : "none")}");
}
