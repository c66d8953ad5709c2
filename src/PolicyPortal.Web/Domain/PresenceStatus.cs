namespace PolicyPortal.Web.Domain;

/// <summary>Where a presence request is, from submitted to its end; see <see cref="PresenceRequest"/> for the moves between.</summary>
public enum PresenceStatus
{
    Submitted,
    ChangesRequested,
    Approved,
    Declined,
    Revoked,
    Withdrawn,
    Retired,
    Lapsed,
}
