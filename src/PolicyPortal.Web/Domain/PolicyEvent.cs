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

    /// <summary>The Principal and governors were emailed that the annual review falls due soon (<c>ReviewNotices:DaysBefore</c>).</summary>
    ReviewDueSoonNotified,

    /// <summary>The Principal and governors were emailed that the annual review falls due today.</summary>
    ReviewDueNotified,

    /// <summary>The policy no longer applies: it left the lists, the figures and signing, and its history stays.</summary>
    /// <summary>The Principal recorded from the minutes an adoption made before the portal; a governor is to confirm it.</summary>
    PriorAdoptionRecorded,

    /// <summary>A draft started by mistake was thrown away, with its comments and governors' views.</summary>
    DraftDiscarded,

    /// <summary>The policy no longer applies: it left the lists, the figures and signing.</summary>
    Retired,

    /// <summary>A retired policy is in force again.</summary>
    Restored,

    /// <summary>Its category, owner, review cycle or who must sign changed.</summary>
    DetailsChanged,
}

/// <summary>The audit trail: every change of a policy's state, with who, when and what. Written once, never changed.</summary>
public class PolicyEvent : AuditEvent<PolicyEventKind>
{
    public const int DetailMaxLength = 4000;

    private PolicyEvent()
    {
    }

    public PolicyEvent(Policy policy, PolicyRevision? revision, PolicyEventKind kind, Person actor, string detail, DateTime atUtc)
        : base(kind, actor, detail, DetailMaxLength, atUtc)
    {
        Policy = policy;
        Revision = revision;
    }

    public int PolicyId { get; private set; }

    public Policy Policy { get; private set; } = null!;

    public int? RevisionId { get; private set; }

    public PolicyRevision? Revision { get; private set; }
}
