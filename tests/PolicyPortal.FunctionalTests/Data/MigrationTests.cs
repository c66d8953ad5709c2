using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using PolicyPortal.Web.Data;

namespace PolicyPortal.FunctionalTests.Data;

public sealed class MigrationTests
{
    private const string AddMigrationHint =
        "The model has changes that {0}'s migrations lack: run `dotnet ef migrations add <Name>` for both providers (docs/decisions/0003-migrations-per-provider.md).";

    [Fact]
    public void Sqlite_migrations_are_in_step_with_the_model()
    {
        using var db = new SqlitePortalDbContext(new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite("Data Source=:memory:").Options);

        Assert.False(db.Database.HasPendingModelChanges(), string.Format(System.Globalization.CultureInfo.InvariantCulture, AddMigrationHint, "SQLite"));
    }

    [Fact]
    public void Sql_server_migrations_are_in_step_with_the_model()
    {
        using var db = SqlServerContext();

        Assert.False(db.Database.HasPendingModelChanges(), string.Format(System.Globalization.CultureInfo.InvariantCulture, AddMigrationHint, "SQL Server"));
    }

    [Fact]
    public void Sql_server_migrations_generate_an_idempotent_script_without_a_server()
    {
        using var db = SqlServerContext();
        var migrations = db.Database.GetMigrations().ToList();

        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.NotEmpty(migrations);
        foreach (var migration in migrations)
        {
            Assert.Contains($"WHERE [MigrationId] = N'{migration}'", script, StringComparison.Ordinal);
        }

        Assert.Contains("CREATE TABLE [Acknowledgements]", script, StringComparison.Ordinal);
        Assert.Contains("CREATE UNIQUE INDEX [IX_Acknowledgements_UserId_RevisionId]", script, StringComparison.Ordinal);

        var output = Path.Combine(AppContext.BaseDirectory, "sqlserver-idempotent.sql");
        File.WriteAllText(output, script);
    }

    private static SqlServerPortalDbContext SqlServerContext() =>
        new(new DbContextOptionsBuilder<SqlServerPortalDbContext>().UseSqlServer("Server=not-used;Database=PolicyPortal").Options);
}
