using System.ComponentModel.DataAnnotations;

namespace PolicyPortal.Web.Infrastructure;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

/// <summary>The <c>Database</c> settings; the connection string is <c>ConnectionStrings:Portal</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>How long a save waits for SQLite's write lock, queue included, before the visitor gets the busy page.</summary>
    [Range(1, 300, ErrorMessage = "Database:BusyTimeoutSeconds must be between 1 and 300.")]
    public int BusyTimeoutSeconds { get; set; } = 15;

    /// <summary>Whether startup applies migrations: by default on SQLite only; SQL Server's schema comes from a script.</summary>
    public bool? MigrateOnStartup { get; set; }
}
