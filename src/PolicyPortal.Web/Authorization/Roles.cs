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
    public static PolicyAudience AudienceOf(ClaimsPrincipal user)
    {
        var audience = PolicyAudience.None;
        if (user.IsInRole(Staff) || user.IsInRole(Principal))
        {
            audience |= PolicyAudience.Staff;
        }

        if (user.IsInRole(Governor))
        {
            audience |= PolicyAudience.Governors;
        }

        return audience;
    }
}
