using System.Security.Claims;
using Microsoft.Extensions.Options;

namespace PolicyPortal.Web.Authorization;

/// <summary>
/// Someone in a role of <c>Auth:RequireTwoStepFor</c> who has not set up two-step sign-in is taken to its set-up page
/// from every other page, until they have; only the set-up itself, signing out and the error pages are open to them.
/// Someone signed in with their school account is not: its provider's own second factor applies.
/// </summary>
internal sealed class TwoStepRequired(RequestDelegate next, IOptions<AuthOptions> auth, IOptions<OidcOptions> oidc)
{
    public const string SetUpPath = "/account/two-step/set-up";

    private static readonly string[] OpenPaths = [SetUpPath, "/account/sign-out", "/error"];

    public Task InvokeAsync(HttpContext context)
    {
        if (MustSetUp(context.User, auth.Value, oidc.Value) && !OpenPaths.Any(path => context.Request.Path.StartsWithSegments(path, StringComparison.OrdinalIgnoreCase)))
        {
            context.Response.Redirect(SetUpPath);
            return Task.CompletedTask;
        }

        return next(context);
    }

    /// <summary>Whether this signed-in person must set up two-step sign-in before anything else.</summary>
    public static bool MustSetUp(ClaimsPrincipal user, AuthOptions auth, OidcOptions oidc) =>
        user.Identity?.IsAuthenticated == true
        && !user.HasClaim(PortalClaimsFactory.TwoStepClaim, "true")
        && !user.SignedInWithSchoolAccount(oidc)
        && auth.RolesRequiringTwoStep.Any(user.IsInRole);
}
