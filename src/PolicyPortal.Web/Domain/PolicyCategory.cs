namespace PolicyPortal.Web.Domain;

/// <summary>Whether the law requires the school to have the policy, or the school chose to.</summary>
public enum PolicyCategory
{
    School,
    Statutory,
}
