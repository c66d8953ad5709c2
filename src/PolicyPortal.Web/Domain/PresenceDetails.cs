namespace PolicyPortal.Web.Domain;

/// <summary>What a member of staff asks approval for, and the conditions of the policy they confirm.</summary>
public sealed record PresenceDetails(
    PresencePlatform Platform,
    string? OtherPlatformName,
    string Handle,
    string Address,
    PresenceKind Kind,
    string Purpose,
    PresenceAudience Audience,
    bool KeptSeparateFromPersonal,
    bool StudentsNotFollowedBack,
    bool BlogModeratedAsAcademySite,
    bool AccessSharedWithPrincipal);

/// <summary>Who is deciding: the Principal decides staff requests; a governor decides the Principal's own.</summary>
public sealed record Decider(Person Person, bool IsPrincipal, bool IsGovernor);
