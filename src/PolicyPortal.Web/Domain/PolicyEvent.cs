namespace PolicyPortal.Web.Domain;

/// <summary>What happened to a policy or one of its revisions.</summary>
public enum PolicyEventKind
{
    PolicyCreated,
    DraftStarted,
    DraftEdited,
    SubmittedForReview,
    ReturnedToDraft,
    Commented,
    ViewRecorded,
    Adopted,
    Superseded,
    ReviewedWithoutChange,
}

/// <summary>The audit trail: every change of a policy's state, with who, when and what. Written once, never changed.</summary>
public class PolicyEvent
{
    public const int DetailMaxLength = 4000;

    private PolicyEvent()
    {
        ActorUserId = ActorName = Detail = string.Empty;
    }

    public PolicyEvent(Policy policy, PolicyRevision? revision, PolicyEventKind kind, Person actor, string detail, DateTime atUtc)
    {
        Policy = policy;
        Revision = revision;
        Kind = kind;
        ActorUserId = actor.UserId;
        ActorName = actor.FullName;
        Detail = detail.Length > DetailMaxLength ? detail[..DetailMaxLength] : detail;
        AtUtc = atUtc;
    }

    public long Id { get; private set; }

    public int PolicyId { get; private set; }

    public Policy Policy { get; private set; } = null!;

    public int? RevisionId { get; private set; }

    public PolicyRevision? Revision { get; private set; }

    public PolicyEventKind Kind { get; private set; }

    public string ActorUserId { get; private set; }

    public string ActorName { get; private set; }

    public string Detail { get; private set; }

    public DateTime AtUtc { get; private set; }
}
