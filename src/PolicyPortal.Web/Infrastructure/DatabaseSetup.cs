using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using PolicyPortal.Web.Data;
using PolicyPortal.Web.Data.Seeding;
using PolicyPortal.Web.Services;

namespace PolicyPortal.Web.Infrastructure;

/// <summary>The database chosen by <c>Database:Provider</c> and <c>ConnectionStrings:Portal</c>, prepared before the first request.</summary>
public static class DatabaseSetup
{
    public const string ConnectionStringName = "Portal";
    public const string DefaultSqliteFileName = "policyportal.db";

    /// <summary>The command that creates the database, as messages name it (docs/deployment.md).</summary>
    public const string InitCommandLine = "dotnet PolicyPortal.Web.dll init";

    // SQL Server's "Cannot open database requested by the login": no such database, or no right to open it.
    private const int CannotOpenDatabase = 4060;

    public static WebApplicationBuilder AddPortalDatabase(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DatabaseOptions>()
            .Bind(builder.Configuration.GetSection(DatabaseOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // The provider decides which context is registered, so it is read now; the options above check the rest at startup.
        var connectionString = builder.Configuration.GetConnectionString(ConnectionStringName);
        var chosen = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>()?.Provider ?? DatabaseProvider.Sqlite;
        services.AddSingleton<DatabaseCondition>();
        services.AddSingleton<IInterceptor, DatabaseGuard>();
        switch (chosen)
        {
            case DatabaseProvider.Sqlite:
                services.AddSingleton(provider => new SqliteDatabaseFile(SqliteConnectionString(connectionString, provider), provider.GetRequiredService<DatabaseCondition>()));
                services.AddDbContextPool<PortalDbContext, SqlitePortalDbContext>((provider, options) =>
                    WithPortalLoggingAndInterceptors(options, provider).UseSqlite(provider.GetRequiredService<SqliteDatabaseFile>().ConnectionString));
                break;

            case DatabaseProvider.SqlServer:
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new InvalidOperationException(
                        $"Database:Provider is SqlServer, so ConnectionStrings:{ConnectionStringName} must be set (see docs/configuration.md).");
                }

                services.AddDbContextPool<PortalDbContext, SqlServerPortalDbContext>((provider, options) =>
                    WithPortalLoggingAndInterceptors(options, provider).UseSqlServer(connectionString));
                break;

            default:
                throw new InvalidOperationException("Database:Provider must be Sqlite or SqlServer.");
        }

        services.AddHostedService<DatabaseStartup>();
        if (chosen == DatabaseProvider.Sqlite)
        {
            // After DatabaseStartup, so the file it watches is prepared.
            services.AddHostedService<DatabaseWatch>();
        }

        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: [DatabaseHealthCheck.ReadyTag]);
        return builder;
    }

    // The configured connection string, or a file in the data folder; with the busy timeout as the wait for the write lock.
    private static string SqliteConnectionString(string? configured, IServiceProvider provider)
    {
        var development = provider.GetRequiredService<IHostEnvironment>().IsDevelopment();
        if (string.IsNullOrWhiteSpace(configured))
        {
            var dataDirectory = provider.GetRequiredService<IOptions<AppOptions>>().Value.DataDirectory;
            if (development)
            {
                Directory.CreateDirectory(dataDirectory);
            }

            configured = $"Data Source={Path.Combine(dataDirectory, DefaultSqliteFileName)}";
        }

        // While another connection holds the write lock, Microsoft.Data.Sqlite retries a command until its timeout, and
        // BEGIN of a transaction until the connection's default timeout: this sets both.
        var timeout = provider.GetRequiredService<IOptions<DatabaseOptions>>().Value.BusyTimeoutSeconds;
        var connection = new SqliteConnectionStringBuilder(configured) { DefaultTimeout = timeout };

        // Outside Development only `init` creates the database. SQLite's default would create an empty file wherever the
        // path points (a deleted file, an unmounted disk, a wrong path), and the portal would carry on as a new school.
        if (!development && connection.Mode == SqliteOpenMode.ReadWriteCreate)
        {
            connection.Mode = SqliteOpenMode.ReadWrite;
        }

        return connection.ToString();
    }

    // EF Core's lines for a failed command, connection or transaction carry no exception, so a busy database or a lost
    // file cannot be told from a fault there: they are warnings. Its errors for a failed save or query that was a race
    // or a database that could not take the request are left out of the log (PortalLogging): whoever meets the
    // exception logs it once, as information or a warning. Any other failure is logged as an error with its stack.
    // The interceptors are those registered as services: the portal's DatabaseGuard, and any a test adds.
    private static DbContextOptionsBuilder WithPortalLoggingAndInterceptors(DbContextOptionsBuilder options, IServiceProvider provider) =>
        options
            .ConfigureWarnings(w => w
                .Log(
                    (RelationalEventId.CommandError, LogLevel.Warning),
                    (RelationalEventId.ConnectionError, LogLevel.Warning),
                    (RelationalEventId.TransactionError, LogLevel.Warning)))
            .AddInterceptors(provider.GetServices<IInterceptor>());

    /// <summary>The full path of the SQLite file the portal uses; null on SQL Server.</summary>
    public static string? SqliteFile(this PortalDbContext db)
    {
        if (!db.Database.IsSqlite())
        {
            return null;
        }

        var connection = new SqliteConnectionStringBuilder(db.Database.GetConnectionString());
        return connection.Mode == SqliteOpenMode.Memory || connection.DataSource is "" or ":memory:" ? null : Path.GetFullPath(connection.DataSource);
    }

    /// <summary>
    /// Why there is no database to start on, or null if there is one: on SQLite, no file at the path the settings give; on
    /// SQL Server, a database with no migration applied, or one the login cannot open.
    /// </summary>
    public static async Task<string?> MissingDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        if (db.Database.IsSqlite())
        {
            return db.SqliteFile() is { } file && !File.Exists(file)
                ? $"The database {file} does not exist. Outside Development the portal never creates one when it starts. "
                  + $"On a new install, create it with `{InitCommandLine}`, run from the publish folder with the portal's settings; "
                  + "otherwise check App:DataDirectory and ConnectionStrings:Portal, and that the disk holding the database is mounted (docs/deployment.md)."
                : null;
        }

        var database = SqlServerDatabaseName(db);
        try
        {
            if ((await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Any())
            {
                return null;
            }
        }
        catch (SqlException error) when (error.Number == CannotOpenDatabase)
        {
            return $"The SQL Server database {database} does not exist, or the login cannot open it ({error.Message}). "
                + $"Create it, or check ConnectionStrings:Portal; then apply the schema with `{InitCommandLine}` or the migration script (docs/deployment.md).";
        }

        return $"The SQL Server database {database} has no PolicyPortal tables: no migration has been applied. "
            + $"Apply the schema with `{InitCommandLine}` or the migration script (docs/deployment.md), or check ConnectionStrings:Portal.";
    }

    /// <summary>
    /// What <c>init</c> does: creates the database if it does not exist, applies every migration this build has, turns on
    /// write-ahead logging on SQLite and seeds the roles and shipped policies. On a database that exists it only brings it
    /// up to date, so it is safe to run again.
    /// </summary>
    public static async Task<DatabaseInitialized> InitializeDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        string name;
        bool created;
        if (db.SqliteFile() is { } file)
        {
            name = file;
            created = !File.Exists(file);
            if (created)
            {
                // The portal's own connections may not create the file (outside Development); this one may.
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                var creating = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()) { Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false };
                await using var connection = new SqliteConnection(creating.ToString());
                await connection.OpenAsync(cancellationToken);
            }
        }
        else
        {
            name = SqlServerDatabaseName(db);
            created = !await db.GetService<IRelationalDatabaseCreator>().ExistsAsync(cancellationToken);
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        var isSqlite = db.Database.IsSqlite();
        if (isSqlite)
        {
            await UseWriteAheadLoggingAsync(db, cancellationToken);
        }

        await LinkEvidenceFromBeforeTheChainAsync(db, cancellationToken);
        var seeded = await scope.ServiceProvider.GetRequiredService<PortalSeeder>().SeedAsync(cancellationToken);
        return new DatabaseInitialized(name, isSqlite, created, pending, db.Database.GetMigrations().Count(), seeded);
    }

    /// <summary>
    /// Brings an existing database up to date and seeds what every install needs. Startup migration is the default for
    /// SQLite only; on SQL Server the schema is applied by a script or bundle before the app starts (docs/deployment.md).
    /// </summary>
    public static async Task PrepareDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var options = scope.ServiceProvider.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var isSqlite = db.Database.IsSqlite();

        if (options.MigrateOnStartup ?? isSqlite)
        {
            await db.Database.MigrateAsync(cancellationToken);
        }

        if (isSqlite)
        {
            await UseWriteAheadLoggingAsync(db, cancellationToken);
        }

        await LinkEvidenceFromBeforeTheChainAsync(db, cancellationToken);
        await scope.ServiceProvider.GetRequiredService<PortalSeeder>().SeedAsync(cancellationToken);
    }

    // A database from before the record's chain existed has its signatures and events linked, before any new one. One
    // still without the chain's tables (SQL Server, before its script is run) is left for readiness to report.
    private static async Task LinkEvidenceFromBeforeTheChainAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        if (!(await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
        {
            await new RecordChain(db).LinkFromBeforeTheChainAsync(cancellationToken);
        }
    }

    // Write-ahead logging lets readers carry on while a signature is written. The mode persists in the file.
    private static Task UseWriteAheadLoggingAsync(PortalDbContext db, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);

    // "PolicyPortal on sql01", never the password.
    private static string SqlServerDatabaseName(PortalDbContext db)
    {
        var connection = new SqlConnectionStringBuilder(db.Database.GetConnectionString());
        return $"{connection.InitialCatalog} on {connection.DataSource}";
    }
}

/// <summary>What <see cref="DatabaseSetup.InitializeDatabaseAsync"/> did.</summary>
/// <param name="Database">The SQLite file's full path, or the SQL Server database and server.</param>
/// <param name="IsSqlite">Whether it is SQLite, and so in write-ahead logging mode now.</param>
/// <param name="Created">Whether the database did not exist before.</param>
/// <param name="AppliedMigrations">The migrations applied, oldest first; none if it was up to date.</param>
/// <param name="KnownMigrations">How many migrations this build has.</param>
/// <param name="Seeded">The roles and shipped policies added.</param>
public sealed record DatabaseInitialized(string Database, bool IsSqlite, bool Created, IReadOnlyList<string> AppliedMigrations, int KnownMigrations, SeedResult Seeded);
