using System.Security.Claims;

namespace PolicyPortal.Web.Authorization;

public static class ClaimsPrincipalExtensions
{
    /// <summary>The signed-in person's account id. Every action that calls it sits behind the fallback policy.</summary>
    public static string UserId(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier)
        ?? throw new InvalidOperationException("The request has no signed-in user.");

    /// <summary>The person's full name, carried in the sign-in cookie (see <see cref="PortalClaimsFactory"/>).</summary>
    public static string FullName(this ClaimsPrincipal user) =>
        user.FindFirstValue(PortalClaimsFactory.FullNameClaim) ?? user.Identity?.Name ?? string.Empty;

    /// <summary>The signed-in person as the records name them.</summary>
    public static Domain.Person AsPerson(this ClaimsPrincipal user) => new(user.UserId(), user.FullName());
}
