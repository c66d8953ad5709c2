using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using PolicyPortal.Web.Data;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Services;

/// <summary>
/// Tells <see cref="PoliciesInForce"/> when a save changed a policy or a revision, and <see cref="SignaturesInMemory"/>
/// whose signatures it added, once the save has succeeded. No caller adds signatures or changes policies inside a
/// transaction of its own; one that did would have to forget them again after its commit.
/// </summary>
public sealed class InMemoryCopiesInvalidation(PoliciesInForce policies, SignaturesInMemory signatures) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Note(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Apply(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Apply(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void Note(DbContext? context)
    {
        if (context is not PortalDbContext db)
        {
            return;
        }

        var policiesChanging = false;
        List<string>? signers = null;
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }

            switch (entry.Entity)
            {
                case Policy or PolicyRevision:
                    policiesChanging = true;
                    break;
                case Acknowledgement acknowledgement:
                    (signers ??= []).Add(acknowledgement.UserId);
                    break;
            }
        }

        db.Changing = new PortalDbContext.ChangesHeldInMemory(policiesChanging, signers);
    }

    private void Apply(DbContext? context)
    {
        if (context is not PortalDbContext { Changing: { } changing } db)
        {
            return;
        }

        db.Changing = null;
        if (changing.Policies)
        {
            policies.Forget();
        }

        foreach (var userId in changing.Signers ?? [])
        {
            signatures.Forget(userId);
        }
    }
}
