namespace PolicyPortal.Web.Domain;

public enum RevisionStatus
{
    Draft,
    InReview,
    Adopted,
    Superseded,

    /// <summary>
    /// A text the governing body adopted before the school used the portal: the Principal has recorded the adoption from
    /// the minutes, and a governor has still to confirm it. Not in force until then.
    /// </summary>
    AwaitingConfirmation,
}
