using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PolicyPortal.Web.Data;

namespace PolicyPortal.Web.Infrastructure;

/// <summary>
/// Ready means the database answers, has every migration this build expects, and nothing is known to be wrong with it:
/// on SQLite its file not lost nor damaged (<see cref="DatabaseWatch"/>), and no write failing for lack of space. The
/// reason is logged when it changes (<see cref="DatabaseCondition.Readiness"/>), never shown.
/// </summary>
internal sealed class DatabaseHealthCheck(PortalDbContext db, DatabaseCondition condition, SqliteDatabaseFile? file = null) : IHealthCheck
{
    /// <summary>The tag of the checks behind <c>/health/ready</c>.</summary>
    public const string ReadyTag = "ready";

    // Free space below this where the SQLite file is counts as none: a save writes a few pages to the write-ahead log.
    private const long LeastFreeBytes = 1024 * 1024;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // Looks now rather than waiting for the watch: a probe may come first.
        if (file is not null)
        {
            await file.LookAsync(cancellationToken);
        }

        var (problem, logged) = (condition.Lost, condition.Damage) switch
        {
            ({ } lost, _) => (lost, true),
            (_, { } damage) => ($"The database file is damaged: {damage}", true),
            _ when condition.WritesFail && !await CanWriteAsync(cancellationToken) => ("Writes fail: there is no space to write in.", true),
            _ => (null, false),
        };
        Exception? error = null;
        if (problem is null)
        {
            try
            {
                problem = await ProblemAsync(cancellationToken);
            }
            catch (Exception failed) when (failed is not OperationCanceledException)
            {
                (problem, error) = ($"The database cannot be reached: {failed.GetBaseException().Message}", failed);
            }
        }

        condition.Readiness(problem, error, logged);
        return problem is null ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy(problem);
    }

    private async Task<string?> ProblemAsync(CancellationToken cancellationToken)
    {
        if (!await db.Database.CanConnectAsync(cancellationToken))
        {
            return "The database cannot be reached.";
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        return pending.Count == 0 ? null : $"The database lacks {pending.Count} migration(s), the newest {pending[^1]}.";
    }

    // After a write failed for lack of space, a small write, rolled back. On SQLite it takes new pages, and there must be
    // some free space where the file is, since a write rolled back there reaches no disk. On SQL Server, where the app
    // may only read and write data (db_datawriter), it writes to the transaction log.
    private async Task<bool> CanWriteAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (file?.Path is { } path && new DriveInfo(Path.GetDirectoryName(path)!).AvailableFreeSpace < LeastFreeBytes)
            {
                return false;
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync(
                db.Database.IsSqlite()
                    ? "CREATE TABLE \"SpaceProbe\" (\"Bytes\" BLOB); INSERT INTO \"SpaceProbe\" VALUES (zeroblob(65536));"
                    : "UPDATE TOP (1) [__EFMigrationsHistory] SET [ProductVersion] = [ProductVersion];",
                cancellationToken);
            await transaction.RollbackAsync(cancellationToken);
            condition.WriteSucceeded();
            return true;
        }
        catch (Exception error) when (DatabaseUnavailable.Is(error))
        {
            return false;
        }
    }
}
