namespace PolicyPortal.Web.Domain;

/// <summary>
/// One entry of an audit trail: what happened, who did it, when, and in words. Written once, never changed. Each trail
/// has its own kinds and table; what every entry records, and how, is here, so the trails cannot drift apart.
/// </summary>
/// <typeparam name="TKind">What can happen in this trail.</typeparam>
public abstract class AuditEvent<TKind>
    where TKind : struct, Enum
{
    /// <summary>For EF Core, which sets the properties as it reads an entry.</summary>
    protected AuditEvent()
    {
        ActorUserId = ActorName = Detail = string.Empty;
    }

    /// <param name="detailMaxLength">The longest detail the trail keeps; a longer one is cut to it.</param>
    protected AuditEvent(TKind kind, Person actor, string detail, int detailMaxLength, DateTime atUtc)
    {
        Kind = kind;
        ActorUserId = actor.UserId;
        ActorName = actor.FullName;
        Detail = detail.Length > detailMaxLength ? detail[..detailMaxLength] : detail;
        AtUtc = atUtc;
    }

    public long Id { get; private set; }

    public TKind Kind { get; private set; }

    public string ActorUserId { get; private set; }

    public string ActorName { get; private set; }

    public string Detail { get; private set; }

    public DateTime AtUtc { get; private set; }
}
