using System.Collections.Concurrent;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Data;

/// <summary>
/// The portal's one unit of work: Identity's tables and the school's records. Each database provider has a subclass
/// that owns its migrations (see docs/decisions/0003-migrations-per-provider.md).
/// </summary>
public abstract class PortalDbContext(DbContextOptions options) : IdentityDbContext<PortalUser>(options), IDataProtectionKeyContext
{
    /// <summary>
    /// The keys that protect sign-in cookies, form tokens and invitation links, shared by every web server on this
    /// database (docs/decisions/0018-data-protection-keys-in-the-database.md).
    /// </summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Policy> Policies => Set<Policy>();

    public DbSet<PolicyRevision> PolicyRevisions => Set<PolicyRevision>();

    public DbSet<Acknowledgement> Acknowledgements => Set<Acknowledgement>();

    public DbSet<RevisionReview> RevisionReviews => Set<RevisionReview>();

    public DbSet<RevisionComment> RevisionComments => Set<RevisionComment>();

    public DbSet<PolicyEvent> PolicyEvents => Set<PolicyEvent>();

    public DbSet<PresenceRequest> PresenceRequests => Set<PresenceRequest>();

    public DbSet<PresenceEvent> PresenceEvents => Set<PresenceEvent>();

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<Reminder> Reminders => Set<Reminder>();

    public DbSet<Concern> Concerns => Set<Concern>();

    public DbSet<ConcernEvent> ConcernEvents => Set<ConcernEvent>();

    /// <summary>What a save in progress changes that is also held in memory (<see cref="Services.InMemoryCopiesInvalidation"/>).</summary>
    internal ChangesHeldInMemory? Changing { get; set; }

    internal sealed record ChangesHeldInMemory(bool Policies, IReadOnlyList<string>? Signers);

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        RefuseChangesToEvidence();
        if (WriteGate() is not { } gate)
        {
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }

        gate.Wait();
        try
        {
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }
        finally
        {
            gate.Release();
        }
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        RefuseChangesToEvidence();
        if (WriteGate() is not { } gate)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// What a save on its own (outside a transaction the caller began) queues behind in this process, or null when the
    /// database takes concurrent writers itself.
    /// </summary>
    protected virtual SemaphoreSlim? WriteGate() => null;

    // Signatures and the audit trail are evidence: once written they are never altered or removed, whatever code asks.
    private void RefuseChangesToEvidence()
    {
        var tampered = ChangeTracker.Entries()
            .FirstOrDefault(e => e.Entity is Acknowledgement or PolicyEvent or PresenceEvent or Reminder or ConcernEvent && e.State is EntityState.Modified or EntityState.Deleted);
        if (tampered is not null)
        {
            throw new InvalidOperationException(
                $"A {tampered.Metadata.ClrType.Name} cannot be {(tampered.State == EntityState.Deleted ? "deleted" : "changed")}: it is permanent evidence.");
        }
    }
}

public sealed class SqlitePortalDbContext(DbContextOptions<SqlitePortalDbContext> options) : PortalDbContext(options)
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    /// <summary>
    /// SQLite has one writer at a time. Saves queue here, one database file at a time, rather than meet at its lock, where
    /// Microsoft.Data.Sqlite would have the loser sleep 150 ms before trying again. Within a transaction the caller
    /// began, the lock is already held (BEGIN IMMEDIATE), so there is nothing to queue for; another process still meets
    /// the lock and waits up to <c>Database:BusyTimeoutSeconds</c>.
    /// </summary>
    protected override SemaphoreSlim? WriteGate() =>
        Database.CurrentTransaction is not null ? null : Gates.GetOrAdd(Database.GetConnectionString() ?? string.Empty, _ => new SemaphoreSlim(1, 1));
}

public sealed class SqlServerPortalDbContext(DbContextOptions<SqlServerPortalDbContext> options) : PortalDbContext(options);
