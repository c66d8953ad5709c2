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
public class PresenceEvent
{
    private PresenceEvent()
    {
        ActorUserId = ActorName = Detail = string.Empty;
    }

    internal PresenceEvent(PresenceRequest request, PresenceEventKind kind, Person actor, string detail, DateTime atUtc)
    {
        Request = request;
        Kind = kind;
        ActorUserId = actor.UserId;
        ActorName = actor.FullName;
        Detail = detail;
        AtUtc = atUtc;
    }

    public long Id { get; private set; }

    public int RequestId { get; private set; }

    public PresenceRequest Request { get; private set; } = null!;

    public PresenceEventKind Kind { get; private set; }

    public string ActorUserId { get; private set; }

    public string ActorName { get; private set; }

    public string Detail { get; private set; }

    public DateTime AtUtc { get; private set; }
}
