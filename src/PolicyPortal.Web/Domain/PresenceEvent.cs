namespace PolicyPortal.Web.Domain;

/// <summary>What happened to a presence request.</summary>
public enum PresenceEventKind
{
    Submitted,
    Edited,
    Resubmitted,
    Approved,
    ChangesRequested,
    Declined,
    Revoked,
    Withdrawn,
    Retired,
    Reconfirmed,
    Lapsed,
    ReminderSent,
}

/// <summary>One entry of a request's timeline: who did what, when. Written once.</summary>
public class PresenceEvent : AuditEvent<PresenceEventKind>
{
    public const int DetailMaxLength = PresenceRequest.TextMaxLength + 200;

    private PresenceEvent()
    {
    }

    internal PresenceEvent(PresenceRequest request, PresenceEventKind kind, Person actor, string detail, DateTime atUtc)
        : base(kind, actor, detail, DetailMaxLength, atUtc)
    {
        Request = request;
    }

    public int RequestId { get; private set; }

    public PresenceRequest Request { get; private set; } = null!;
}
