using Microsoft.EntityFrameworkCore;

namespace PolicyPortal.Web.Data.Seeding;

/// <summary>
/// Seeding when several servers start at the same moment: each seeds in one transaction, one server at a time, so the
/// second finds the first's work and adds nothing. On SQLite, Microsoft.Data.Sqlite begins the transaction IMMEDIATE,
/// taking the write lock; on SQL Server an application lock held to the end of the transaction does the same. Should a
/// second server still meet the first's rows under a unique index, it has lost a race, not met a fault: its work is
/// rolled back and logged once, at Information.
/// </summary>
internal static class SeedingTransaction
{
    private const string SqlServerLock =
        "EXEC sp_getapplock @Resource = N'PolicyPortal seeding', @LockMode = N'Exclusive', @LockOwner = N'Transaction', @LockTimeout = 60000";

    /// <returns>Whether <paramref name="seed"/> was committed; false if another server seeded the same rows first.</returns>
    public static async Task<bool> RunAsync(PortalDbContext db, ILogger logger, string what, Func<Task> seed, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (db.Database.IsSqlServer())
        {
            await db.Database.ExecuteSqlRawAsync(SqlServerLock, cancellationToken);
        }

        try
        {
            await seed();
            await transaction.CommitAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException error) when (UniqueViolation.Is(error))
        {
            logger.LogInformation("{What}: another server starting at the same moment did it first ({Reason})", what, error.GetBaseException().Message);
            return false;
        }
    }
}
