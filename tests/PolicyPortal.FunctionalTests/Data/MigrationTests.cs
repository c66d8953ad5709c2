using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SqlServer.TransactSql.ScriptDom;
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

    // Concerns reported before addresses named them by PublicId each get one, random and their own, and keep their Id.
    [Fact]
    public void Sqlite_migrations_give_each_concern_already_reported_a_random_public_id()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var db = new SqlitePortalDbContext(new DbContextOptionsBuilder<SqlitePortalDbContext>().UseSqlite(connection).Options);
        var migrator = db.GetService<IMigrator>();
        migrator.Migrate("RecordChain");
        db.Database.ExecuteSqlRaw("PRAGMA foreign_keys = OFF");
        for (var i = 0; i < 3; i++)
        {
            db.Database.ExecuteSqlRaw(
                "INSERT INTO Concerns (ReporterUserId, ReporterName, WhatWasSeen, SeenOn, Concerning, Handler, Status, ReportedAtUtc, ConcurrencyStamp) VALUES ('someone', 'Sam Taylor', 'A post.', '2026-11-20', 'Jo Patel', 'Principal', 'Received', '2026-11-24 09:30:00', {0})",
                Guid.NewGuid().ToString());
        }

        migrator.Migrate();

        var publicIds = db.Database.SqlQueryRaw<string>("SELECT PublicId AS Value FROM Concerns ORDER BY Id").ToList();
        Assert.Equal(3, publicIds.Distinct().Count());
        Assert.All(publicIds, id => Assert.Matches("^[0-9a-f]{32}$", id));
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

    // No SQL Server runs in CI, so SQL Server's own T-SQL parser reads the script a school's DBA runs (docs/deployment.md):
    // the whole script with its GO batches, then the SQL it runs through EXEC (filtered indexes, the append-only
    // triggers), which is only a string to the first parse.
    [Fact]
    public void Sql_server_idempotent_script_parses_as_t_sql()
    {
        using var db = SqlServerContext();
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        var parsed = ParseTSql(script, out var errors);
        Assert.True(errors.Count == 0, Describe("The SQL Server upgrade script does not parse", script, errors));

        var executed = new ExecutedStrings();
        parsed.Accept(executed);
        Assert.NotEmpty(((TSqlScript)parsed).Batches);
        Assert.Contains(executed.Strings, e => e.Sql.StartsWith("CREATE TRIGGER TR_Acknowledgements_NoUpdate", StringComparison.Ordinal));
        Assert.Contains(executed.Strings, e => e.Sql.StartsWith("CREATE TRIGGER TR_Acknowledgements_NoDelete", StringComparison.Ordinal));
        Assert.All(executed.Strings, e =>
        {
            ParseTSql(e.Sql, out var inner);
            Assert.True(inner.Count == 0, Describe($"The SQL that the script's EXEC on line {e.Line} runs does not parse", e.Sql, inner));
        });
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

    // SQL Server 2022's grammar, with QUOTED_IDENTIFIER on as EF Core's scripts expect.
    private static TSqlFragment ParseTSql(string sql, out IList<ParseError> errors) =>
        new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(sql), out errors);

    // Each error with its line, column and message, and the line it is on.
    private static string Describe(string what, string sql, IList<ParseError> errors)
    {
        var lines = sql.Split('\n');
        return $"{what}: {errors.Count} error(s)" + string.Concat(errors.Select(e =>
            $"\n  line {e.Line}, column {e.Column}: {e.Message} (error {e.Number})\n    {(e.Line >= 1 && e.Line <= lines.Length ? lines[e.Line - 1].TrimEnd() : "")}"));
    }

    // The SQL strings that EXEC(N'...') runs, unescaped, with the script line each starts on.
    private sealed class ExecutedStrings : TSqlFragmentVisitor
    {
        public List<(int Line, string Sql)> Strings { get; } = [];

        public override void Visit(ExecutableStringList node)
        {
            Strings.AddRange(node.Strings.OfType<StringLiteral>().Select(s => (s.StartLine, s.Value)));
            base.Visit(node);
        }
    }

    private static SqlServerPortalDbContext SqlServerContext() =>
        new(new DbContextOptionsBuilder<SqlServerPortalDbContext>().UseSqlServer("Server=not-used;Database=PolicyPortal").Options);
}
