using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PolicyPortal.Web.Data;
using PolicyPortal.Web.Data.Configurations;
using PolicyPortal.Web.Infrastructure;

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
    public void Both_providers_have_the_same_migrations_by_name_in_the_same_order()
    {
        using var sqlite = new SqlitePortalDbContext(new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite("Data Source=:memory:").Options);
        using var sqlServer = SqlServerContext();

        // A migration id is a timestamp, an underscore and the name; each provider's timestamps differ.
        static List<string> Names(DbContext db) => db.Database.GetMigrations().Select(id => id[(id.IndexOf('_', StringComparison.Ordinal) + 1)..]).ToList();

        Assert.Equal("InitialCreate", Names(sqlite)[0]);
        Assert.Equal(Names(sqlite), Names(sqlServer));
    }

    // The migrations alone make a new database: every table in the model and the hand-written append-only triggers,
    // which the model only declares.
    [Fact]
    public void Sqlite_migrations_create_every_table_of_the_model_and_the_append_only_triggers_in_a_new_database()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var db = new SqlitePortalDbContext(new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite(connection).Options);

        db.Database.Migrate();

        var tables = db.Database.SqlQueryRaw<string>("SELECT name AS Value FROM sqlite_master WHERE type = 'table'").ToList();
        var triggers = db.Database.SqlQueryRaw<string>("SELECT name AS Value FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'Acknowledgements'").ToList();
        Assert.Empty(db.Database.GetPendingMigrations());
        Assert.All(db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct(), table => Assert.Contains(table, tables));
        string[] appendOnly = [AcknowledgementConfiguration.NoDeleteTrigger, AcknowledgementConfiguration.NoUpdateTrigger];
        Assert.Equal(appendOnly, triggers.Order(StringComparer.Ordinal));
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
        Assert.Contains("EXEC(N'CREATE TRIGGER TR_Acknowledgements_NoUpdate ON Acknowledgements INSTEAD OF UPDATE", script, StringComparison.Ordinal);
        Assert.Contains("EXEC(N'CREATE TRIGGER TR_Acknowledgements_NoDelete ON Acknowledgements INSTEAD OF DELETE", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE [DataProtectionKeys]", script, StringComparison.Ordinal);

        var output = Path.Combine(AppContext.BaseDirectory, "sqlserver-idempotent.sql");
        File.WriteAllText(output, script);
    }

    [Fact]
    public void Configuring_sql_server_gives_the_portal_the_sql_server_model_and_migrations()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = "SqlServer",
                ["ConnectionStrings:Portal"] = "Server=not-used;Database=PolicyPortal",
            })
            .Build();
        using var services = WithPortalDatabase(configuration).BuildServiceProvider();
        using var scope = services.CreateScope();

        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();

        Assert.IsType<SqlServerPortalDbContext>(db);
        Assert.True(db.Database.IsSqlServer());
        Assert.Equal("nvarchar(100)", db.Model.FindEntityType(typeof(Web.Domain.Policy))!.FindProperty("Slug")!.GetColumnType());
        using var sqlServer = SqlServerContext();
        Assert.Equal(sqlServer.Database.GetMigrations(), db.Database.GetMigrations());
    }

    [Fact]
    public void Sql_server_without_a_connection_string_stops_startup_with_a_clear_reason()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Database:Provider"] = "SqlServer" })
            .Build();

        var error = Assert.Throws<InvalidOperationException>(() => WithPortalDatabase(configuration));

        Assert.Contains("ConnectionStrings:Portal must be set", error.Message, StringComparison.Ordinal);
    }

    // The portal's own database registration, as its startup makes it.
    private static IServiceCollection WithPortalDatabase(IConfiguration configuration)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration.AddConfiguration(configuration);
        return builder.AddPortalDatabase().Services;
    }

    private static SqlServerPortalDbContext SqlServerContext() =>
        new(new DbContextOptionsBuilder<SqlServerPortalDbContext>().UseSqlServer("Server=not-used;Database=PolicyPortal").Options);
}
