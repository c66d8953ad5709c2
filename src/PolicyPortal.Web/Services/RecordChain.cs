using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PolicyPortal.Web.Data;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Services;

/// <summary>How an entry of the record fails to match its link in the chain.</summary>
public enum ChainFault
{
    /// <summary>The signature or event is not what was recorded: its content hash differs.</summary>
    Changed,

    /// <summary>The signature or event the link records is gone.</summary>
    Removed,

    /// <summary>A signature or event that no link records: written outside the portal.</summary>
    Inserted,

    /// <summary>A link is missing, or does not follow from the one before: the chain itself was altered.</summary>
    ChainAltered,
}

/// <summary>The first entry found not to match: its place in the chain (none for an inserted one), what it is, and when.</summary>
public sealed record ChainFinding(ChainFault Fault, long? Sequence, EvidenceKind Kind, long EntryId, DateTime? AtUtc);

/// <summary>The outcome of walking the chain: how many entries matched, the last of them, and the first that did not.</summary>
public sealed record ChainReport(long Entries, ChainLink? Head, ChainFinding? Finding)
{
    public bool Intact => Finding is null;
}

/// <summary>How a chain head held elsewhere (a printed pack, an email) compares with the record.</summary>
public enum HeadComparison
{
    Matches,
    DoesNotMatch,
    NoSuchEntry,
}

/// <summary>
/// The record's hash chain over every signature and audit event: its head, for receipts, packs and the governors'
/// monthly email; a walk of the whole chain for the "Verify the record" page; and the linking of entries written before
/// the chain existed. Links are written as entries are saved (<see cref="PortalDbContext.SaveChangesAsync(bool, CancellationToken)"/>).
/// </summary>
public sealed class RecordChain(PortalDbContext db)
{
    private const int Batch = 2000;

    public Task<ChainLink?> HeadAsync(CancellationToken cancellationToken = default) =>
        db.ChainLinks.AsNoTracking().OrderByDescending(l => l.Sequence).FirstOrDefaultAsync(cancellationToken);

    /// <summary>The link of one signature, which its receipt shows.</summary>
    public Task<ChainLink?> LinkOfSignatureAsync(int acknowledgementId, CancellationToken cancellationToken = default) =>
        db.ChainLinks.AsNoTracking().SingleOrDefaultAsync(l => l.Kind == EvidenceKind.Signature && l.EntryId == acknowledgementId, cancellationToken);

    public async Task<HeadComparison> CompareAsync(long sequence, string chainSha256, CancellationToken cancellationToken = default)
    {
        var link = await db.ChainLinks.AsNoTracking().SingleOrDefaultAsync(l => l.Sequence == sequence, cancellationToken);
        return link is null ? HeadComparison.NoSuchEntry
            : string.Equals(link.ChainSha256, chainSha256.Trim(), StringComparison.OrdinalIgnoreCase) ? HeadComparison.Matches
            : HeadComparison.DoesNotMatch;
    }

    /// <summary>
    /// Walks the chain from its first link, checking that each follows from the one before and that the entry it records
    /// hashes as it did; then looks for entries no link records. Stops at the first that does not match.
    /// </summary>
    public async Task<ChainReport> VerifyAsync(CancellationToken cancellationToken = default)
    {
        ChainLink? previous = null;
        long matched = 0;
        while (true)
        {
            var after = previous?.Sequence ?? 0;
            var links = await db.ChainLinks.AsNoTracking().Where(l => l.Sequence > after).OrderBy(l => l.Sequence).Take(Batch).ToListAsync(cancellationToken);
            if (links.Count == 0)
            {
                break;
            }

            var entries = new Dictionary<(EvidenceKind, long), EvidenceEntry>();
            foreach (var kind in links.GroupBy(l => l.Kind))
            {
                foreach (var entry in await EntriesAsync(kind.Key, kind.Min(l => l.EntryId), kind.Max(l => l.EntryId), cancellationToken))
                {
                    entries[(entry.Kind, entry.Id)] = entry;
                }
            }

            foreach (var link in links)
            {
                var expected = (previous?.Sequence ?? 0) + 1;
                if (link.Sequence != expected
                    || link.ChainSha256 != EvidenceContent.ChainHash(previous?.ChainSha256 ?? ChainLink.Genesis, link.ContentSha256))
                {
                    return new ChainReport(matched, previous, new ChainFinding(ChainFault.ChainAltered, expected, link.Kind, link.EntryId, link.AtUtc));
                }

                if (!entries.TryGetValue((link.Kind, link.EntryId), out var recorded))
                {
                    return new ChainReport(matched, previous, new ChainFinding(ChainFault.Removed, link.Sequence, link.Kind, link.EntryId, link.AtUtc));
                }

                if (EvidenceContent.Sha256(recorded.Content) != link.ContentSha256)
                {
                    return new ChainReport(matched, previous, new ChainFinding(ChainFault.Changed, link.Sequence, link.Kind, link.EntryId, link.AtUtc));
                }

                previous = link;
                matched++;
            }
        }

        foreach (var kind in Enum.GetValues<EvidenceKind>())
        {
            if ((await UnlinkedAsync(kind, after: 0, upTo: long.MaxValue, take: 1, cancellationToken)).FirstOrDefault() is { } inserted)
            {
                return new ChainReport(matched, previous, new ChainFinding(ChainFault.Inserted, null, kind, inserted.Id, inserted.AtUtc));
            }
        }

        return new ChainReport(matched, previous, null);
    }

    /// <summary>
    /// Writes the chain as JSON Lines, one entry a line in order: its number, content hash, the chain hash before it and its
    /// own; with its canonical content for a signature, and none for an audit event, whose content may be personal and
    /// whose hashes are enough to check the chain. docs/evidence.md shows how to check the file without the portal.
    /// </summary>
    /// <param name="upTo">The last entry to write: the chain head a walk just found intact.</param>
    /// <returns>How many entries, and of them signatures, were written.</returns>
    public async Task<(long Entries, long Signatures)> ExportAsync(TextWriter output, long upTo, CancellationToken cancellationToken = default)
    {
        long entries = 0, signatures = 0;
        var previous = ChainLink.Genesis;
        while (true)
        {
            var links = await db.ChainLinks.AsNoTracking().Where(l => l.Sequence > entries && l.Sequence <= upTo).OrderBy(l => l.Sequence).Take(Batch).ToListAsync(cancellationToken);
            if (links.Count == 0)
            {
                return (entries, signatures);
            }

            var signatureLinks = links.Where(l => l.Kind == EvidenceKind.Signature).ToList();
            var contents = signatureLinks.Count == 0 ? []
                : (await EntriesAsync(EvidenceKind.Signature, signatureLinks.Min(l => l.EntryId), signatureLinks.Max(l => l.EntryId), cancellationToken)).ToDictionary(e => e.Id, e => e.Content);
            foreach (var link in links)
            {
                string? content = null;
                if (link.Kind == EvidenceKind.Signature && !contents.TryGetValue(link.EntryId, out content))
                {
                    throw new InvalidOperationException($"Signature {link.EntryId}, entry {link.Sequence}, was removed while the record was exported. Open Verify the record.");
                }

                await output.WriteLineAsync(JsonSerializer.Serialize(new ExportedEntry(link.Sequence, link.ContentSha256, previous, link.ChainSha256, content), ExportJson));
                previous = link.ChainSha256;
                entries = link.Sequence;
                signatures += content is null ? 0 : 1;
            }
        }
    }

    private static readonly JsonSerializerOptions ExportJson = new(JsonSerializerDefaults.Web);

    private sealed record ExportedEntry(long Entry, string ContentSha256, string PreviousChainSha256, string ChainSha256, string? Content);

    /// <summary>
    /// Links the signatures and events written before the chain existed (<see cref="ChainBackfill"/>), kind by kind in the
    /// order they were written, each batch in a transaction of its own; started again after a stop part way, it goes on
    /// where it stopped. Startup does it, before anything new is saved.
    /// </summary>
    /// <returns>How many entries were linked.</returns>
    public async Task<int> LinkFromBeforeTheChainAsync(CancellationToken cancellationToken = default)
    {
        var linked = 0;
        foreach (var backfill in await db.ChainBackfills.Where(b => !b.Done).ToListAsync(cancellationToken))
        {
            linked += await LinkUnlinkedAsync(backfill.Kind, backfill.UpToId, cancellationToken);

            // Linking empties the change tracker between batches.
            db.ChainBackfills.Attach(backfill);
            backfill.MarkDone();
            await db.SaveChangesAsync(cancellationToken);
        }

        return linked;
    }

    /// <summary>
    /// Links every signature and event that has no link: for a trusted tool that writes entries outside the portal, such
    /// as the trust data generator, never for the portal itself, where an unlinked entry is one to report.
    /// </summary>
    /// <returns>How many entries were linked.</returns>
    public async Task<int> LinkUnlinkedAsync(CancellationToken cancellationToken = default)
    {
        var linked = 0;
        foreach (var kind in Enum.GetValues<EvidenceKind>())
        {
            linked += await LinkUnlinkedAsync(kind, long.MaxValue, cancellationToken);
        }

        return linked;
    }

    private async Task<int> LinkUnlinkedAsync(EvidenceKind kind, long upToId, CancellationToken cancellationToken)
    {
        var linked = 0;
        long after = 0;
        while (true)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var head = await db.ChainHeadForUpdateAsync(cancellationToken);
            var entries = await UnlinkedAsync(kind, after, upToId, Batch, cancellationToken);
            if (entries.Count == 0)
            {
                return linked;
            }

            db.ChainLinks.AddRange(EvidenceContent.Links(entries, head));

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
            linked += entries.Count;
            after = entries[^1].Id;
        }
    }

    // The entries of a kind with ids from first to last: links of one kind follow their entries' ids in order, so a batch
    // of links is a range of each table's primary key.
    private async Task<List<EvidenceEntry>> EntriesAsync(EvidenceKind kind, long first, long last, CancellationToken cancellationToken)
    {
        List<object> rows = kind switch
        {
            EvidenceKind.Signature => [.. await Signatures(db.Acknowledgements.AsNoTracking(), (int)first, (int)last).ToListAsync(cancellationToken)],
            EvidenceKind.PolicyEvent => [.. await db.PolicyEvents.AsNoTracking().Where(e => e.Id >= first && e.Id <= last).ToListAsync(cancellationToken)],
            EvidenceKind.PresenceEvent => [.. await db.PresenceEvents.AsNoTracking().Where(e => e.Id >= first && e.Id <= last).ToListAsync(cancellationToken)],
            EvidenceKind.ConcernEvent => [.. await db.ConcernEvents.AsNoTracking().Where(e => e.Id >= first && e.Id <= last).ToListAsync(cancellationToken)],
            EvidenceKind.AccountEvent => [.. await db.AccountEvents.AsNoTracking().Where(e => e.Id >= first && e.Id <= last).ToListAsync(cancellationToken)],
            EvidenceKind.Reminder => [.. await db.Reminders.AsNoTracking().Where(r => r.Id >= first && r.Id <= last).ToListAsync(cancellationToken)],
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        return [.. rows.Select(r => EvidenceContent.Of(r)!)];
    }

    // Signatures' ids are int: compared with a long, SQLite would cast each id and read the whole table.
    private static IQueryable<Acknowledgement> Signatures(IQueryable<Acknowledgement> all, int first, int last) =>
        all.Where(a => a.Id >= first && a.Id <= last);

    // The first entries of a kind with ids after one and up to another, in id order, that no link records.
    private async Task<List<EvidenceEntry>> UnlinkedAsync(EvidenceKind kind, long after, long upTo, int take, CancellationToken cancellationToken)
    {
        var links = db.ChainLinks.Where(l => l.Kind == kind);
        List<object> rows = kind switch
        {
            EvidenceKind.Signature => [.. await Signatures(db.Acknowledgements.AsNoTracking(), (int)after + 1, (int)Math.Min(upTo, int.MaxValue)).Where(a => !links.Any(l => l.EntryId == a.Id)).OrderBy(a => a.Id).Take(take).ToListAsync(cancellationToken)],
            EvidenceKind.PolicyEvent => [.. await db.PolicyEvents.AsNoTracking().Where(e => e.Id > after && e.Id <= upTo && !links.Any(l => l.EntryId == e.Id)).OrderBy(e => e.Id).Take(take).ToListAsync(cancellationToken)],
            EvidenceKind.PresenceEvent => [.. await db.PresenceEvents.AsNoTracking().Where(e => e.Id > after && e.Id <= upTo && !links.Any(l => l.EntryId == e.Id)).OrderBy(e => e.Id).Take(take).ToListAsync(cancellationToken)],
            EvidenceKind.ConcernEvent => [.. await db.ConcernEvents.AsNoTracking().Where(e => e.Id > after && e.Id <= upTo && !links.Any(l => l.EntryId == e.Id)).OrderBy(e => e.Id).Take(take).ToListAsync(cancellationToken)],
            EvidenceKind.AccountEvent => [.. await db.AccountEvents.AsNoTracking().Where(e => e.Id > after && e.Id <= upTo && !links.Any(l => l.EntryId == e.Id)).OrderBy(e => e.Id).Take(take).ToListAsync(cancellationToken)],
            EvidenceKind.Reminder => [.. await db.Reminders.AsNoTracking().Where(r => r.Id > after && r.Id <= upTo && !links.Any(l => l.EntryId == r.Id)).OrderBy(r => r.Id).Take(take).ToListAsync(cancellationToken)],
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        return [.. rows.Select(r => EvidenceContent.Of(r)!)];
    }
}
