using Microsoft.Extensions.Options;
using PolicyPortal.Web.Data;

namespace PolicyPortal.Web.Infrastructure;

/// <summary>
/// SQLite only. Before anything reads the database, a damaged file stops the portal starting (<c>PRAGMA quick_check</c>);
/// once the database is prepared, its file is watched: every <c>Database:WatchSeconds</c> the portal looks whether it is
/// still the one it opened (<see cref="SqliteDatabaseFile.LookAsync"/>), and every <c>Database:CheckEveryHours</c> its
/// pages are checked again. What it finds, readiness reports (<see cref="DatabaseCondition"/>). See
/// docs/decisions/0032-the-database-file-is-watched-and-checked.md.
/// </summary>
internal sealed class DatabaseWatch(SqliteDatabaseFile file, DatabaseCondition condition, IOptions<DatabaseOptions> options, TimeProvider clock, ILogger<DatabaseWatch> logger)
    : BackgroundService, IHostedLifecycleService
{
    private DateTimeOffset _checkedAt;
    private string? _lastFailure;

    // Before every hosted service's start, so before the database is migrated, seeded or read.
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        // A new install has no file yet: nothing to check.
        if (file.Path is null || !File.Exists(file.Path))
        {
            return;
        }

        if (await file.QuickCheckAsync(cancellationToken) is { } damage)
        {
            throw StartupRefusedException.Logged(
                logger,
                $"The database file {file.Path} is damaged: SQLite's quick_check found {damage}. Restore it from a backup (docs/deployment.md) and start the portal again.");
        }
    }

    // Registered after DatabaseStartup, so it starts once the database is prepared.
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await file.WatchAsync(cancellationToken);
        _checkedAt = clock.GetUtcNow();
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (file.Path is null)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.WatchSeconds), clock);
        while (condition.Lost is null && await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await file.LookAsync(stoppingToken);
                if (condition.Lost is null && clock.GetUtcNow() - _checkedAt >= TimeSpan.FromHours(options.Value.CheckEveryHours))
                {
                    _checkedAt = clock.GetUtcNow();
                    condition.Checked(file.Path, await file.QuickCheckAsync(stoppingToken));
                }
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // Tried again at the next tick. A busy moment is no news, and a failure that repeats is logged once.
                if (DatabaseBusy.Is(error) || error.Message == _lastFailure)
                {
                    logger.LogDebug("The database file could not be looked at just now ({Reason}); will look again", error.Message);
                }
                else
                {
                    _lastFailure = error.Message;
                    logger.LogError(error, "Watching the database file failed; will look again");
                }
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        file.Dispose();
    }

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
