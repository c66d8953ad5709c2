using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PolicyPortal.Web.Domain;

using static SQLitePCL.raw;

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

    public DbSet<AttachmentContent> AttachmentContents => Set<AttachmentContent>();

    public DbSet<WordUpload> WordUploads => Set<WordUpload>();

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

    public DbSet<PeopleGroup> Groups => Set<PeopleGroup>();

    public DbSet<GroupMember> GroupMembers => Set<GroupMember>();

    public DbSet<PolicyGroup> PolicyGroups => Set<PolicyGroup>();

    public DbSet<AccountEvent> AccountEvents => Set<AccountEvent>();

    /// <summary>Changes to governors' and Principals' accounts waiting for a governor, and how each was decided.</summary>
    public DbSet<AccountChange> AccountChanges => Set<AccountChange>();

    /// <summary>The record's hash chain over every signature and audit event (docs/evidence.md).</summary>
    public DbSet<ChainLink> ChainLinks => Set<ChainLink>();

    public DbSet<ChainHeadNotice> ChainHeadNotices => Set<ChainHeadNotice>();

    public DbSet<ChainBackfill> ChainBackfills => Set<ChainBackfill>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        if (RefuseChangesAndFindNewEvidence().Count > 0)
        {
            throw new InvalidOperationException("Evidence is saved with SaveChangesAsync, which links it into the record's chain.");
        }

        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    /// <summary>
    /// Saves, and links each signature or audit event added into the record's hash chain in the same transaction: the
    /// chain head is read first, under the write lock (SQLite's transaction takes it at once; SQL Server's read asks for
    /// it, <see cref="ChainHeadForUpdateAsync"/>), so links follow one another in the order the entries were written,
    /// whichever server writes them.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var added = RefuseChangesAndFindNewEvidence();
        if (added.Count == 0)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        await using var transaction = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        var head = await ChainHeadForUpdateAsync(cancellationToken);
        var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        ChainLinks.AddRange(EvidenceContent.Links(added.Select(e => EvidenceContent.Of(e)!).OrderBy(e => e.Kind).ThenBy(e => e.Id), head));
        saved += await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return saved;
    }

    /// <summary>The newest link, read so that no other writer can add one until this transaction ends.</summary>
    protected internal virtual Task<ChainLink?> ChainHeadForUpdateAsync(CancellationToken cancellationToken) =>
        ChainLinks.AsNoTracking().OrderByDescending(l => l.Sequence).FirstOrDefaultAsync(cancellationToken);

    // Signatures, the audit trail and the chain are evidence: once written they are never altered or removed, whatever
    // code asks. Returns the signatures and events this save adds, for the chain; one look at the change tracker serves both.
    private List<object> RefuseChangesAndFindNewEvidence()
    {
        var added = new List<object>();
        foreach (var entry in ChangeTracker.Entries())
        {
            if (!EvidenceContent.IsEvidence(entry.Entity) && entry.Entity is not ChainLink)
            {
                continue;
            }

            if (entry.State is EntityState.Modified or EntityState.Deleted)
            {
                throw new InvalidOperationException(
                    $"A {entry.Metadata.ClrType.Name} cannot be {(entry.State == EntityState.Deleted ? "deleted" : "changed")}: it is permanent evidence.");
            }

            if (entry.State == EntityState.Added && entry.Entity is not ChainLink)
            {
                added.Add(entry.Entity);
            }
        }

        return added;
    }
}

/// <summary>
/// SQLite has one writer at a time. A save on its own queues in this process, one database file at a time, rather than
/// meet the lock, where Microsoft.Data.Sqlite would have the loser sleep 150 ms before trying again. The queue and the
/// lock together take at most the connection's timeout (<c>Database:BusyTimeoutSeconds</c>); then the save fails as
/// busy, and the visitor gets the busy page. Within a transaction the caller began, the lock is already held.
/// </summary>
public sealed class SqlitePortalDbContext(DbContextOptions<SqlitePortalDbContext> options) : PortalDbContext(options)
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> WriteGates = new(StringComparer.Ordinal);

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        if (OwnSave() is not { } connection)
        {
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }

        var turn = new WriteTurn(connection);
        turn.Enter(turn.Gate.Wait(turn.Timeout));
        try
        {
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }
        finally
        {
            turn.Leave();
        }
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        if (OwnSave() is not { } connection)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        var turn = new WriteTurn(connection);
        turn.Enter(await turn.Gate.WaitAsync(turn.Timeout, cancellationToken));
        try
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        finally
        {
            turn.Leave();
        }
    }

    // The connection of a save that is not inside a transaction the caller began.
    private SqliteConnection? OwnSave() =>
        Database.CurrentTransaction is null ? Database.GetDbConnection() as SqliteConnection : null;

    private sealed class WriteTurn(SqliteConnection connection)
    {
        private readonly int _timeoutSeconds = connection.DefaultTimeout;
        private readonly Stopwatch _waiting = Stopwatch.StartNew();

        public SemaphoreSlim Gate { get; } = WriteGates.GetOrAdd(connection.ConnectionString, _ => new SemaphoreSlim(1, 1));

        public TimeSpan Timeout => TimeSpan.FromSeconds(_timeoutSeconds);

        public void Enter(bool entered)
        {
            if (!entered)
            {
                throw new SqliteException($"Another save to this database did not finish within {_timeoutSeconds} s.", SQLITE_BUSY);
            }

            // What is left of the timeout is all the lock may take: a whole second at least, the finest SQLite waits by.
            connection.DefaultTimeout = Math.Max(1, _timeoutSeconds - (int)_waiting.Elapsed.TotalSeconds);
        }

        public void Leave()
        {
            connection.DefaultTimeout = _timeoutSeconds;
            Gate.Release();
        }
    }
}

public sealed class SqlServerPortalDbContext(DbContextOptions<SqlServerPortalDbContext> options) : PortalDbContext(options)
{
    // Under read committed, an update lock held to the end of the transaction on the newest row, and the range after it.
    protected internal override Task<ChainLink?> ChainHeadForUpdateAsync(CancellationToken cancellationToken) =>
        ChainLinks.FromSql($"SELECT TOP 1 * FROM ChainLinks WITH (UPDLOCK, HOLDLOCK) ORDER BY Sequence DESC").AsNoTracking().FirstOrDefaultAsync(cancellationToken);
}
