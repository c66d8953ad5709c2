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

    /// <summary>SQLite only: how often the portal looks whether its file is still the one it opened (<see cref="DatabaseWatch"/>).</summary>
    [Range(1, 3600, ErrorMessage = "Database:WatchSeconds must be between 1 and 3600.")]
    public int WatchSeconds { get; set; } = 2;

    /// <summary>SQLite only: how often the file's pages are checked again for damage (<c>PRAGMA quick_check</c>), as at startup.</summary>
    [Range(1, 8760, ErrorMessage = "Database:CheckEveryHours must be between 1 and 8760.")]
    public int CheckEveryHours { get; set; } = 24;
}
