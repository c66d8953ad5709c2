using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using PolicyPortal.Web.Data;
using PolicyPortal.Web.Infrastructure;
using static SQLitePCL.raw;

namespace PolicyPortal.UnitTests.Data;

/// <summary>Which failures mean the database cannot take a request (busy, full, its file lost), and which are faults.</summary>
public sealed class DatabaseUnavailableTests
{
    [Fact]
    public void A_write_that_finds_SQLite_full_is_a_full_database_also_inside_an_EF_Core_error()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "CREATE TABLE t (b BLOB); PRAGMA max_page_count = 2;";
        command.ExecuteNonQuery();
        command.CommandText = "INSERT INTO t VALUES (zeroblob(100000))";

        var full = Assert.Throws<SqliteException>(() => command.ExecuteNonQuery());

        Assert.Equal(DatabaseUnavailableReason.Full, DatabaseUnavailable.ReasonOf(full));
        Assert.Equal(DatabaseUnavailableReason.Full, DatabaseUnavailable.ReasonOf(new DbUpdateException("An error occurred while saving the entity changes.", full)));
        Assert.False(DatabaseBusy.Is(full));
    }

    [Fact]
    public void A_lost_file_a_busy_one_and_a_fault_are_told_apart()
    {
        Assert.Equal(DatabaseUnavailableReason.Lost, DatabaseUnavailable.ReasonOf(new DbUpdateException("Saving failed.", new DatabaseLostException("The database file is gone."))));
        Assert.Equal(DatabaseUnavailableReason.Lost, DatabaseUnavailable.ReasonOf(new SqliteException("attempt to write a readonly database", SQLITE_READONLY, SQLITE_READONLY_DBMOVED)));
        Assert.Equal(DatabaseUnavailableReason.Busy, DatabaseUnavailable.ReasonOf(new SqliteException("database is locked", SQLITE_BUSY)));
        Assert.Null(DatabaseUnavailable.ReasonOf(new DbUpdateException("Saving failed.", new SqliteException("UNIQUE constraint failed", SQLITE_CONSTRAINT))));
        Assert.False(DatabaseUnavailable.Is(new InvalidOperationException("Something else went wrong.")));
    }

    [Theory]
    [InlineData("WatchSeconds", "0", "Database:WatchSeconds must be between 1 and 3600.")]
    [InlineData("WatchSeconds", "3601", "Database:WatchSeconds must be between 1 and 3600.")]
    [InlineData("CheckEveryHours", "0", "Database:CheckEveryHours must be between 1 and 8760.")]
    [InlineData("CheckEveryHours", "8761", "Database:CheckEveryHours must be between 1 and 8760.")]
    public void A_watch_or_check_interval_out_of_range_stops_startup_with_a_clear_reason(string setting, string value, string reason)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [setting] = value }).Build();
        var options = configuration.Get<DatabaseOptions>()!;

        var result = new DataAnnotationValidateOptions<DatabaseOptions>(null).Validate(null, options);

        Assert.Contains(reason, Assert.Single(result.Failures!), StringComparison.Ordinal);
    }
}
