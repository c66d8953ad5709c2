using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;

namespace PolicyPortal.Web.Authorization;

/// <summary>
/// Sign-in cookies checked against their account in the last interval. A cookie older than the interval is checked once;
/// sent again before the interval has passed once more (by a second tab, or by a client that did not take the renewed
/// cookie), it is not checked again, which would cost four queries and a new principal each time. A leaver's or a changed
/// role's session still ends within the interval of the check that last passed, as it would for a browser holding the
/// renewed cookie. Only the time of each check is held, about 200 bytes a cookie
/// (docs/decisions/0021-signatures-and-sign-in-cookies-in-memory.md).
/// </summary>
internal sealed class CheckedSessions(TimeSpan interval)
{
    // Enough for every member of a large trust; beyond it a cookie is checked on each request, as before.
    private const int MostRemembered = 20_000;

    private static readonly string SecurityStampClaimType = new ClaimsIdentityOptions().SecurityStampClaimType;

    private readonly ConcurrentDictionary<Cookie, DateTimeOffset> _checked = new();
    private long _lastSweepTicks;

    /// <summary>A cookie's generation: its person, when it was issued and the account's security stamp it carries.</summary>
    internal readonly record struct Cookie(string UserId, DateTimeOffset IssuedUtc, string SecurityStamp);

    public static Cookie? CookieOf(ClaimsPrincipal? principal, DateTimeOffset? issuedUtc) =>
        principal?.FindFirstValue(ClaimTypes.NameIdentifier) is { } userId
        && principal.FindFirstValue(SecurityStampClaimType) is { } stamp
        && issuedUtc is { } issued
            ? new Cookie(userId, issued, stamp)
            : null;

    /// <summary>Whether this cookie passed a check under an interval ago.</summary>
    public bool PassedRecently(Cookie cookie, DateTimeOffset now) =>
        _checked.TryGetValue(cookie, out var at) && now - at < interval;

    public void Remember(Cookie cookie, DateTimeOffset now)
    {
        // Checks older than the interval are let go at most once an interval, so each is held at most two.
        var lastSweep = Interlocked.Read(ref _lastSweepTicks);
        if (now.UtcTicks - lastSweep >= interval.Ticks && Interlocked.CompareExchange(ref _lastSweepTicks, now.UtcTicks, lastSweep) == lastSweep)
        {
            foreach (var (key, at) in _checked)
            {
                if (now - at >= interval)
                {
                    _checked.TryRemove(key, out _);
                }
            }
        }

        if (_checked.Count < MostRemembered)
        {
            _checked[cookie] = now;
        }
    }
}
