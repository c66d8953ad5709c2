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

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        RefuseChangesToEvidence();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        RefuseChangesToEvidence();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

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

public sealed class SqlitePortalDbContext(DbContextOptions<SqlitePortalDbContext> options) : PortalDbContext(options);

public sealed class SqlServerPortalDbContext(DbContextOptions<SqlServerPortalDbContext> options) : PortalDbContext(options);
