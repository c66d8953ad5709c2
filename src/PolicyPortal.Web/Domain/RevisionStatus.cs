namespace PolicyPortal.Web.Domain;

public enum RevisionStatus
{
    Draft,
    InReview,
    Adopted,
    Superseded,
}
