using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PolicyPortal.Web.Infrastructure;

/// <summary>
/// Every connection, save and commit of the portal's DbContext passes here. On SQLite none goes ahead once the file is
/// lost (<see cref="SqliteDatabaseFile.Guard"/>): a connection is not even opened, which would make a new, empty file
/// at the path. A save that fails for lack of space, or succeeds, tells <see cref="DatabaseCondition"/>.
/// </summary>
internal sealed class DatabaseGuard(DatabaseCondition condition, SqliteDatabaseFile? file = null)
    : IDbConnectionInterceptor, ISaveChangesInterceptor, IDbTransactionInterceptor
{
    public InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        file?.Guard(null);
        return result;
    }

    public ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        file?.Guard(null);
        return ValueTask.FromResult(result);
    }

    // A pooled connection may be open on a file that another has since replaced at the same path.
    public void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => file?.GuardOpened(connection);

    public Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        file?.GuardOpened(connection);
        return Task.CompletedTask;
    }

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        file?.Guard(eventData.Context?.Database.GetDbConnection());
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        file?.Guard(eventData.Context?.Database.GetDbConnection());
        return ValueTask.FromResult(result);
    }

    // A save that wrote something shows the database takes writes again.
    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (result > 0)
        {
            condition.WriteSucceeded();
        }

        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(SavedChanges(eventData, result));

    public void SaveChangesFailed(DbContextErrorEventData eventData) => condition.WriteFailed(eventData.Exception);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        condition.WriteFailed(eventData.Exception);
        return Task.CompletedTask;
    }

    // A transaction the caller began may have been open on the file since before it was lost.
    public InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        file?.Guard(transaction.Connection);
        return result;
    }

    public ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        file?.Guard(transaction.Connection);
        return ValueTask.FromResult(result);
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => condition.WriteFailed(eventData.Exception);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        condition.WriteFailed(eventData.Exception);
        return Task.CompletedTask;
    }
}
