namespace PolicyPortal.Web.Domain;

/// <summary>Who a presence is for; a presence may be for several.</summary>
[Flags]
public enum PresenceAudience
{
    None = 0,
    Students = 1,
    Parents = 2,
    Staff = 4,
    Public = 8,
}
