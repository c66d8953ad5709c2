namespace PolicyPortal.Web.Domain;

/// <summary>The two kinds of professional presence the policy says need the Principal's approval. A personal one needs none.</summary>
public enum PresenceKind
{
    /// <summary>Professional use, for sharing resources with students.</summary>
    AcademyEndorsed,

    /// <summary>Professional use, access shared with the academy.</summary>
    AcademyOwned,
}
