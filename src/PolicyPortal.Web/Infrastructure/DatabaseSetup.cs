using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using PolicyPortal.Web.Data;
using PolicyPortal.Web.Data.Seeding;

namespace PolicyPortal.Web.Infrastructure;

/// <summary>The database chosen by <c>Database:Provider</c> and <c>ConnectionStrings:Portal</c>, prepared before the first request.</summary>
public static class DatabaseSetup
{
    public const string ConnectionStringName = "Portal";
    public const string DefaultSqliteFileName = "policyportal.db";

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
        if (string.IsNullOrWhiteSpace(configured))
        {
            var dataDirectory = provider.GetRequiredService<IOptions<AppOptions>>().Value.DataDirectory;
            Directory.CreateDirectory(dataDirectory);
            configured = $"Data Source={Path.Combine(dataDirectory, DefaultSqliteFileName)}";
        }

        // While another connection holds the write lock, Microsoft.Data.Sqlite retries a command until its timeout, and
        // BEGIN of a transaction until the connection's default timeout: this sets both.
        var timeout = provider.GetRequiredService<IOptions<DatabaseOptions>>().Value.BusyTimeoutSeconds;
        return new SqliteConnectionStringBuilder(configured) { DefaultTimeout = timeout }.ToString();
    }

    // EF Core's lines for a failed command, connection or transaction carry no exception, so a busy database or a lost
    // file cannot be told from a fault there: they are warnings. Its errors for a failed save or query are left out.
    // Whoever meets the exception logs it once: as information or a warning if they expected it (a race between two
    // people or servers, a database that could not take the request), or as an error with its stack if not.
    // The interceptors are those registered as services: the portal's DatabaseGuard, and any a test adds.
    private static DbContextOptionsBuilder WithPortalLoggingAndInterceptors(DbContextOptionsBuilder options, IServiceProvider provider) =>
        options
            .ConfigureWarnings(w => w
                .Log(
                    (RelationalEventId.CommandError, LogLevel.Warning),
                    (RelationalEventId.ConnectionError, LogLevel.Warning),
                    (RelationalEventId.TransactionError, LogLevel.Warning))
                .Ignore(CoreEventId.SaveChangesFailed, CoreEventId.QueryIterationFailed))
            .AddInterceptors(provider.GetServices<IInterceptor>());

    /// <summary>
    /// Brings the database up to date and seeds what every install needs. Startup migration is the default for SQLite only;
    /// on SQL Server the schema is applied by a script or bundle before the app starts (docs/deployment.md).
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
            // Write-ahead logging lets readers carry on while a signature is written. The mode persists in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        await scope.ServiceProvider.GetRequiredService<PortalSeeder>().SeedAsync(cancellationToken);
    }
}
