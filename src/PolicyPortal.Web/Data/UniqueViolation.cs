using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using static SQLitePCL.raw;

namespace PolicyPortal.Web.Data;

/// <summary>
/// Tells a race from a fault: a unique index or primary key refusing a second row that another request or server wrote
/// first, such as a double-clicked signature, or two servers reminding the same person. Any other failed save is a fault.
/// </summary>
public static class UniqueViolation
{
    /// <summary>Whether <paramref name="error"/>, or an exception inside it (EF Core wraps them), is such a refusal.</summary>
    public static bool Is(Exception? error)
    {
        for (var inner = error; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case SqliteException sqlite when sqlite.SqliteExtendedErrorCode is SQLITE_CONSTRAINT_UNIQUE or SQLITE_CONSTRAINT_PRIMARYKEY:
                case SqlException sqlServer when sqlServer.Number is 2601 or 2627:
                    return true;
            }
        }

        return false;
    }
}
