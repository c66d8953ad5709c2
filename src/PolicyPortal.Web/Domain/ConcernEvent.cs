namespace PolicyPortal.Web.Domain;

public enum ConcernEventKind
{
    Reported,
    Viewed,
    ReviewStarted,
    NoteAdded,
    Closed,
}

/// <summary>What happened to a concern, including each time a handler looked at it. Written once, never changed.</summary>
public class ConcernEvent : AuditEvent<ConcernEventKind>
{
    public const int DetailMaxLength = Concern.TextMaxLength + 200;

    private ConcernEvent()
    {
    }

    public ConcernEvent(Concern concern, ConcernEventKind kind, Person actor, string detail, DateTime atUtc)
        : base(kind, actor, detail, DetailMaxLength, atUtc)
    {
        Concern = concern;
    }

    public int ConcernId { get; private set; }

    public Concern Concern { get; private set; } = null!;
}
