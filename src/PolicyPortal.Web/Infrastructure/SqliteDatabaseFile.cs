using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using PolicyPortal.Web.Data;
using static SQLitePCL.raw;

namespace PolicyPortal.Web.Infrastructure;

/// <summary>
/// The portal's SQLite file, and whether it is still the one the portal opened. A file deleted, moved or replaced under
/// the running portal is not noticed by SQLite: connections already open go on writing to the old file, which nobody
/// will read again. So each save, commit and connection first asks <see cref="Guard"/>, and <see cref="DatabaseWatch"/>
/// looks every few seconds (<see cref="LookAsync"/>); once the file is lost, nothing more is saved (<see cref="DatabaseCondition.Lost"/>).
/// </summary>
/// <remarks>
/// Only ever through SQLite: closing any other descriptor of the file in this process, even one opened only to read it,
/// would drop the locks SQLite holds on it.
/// </remarks>
public sealed class SqliteDatabaseFile : IDisposable
{
    private readonly DatabaseCondition _condition;
    private readonly string _unpooled;
    private readonly string _readOnly;

    // The file's application_id, read once it is prepared.
    private int _identity;
    private volatile bool _watched;

    // The connections whose identity has been checked, by their SQLite handle, which a pooled connection keeps.
    private readonly ConditionalWeakTable<object, object> _known = new();
    private static readonly object Known = new();

    public SqliteDatabaseFile(string connectionString, DatabaseCondition condition)
    {
        _condition = condition;
        ConnectionString = connectionString;
        var builder = new SqliteConnectionStringBuilder(connectionString);
        Path = builder.Mode == SqliteOpenMode.Memory || builder.DataSource is "" or ":memory:" || builder.DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
            ? null
            : System.IO.Path.GetFullPath(builder.DataSource);
        _unpooled = new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString();
        _readOnly = new SqliteConnectionStringBuilder(connectionString) { Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
    }

    public string ConnectionString { get; }

    /// <summary>The file's full path; null for a database in memory, which has no file to lose.</summary>
    public string? Path { get; }

    /// <summary>
    /// Refuses a save, commit or connection once the file is lost, or found to be gone now: no longer at its path or, for
    /// an open connection, another file in its place.
    /// </summary>
    /// <exception cref="DatabaseLostException">The file is lost.</exception>
    public void Guard(DbConnection? connection) => RefuseIfGone(connection, justOpened: false);

    /// <summary>
    /// <see cref="Guard(DbConnection?)"/> for a connection just opened. The first time one is opened, its database's
    /// identity is checked too: opened just as the file was deleted, it would have made a new, empty one.
    /// </summary>
    public void GuardOpened(DbConnection connection) => RefuseIfGone(connection, justOpened: true);

    private void RefuseIfGone(DbConnection? connection, bool justOpened)
    {
        if (!_watched)
        {
            return;
        }

        if (_condition.Lost is null && Gone(connection as SqliteConnection, justOpened) is { } how)
        {
            Lose(how);
        }

        if (_condition.Lost is { } lost)
        {
            throw new DatabaseLostException(lost);
        }
    }

    // How the file is gone, or null while it is the one the portal opened: it must be at its path (one file-system
    // lookup), and a connection's first use reads its identity.
    private string? Gone(SqliteConnection? connection, bool justOpened)
    {
        var open = connection is { State: ConnectionState.Open, Handle: not null } ? connection : null;
        if (!File.Exists(Path))
        {
            return "it is no longer there (deleted, or moved away)";
        }

        if (justOpened && open is not null && !_known.TryGetValue(open.Handle!, out _))
        {
            if (ApplicationId(open) != _identity)
            {
                return "another database is in its place";
            }

            _known.AddOrUpdate(open.Handle!, Known);
        }

        return null;
    }

    /// <summary>
    /// SQLite's <c>PRAGMA quick_check</c> of the file's pages, through a connection of its own that only reads.
    /// </summary>
    /// <returns>What it found wrong, or null if nothing.</returns>
    public async Task<string?> QuickCheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new SqliteConnection(_readOnly);
            await connection.OpenAsync(cancellationToken);
            await using var check = connection.CreateCommand();

            // The first ten problems say enough; a badly damaged file would list thousands.
            check.CommandText = "PRAGMA quick_check(10)";
            var found = new List<string>();
            await using var reader = await check.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                // Less its heading, "*** in database main ***": the portal has one database.
                if (!reader.GetString(0).StartsWith("***", StringComparison.Ordinal))
                {
                    found.Add(reader.GetString(0));
                }
            }

            return found is ["ok"] ? null : string.Join("; ", found);
        }
        catch (SqliteException error) when (error.SqliteErrorCode is SQLITE_CORRUPT or SQLITE_NOTADB)
        {
            // Without its full stop: the sentence it goes into has its own.
            return error.Message.TrimEnd('.');
        }
    }

    /// <summary>
    /// Starts watching the prepared file: reads its identity, SQLite's <c>PRAGMA application_id</c>, giving it one first if
    /// it has none, and keeps a connection open on it from now on.
    /// </summary>
    public async Task WatchAsync(CancellationToken cancellationToken)
    {
        if (Path is null)
        {
            return;
        }

        await using (var connection = new SqliteConnection(_unpooled))
        {
            await connection.OpenAsync(cancellationToken);
            _identity = await ApplicationIdAsync(connection, null, cancellationToken);
            if (_identity == 0)
            {
                // Read again under the write lock, so two servers starting together on one file agree on its identity.
                await using var transaction = connection.BeginTransaction(deferred: false);
                _identity = await ApplicationIdAsync(connection, transaction, cancellationToken);
                if (_identity == 0)
                {
                    _identity = RandomNumberGenerator.GetInt32(1, int.MaxValue);
                    await using var give = connection.CreateCommand();
                    give.Transaction = transaction;
                    give.CommandText = $"PRAGMA application_id = {_identity}";
                    await give.ExecuteNonQueryAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
            }
        }

        _watched = true;
    }

    /// <summary>
    /// Looks whether the file is still the one the portal opened: still at its path, with the same identity when opened
    /// afresh, and its record no shorter than seen. If not, it is lost.
    /// </summary>
    public async Task LookAsync(CancellationToken cancellationToken)
    {
        await _looking.WaitAsync(cancellationToken);
        try
        {
            await LookNowAsync(cancellationToken);
        }
        finally
        {
            _looking.Release();
        }
    }

    /// <summary>
    /// For the tests, which write a template database over this one on purpose between tests: nothing is looked at while
    /// <paramref name="replace"/> runs, and the record seen before is forgotten.
    /// </summary>
    internal async Task ReplaceOnPurposeAsync(Func<Task> replace)
    {
        await _looking.WaitAsync();
        try
        {
            await replace();
            _head = null;
        }
        finally
        {
            _looking.Release();
        }
    }

    private async Task LookNowAsync(CancellationToken cancellationToken)
    {
        if (!_watched || _condition.Lost is not null)
        {
            return;
        }

        if (!File.Exists(Path))
        {
            Lose("it is no longer there (deleted, or moved away)");
            return;
        }

        try
        {
            await using var fresh = new SqliteConnection(_readOnly);
            await fresh.OpenAsync(cancellationToken);
            var identity = await ApplicationIdAsync(fresh, null, cancellationToken);
            if (identity != _identity)
            {
                Lose($"another database is in its place (application_id {identity}, not {_identity})");
                return;
            }

            // A copy of this same database put in its place has the same identity, but not the record written since.
            if (await EarlierCopyAsync(fresh, cancellationToken) is { } earlier)
            {
                Lose(earlier);
            }
        }
        catch (SqliteException error) when (error.SqliteErrorCode is SQLITE_CANTOPEN or SQLITE_NOTADB)
        {
            Lose($"it cannot be opened ({error.Message})");
        }
        catch (SqliteException error) when (error.SqliteErrorCode is SQLITE_ERROR)
        {
            // The portal's own file has the record's chain; one with the same identity but without it is another.
            Lose($"another database is in its place ({error.Message})");
        }
    }

    // The newest entry of the record's chain seen here: the record only grows, and an entry once written keeps its hash.
    // One look at a time: the watch's and readiness's.
    private (long Sequence, string ChainSha256)? _head;
    private readonly SemaphoreSlim _looking = new(1, 1);

    // Why the file is an earlier copy of the database (its record's chain shorter than seen, or different), or null.
    private async Task<string?> EarlierCopyAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var newest = await ChainLinkAsync(connection, "ORDER BY Sequence DESC LIMIT 1", null, cancellationToken);
        if (_head is not { } before || newest == before)
        {
            _head = newest;
            return null;
        }

        if (newest is not { } now || now.Sequence < before.Sequence)
        {
            return $"an earlier copy is in its place (its record ends at entry {newest?.Sequence ?? 0}; entry {before.Sequence} was written)";
        }

        if (await ChainLinkAsync(connection, "WHERE Sequence = $sequence", before.Sequence, cancellationToken) != before)
        {
            return $"another copy is in its place (entry {before.Sequence} of its record differs)";
        }

        _head = now;
        return null;
    }

    private static async Task<(long Sequence, string ChainSha256)?> ChainLinkAsync(SqliteConnection connection, string which, long? sequence, CancellationToken cancellationToken)
    {
        await using var read = connection.CreateCommand();
        read.CommandText = $"SELECT Sequence, ChainSha256 FROM ChainLinks {which}";
        if (sequence is { } value)
        {
            read.Parameters.AddWithValue("$sequence", value);
        }

        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetInt64(0), reader.GetString(1)) : null;
    }

    /// <summary>Stops watching. The lock of looks is left to the collector: a probe may still be looking as the host stops.</summary>
    public void Dispose() => _watched = false;

    /// <summary>Records the file as lost (logged once), and closes the connections pooled on it.</summary>
    public void Lose(string how)
    {
        if (_condition.MarkLost(Path!, how))
        {
            // The pool's connections are open on the old file: each is closed rather than used again.
            using var connection = new SqliteConnection(ConnectionString);
            SqliteConnection.ClearPool(connection);
        }
    }

    private static int ApplicationId(SqliteConnection connection)
    {
        using var read = connection.CreateCommand();
        read.CommandText = "PRAGMA application_id";
        return Convert.ToInt32(read.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<int> ApplicationIdAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = "PRAGMA application_id";
        return Convert.ToInt32(await read.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }
}
