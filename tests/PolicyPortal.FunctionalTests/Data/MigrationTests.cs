using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Builder;
using PolicyPortal.Web.Data;
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
