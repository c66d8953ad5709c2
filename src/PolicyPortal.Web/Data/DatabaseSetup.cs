using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PolicyPortal.Web.Data;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

/// <summary>Chooses the database from configuration: <c>Database:Provider</c> and <c>ConnectionStrings:Portal</c>.</summary>
public static class DatabaseSetup
{
    public const string ConnectionStringName = "Portal";
    public const string DefaultSqliteFileName = "policyportal.db";
    public const int DefaultBusyTimeoutSeconds = 15;

    private const long SqliteMemoryLimitBytes = 16 * 1024 * 1024;

    public static IServiceCollection AddPortalDatabase(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var provider = ProviderFrom(configuration);
        var connectionString = configuration.GetConnectionString(ConnectionStringName);

        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    var dataDirectory = DataDirectory(configuration, environment);
                    Directory.CreateDirectory(dataDirectory);
                    connectionString = $"Data Source={Path.Combine(dataDirectory, DefaultSqliteFileName)}";
                }

                // While another connection holds the write lock, Microsoft.Data.Sqlite retries a command until its timeout,
                // and BEGIN of a transaction until the connection's default timeout: this sets both.
                var sqlite = new SqliteConnectionStringBuilder(connectionString) { DefaultTimeout = BusyTimeoutSeconds(configuration) };

                // SQLite's page caches (2 MB for each pooled connection by default) together stay under this: a scan for
                // the dashboard or a CSV no longer leaves every connection holding 2 MB it read once.
                SQLitePCL.Batteries_V2.Init();
                SQLitePCL.raw.sqlite3_soft_heap_limit64(SqliteMemoryLimitBytes);
                services.AddDbContextPool<PortalDbContext, SqlitePortalDbContext>((provider, o) => Common(o, provider).UseSqlite(sqlite.ToString()));
                break;

            case DatabaseProvider.SqlServer:
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new InvalidOperationException(
                        $"Database:Provider is SqlServer, so ConnectionStrings:{ConnectionStringName} must be set (see docs/configuration.md).");
                }

                services.AddDbContextPool<PortalDbContext, SqlServerPortalDbContext>((provider, o) => Common(o, provider).UseSqlServer(connectionString));
                break;
        }

        services.AddSingleton<Services.PoliciesInForce>();
        services.AddSingleton<Services.SignaturesInMemory>();
        services.AddSingleton<Services.InMemoryCopiesInvalidation>();
        return services;
    }

    private static DbContextOptionsBuilder Common(DbContextOptionsBuilder options, IServiceProvider provider) =>
        LogFailedCommandsAsWarnings(options).AddInterceptors(provider.GetRequiredService<Services.InMemoryCopiesInvalidation>());

    // EF Core's line for a failed command carries no exception, so a busy database cannot be told from a fault there. The
    // exception itself is logged as an error by whoever does not expect it, or as a warning when it is a busy database.
    private static DbContextOptionsBuilder LogFailedCommandsAsWarnings(DbContextOptionsBuilder options) =>
        options.ConfigureWarnings(w => w.Log((RelationalEventId.CommandError, LogLevel.Warning)));

    public static DatabaseProvider ProviderFrom(IConfiguration configuration)
    {
        var value = configuration["Database:Provider"];
        if (string.IsNullOrWhiteSpace(value))
        {
            return DatabaseProvider.Sqlite;
        }

        return Enum.TryParse<DatabaseProvider>(value, ignoreCase: true, out var provider) && Enum.IsDefined(provider)
            ? provider
            : throw new InvalidOperationException($"Database:Provider '{value}' is not known: use Sqlite or SqlServer.");
    }

    /// <summary>How long a SQLite command waits for another's write lock: <c>Database:BusyTimeoutSeconds</c>, 1 to 300.</summary>
    public static int BusyTimeoutSeconds(IConfiguration configuration) =>
        configuration.GetValue("Database:BusyTimeoutSeconds", DefaultBusyTimeoutSeconds) is var seconds and >= 1 and <= 300
            ? seconds
            : throw new InvalidOperationException("Database:BusyTimeoutSeconds must be between 1 and 300.");

    /// <summary>Where the app keeps its files (the SQLite database, logs, keys): <c>App:DataDirectory</c>, default <c>App_Data</c>.</summary>
    public static string DataDirectory(IConfiguration configuration, IHostEnvironment environment) =>
        Path.GetFullPath(configuration["App:DataDirectory"] ?? "App_Data", environment.ContentRootPath);

    /// <summary>
    /// Brings the database up to date and seeds what every install needs. Startup migration is the default for SQLite only;
    /// on SQL Server the schema is applied by a script or bundle before the app starts (docs/deployment.md).
    /// </summary>
    public static async Task PrepareDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var configuration = scope.ServiceProvider.GetRequiredService<IConfiguration>();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var isSqlite = db.Database.IsSqlite();

        if (configuration.GetValue("Database:MigrateOnStartup", defaultValue: isSqlite))
        {
            await db.Database.MigrateAsync(cancellationToken);
        }

        if (isSqlite)
        {
            // Write-ahead logging lets readers carry on while a signature is written. The mode persists in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        var seeder = scope.ServiceProvider.GetRequiredService<Seeding.PortalSeeder>();
        await seeder.SeedAsync(cancellationToken);
    }
}
