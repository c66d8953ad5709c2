using PolicyPortal.Web.Data;
using PolicyPortal.Web.Data.Seeding;

namespace PolicyPortal.Web.Infrastructure;

/// <summary>
/// Opens the database before the server takes requests. Outside Development a missing database stops startup: only
/// <c>init</c> creates one (docs/deployment.md). In Development a missing one is created as <c>init</c> would, and the
/// demo accounts are seeded. On SQLite the portal holds its share of <see cref="RunningMarker"/> until it stops.
/// </summary>
internal sealed class DatabaseStartup(IServiceProvider services, IHostEnvironment environment, ILogger<DatabaseStartup> logger) : IHostedService, IDisposable
{
    private FileStream? _running;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var missing = await services.MissingDatabaseAsync(cancellationToken);
        if (missing is not null && !environment.IsDevelopment())
        {
            throw StartupRefusedException.Logged(logger, missing);
        }

        if (missing is not null)
        {
            var made = await services.InitializeDatabaseAsync(cancellationToken);
            logger.LogInformation("Created the database {Database}, as the first run in Development does", made.Database);
        }

        HoldRunningMarker();
        if (missing is null)
        {
            await services.PrepareDatabaseAsync(cancellationToken);
        }

        if (environment.IsDevelopment())
        {
            await DemoAccounts.SeedAsync(services);
        }
    }

    private void HoldRunningMarker()
    {
        using var scope = services.CreateScope();
        if (scope.ServiceProvider.GetRequiredService<PortalDbContext>().SqliteFile() is { } file)
        {
            _running = RunningMarker.TryHoldShared(file) ?? throw StartupRefusedException.Logged(logger,
                $"The database {file} is being restored ({RunningMarker.PathOf(file)} is held by the restore); start the portal when the restore has finished.");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _running?.Dispose();
        _running = null;
    }
}
