namespace PolicyPortal.Web.Domain;

/// <summary>The kinds of evidence the record's hash chain holds, by the table each lives in.</summary>
public enum EvidenceKind
{
    Signature,
    PolicyEvent,
    PresenceEvent,
    ConcernEvent,
    AccountEvent,
    Reminder,
}

/// <summary>
/// One entry of the record's hash chain: a signature or an audit event, by its kind and id, with the SHA-256 of its
/// canonical content (<see cref="EvidenceContent"/>) and the chain hash, the SHA-256 of the previous entry's chain hash
/// followed by this content hash. Changing, removing or inserting any entry breaks every chain hash after it, so a chain
/// head held outside the database (a printed evidence pack, a governor's email) shows whether the record was rewritten.
/// Written in the same transaction as the entry (<see cref="Data.PortalDbContext"/>); never changed.
/// </summary>
public class ChainLink
{
    /// <summary>The chain hash before the first entry.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    private ChainLink()
    {
        ContentSha256 = ChainSha256 = string.Empty;
    }

    public ChainLink(long sequence, EvidenceKind kind, long entryId, string contentSha256, string previousChainSha256, DateTime atUtc)
    {
        Sequence = sequence;
        Kind = kind;
        EntryId = entryId;
        ContentSha256 = contentSha256;
        ChainSha256 = EvidenceContent.ChainHash(previousChainSha256, contentSha256);
        AtUtc = atUtc;
    }

    /// <summary>The entry's place in the chain, from 1, with no gaps.</summary>
    public long Sequence { get; private set; }

    public EvidenceKind Kind { get; private set; }

    /// <summary>The id of the signature or event in its own table.</summary>
    public long EntryId { get; private set; }

    public string ContentSha256 { get; private set; }

    public string ChainSha256 { get; private set; }

    /// <summary>When the signature was made or the event happened.</summary>
    public DateTime AtUtc { get; private set; }
}

/// <summary>A chain head as emailed to the governors each month: the newest entry then, kept so each month's goes once.</summary>
public class ChainHeadNotice
{
    private ChainHeadNotice()
    {
        Month = ChainSha256 = string.Empty;
    }

    public ChainHeadNotice(string month, long sequence, string chainSha256, DateTime sentAtUtc)
    {
        Month = month;
        Sequence = sequence;
        ChainSha256 = chainSha256;
        SentAtUtc = sentAtUtc;
    }

    /// <summary>The month the notice is for, as yyyy-MM.</summary>
    public string Month { get; private set; }

    public long Sequence { get; private set; }

    public string ChainSha256 { get; private set; }

    public DateTime SentAtUtc { get; private set; }
}

/// <summary>
/// The signatures or events of one kind written before the chain existed: those up to <see cref="UpToId"/>, as the
/// migration that made the chain found them. Startup links them once, even if it is stopped part way and started again,
/// and then marks the kind <see cref="Done"/>. Any entry without a link after that was written outside the portal.
/// </summary>
public class ChainBackfill
{
    private ChainBackfill()
    {
    }

    public EvidenceKind Kind { get; private set; }

    public long UpToId { get; private set; }

    public bool Done { get; private set; }

    public void MarkDone() => Done = true;
}
