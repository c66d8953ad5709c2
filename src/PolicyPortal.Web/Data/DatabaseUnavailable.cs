using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using static SQLitePCL.raw;

namespace PolicyPortal.Web.Data;

/// <summary>Why the database could not take a request. None is a fault of the code, and nothing of the request was saved.</summary>
public enum DatabaseUnavailableReason
{
    /// <summary>Busy or out of reach for a moment (<see cref="DatabaseBusy"/>): the same request can be sent again shortly.</summary>
    Busy,

    /// <summary>No space left to write in: SQLite's <c>SQLITE_FULL</c>, SQL Server's 1105 (a filegroup full) or 9002 (its log full).</summary>
    Full,

    /// <summary>The SQLite file is no longer the one the portal opened (<see cref="DatabaseLostException"/>).</summary>
    Lost,
}

/// <summary>Tells a database that cannot take a request (busy, full, its file lost) from a fault in the code.</summary>
public static class DatabaseUnavailable
{
    // 1101 and 1105 no room in a filegroup, 9002 a full transaction log, 40544 Azure SQL's size quota reached.
    private static readonly HashSet<int> SqlServerFullNumbers = [1101, 1105, 9002, 40544];

    /// <summary>Why <paramref name="error"/>, or an exception inside it (EF Core wraps them), means the database cannot take a request; null for anything else.</summary>
    public static DatabaseUnavailableReason? ReasonOf(Exception? error)
    {
        for (var inner = error; inner is not null; inner = inner.InnerException)
        {
            DatabaseUnavailableReason? reason = inner switch
            {
                DatabaseLostException or SqliteException { SqliteExtendedErrorCode: SQLITE_READONLY_DBMOVED } => DatabaseUnavailableReason.Lost,
                SqliteException { SqliteErrorCode: SQLITE_FULL } => DatabaseUnavailableReason.Full,
                SqlException sqlServer when sqlServer.Errors.Cast<SqlError>().Any(e => SqlServerFullNumbers.Contains(e.Number)) => DatabaseUnavailableReason.Full,
                _ when DatabaseBusy.IsItself(inner) => DatabaseUnavailableReason.Busy,
                _ => null,
            };
            if (reason is not null)
            {
                return reason;
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="error"/> means the database cannot take a request: code that reads a failed save as a race lets these through.</summary>
    public static bool Is(Exception? error) => ReasonOf(error) is not null;

    /// <summary>The reason as the log says it, e.g. "stopped because the database was busy".</summary>
    public static string Describe(DatabaseUnavailableReason reason) => reason switch
    {
        DatabaseUnavailableReason.Busy => "the database was busy",
        DatabaseUnavailableReason.Full => "the database had no space to write",
        _ => "the database file was lost",
    };
}

/// <summary>
/// The SQLite file was deleted, moved or replaced under the running portal. Connections it still holds would go on
/// writing to a file nobody will read again, so every save is refused until the portal is restarted with its file back.
/// </summary>
public sealed class DatabaseLostException(string message) : Exception(message);
