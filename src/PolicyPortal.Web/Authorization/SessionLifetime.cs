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
    /// check), so an expired session is turned away before it costs a database query. Identity's check is called only
    /// once the cookie is older than <paramref name="stampInterval"/>, the only time it does anything: asking it on every
    /// request cost a sign-in manager and a user manager built for each. And it is called once an interval for the same
    /// cookie, however often that cookie is sent (<see cref="CheckedSessions"/>).
    /// </summary>
    public static Func<CookieValidatePrincipalContext, Task> Before(Func<CookieValidatePrincipalContext, Task> next, TimeProvider clock, TimeSpan lifetime, TimeSpan stampInterval)
    {
        var checkedSessions = new CheckedSessions(stampInterval);
        return async context =>
        {
            var now = clock.GetUtcNow();
            if (HasEnded(context.Properties, now, lifetime))
            {
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(context.Scheme.Name);
                return;
            }

            if (context.Properties.IssuedUtc is { } issued && now - issued <= stampInterval)
            {
                return;
            }

            var cookie = CheckedSessions.CookieOf(context.Principal, context.Properties.IssuedUtc);
            if (cookie is { } sent && checkedSessions.PassedRecently(sent, now))
            {
                return;
            }

            await next(context);

            // Identity's check renews the cookie when the account still holds; a refused session has no principal left.
            if (cookie is { } validated && context.Principal is not null && context.ShouldRenew)
            {
                checkedSessions.Remember(validated, now);
            }
        };
    }
}
