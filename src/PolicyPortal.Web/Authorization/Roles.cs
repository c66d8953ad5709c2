using System.Security.Claims;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Authorization;

/// <summary>The portal's three roles, as ASP.NET Core Identity knows them.</summary>
public static class Roles
{
    public const string Staff = "Staff";
    public const string Governor = "Governor";
    public const string Principal = "Principal";

    public static IReadOnlyList<string> All { get; } = [Staff, Governor, Principal];

    /// <summary>Who may see revisions being prepared and the review around them.</summary>
    public const string PrincipalOrGovernor = Principal + "," + Governor;

    /// <summary>Which policy audiences a signed-in person belongs to. The Principal is a member of staff.</summary>
    public static PolicyAudience AudienceOf(ClaimsPrincipal user) => AudienceOf(All.Where(user.IsInRole));

    /// <summary>Which policy audiences someone with these roles belongs to.</summary>
    public static PolicyAudience AudienceOf(IEnumerable<string> roles)
    {
        var held = roles.ToHashSet(StringComparer.Ordinal);
        var audience = PolicyAudience.None;
        if (held.Contains(Staff) || held.Contains(Principal))
        {
            audience |= PolicyAudience.Staff;
        }

        if (held.Contains(Governor))
        {
            audience |= PolicyAudience.Governors;
        }

        return audience;
    }
}
