using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using static SQLitePCL.raw;

namespace PolicyPortal.Web.Data;

/// <summary>
/// Tells a database that was busy or out of reach for a moment from a real fault: SQLite's write lock still held when
/// <c>Database:BusyTimeoutSeconds</c> ran out, or on SQL Server a timeout, a deadlock or a lost connection. The same
/// request can simply be sent again a little later.
/// </summary>
public static class DatabaseBusy
{
    // -2 a command or login timed out; 1205 chosen as a deadlock victim; 1222 a lock wait timed out. The rest are a
    // connection lost, or refused while the database fails over or is over its limits. A connection refused outright
    // (number 0) is not among them: it is as likely a wrong server name, which the operator must see as an error.
    private static readonly HashSet<int> SqlServerNumbers = [-2, 1205, 1222, 64, 233, 10053, 10054, 10060, 40197, 40501, 40613, 49918, 49919, 49920];

    /// <summary>Whether <paramref name="error"/>, or an exception inside it (EF Core wraps them), is a busy database.</summary>
    public static bool Is(Exception? error) => DatabaseUnavailable.ReasonOf(error) == DatabaseUnavailableReason.Busy;

    /// <summary>Whether <paramref name="error"/> itself, not what it wraps, is a busy database.</summary>
    internal static bool IsItself(Exception error) => error switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode is SQLITE_BUSY or SQLITE_LOCKED,
        SqlException sqlServer => sqlServer.Errors.Cast<SqlError>().Any(e => SqlServerNumbers.Contains(e.Number)),
        _ => false,
    };
}
