using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace PolicyPortal.Web.Authorization;

/// <summary>
/// The absolute limit on a session. Sliding expiry moves the cookie's own issue time forward on every renewal, so the
/// moment of signing in is stamped into the ticket separately and checked on every request.
/// </summary>
public static class SessionLifetime
{
    public const string SignedInAtKey = "portal:signed_in_at";

    /// <summary>Stamps the first sign-in; a refresh of the same session (a role change, say) keeps the original time.</summary>
    public static void Stamp(AuthenticationProperties properties, DateTimeOffset now) =>
        properties.Items.TryAdd(SignedInAtKey, now.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));

    /// <summary>True once the session is older than <paramref name="lifetime"/>, or carries no stamp at all.</summary>
    public static bool HasEnded(AuthenticationProperties properties, DateTimeOffset now, TimeSpan lifetime) =>
        !properties.Items.TryGetValue(SignedInAtKey, out var stamp)
        || !DateTimeOffset.TryParse(stamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var signedInAt)
        || now >= signedInAt + lifetime;

    /// <summary>
    /// Chains the absolute-lifetime check in front of whatever already validates the session (Identity's security stamp
    /// check), so an expired session is turned away before anything else is asked of it.
    /// </summary>
    public static Func<CookieValidatePrincipalContext, Task> Before(Func<CookieValidatePrincipalContext, Task> next, TimeProvider clock, TimeSpan lifetime) =>
        async context =>
        {
            if (HasEnded(context.Properties, clock.GetUtcNow(), lifetime))
            {
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(context.Scheme.Name);
                return;
            }

            await next(context);
        };
}
