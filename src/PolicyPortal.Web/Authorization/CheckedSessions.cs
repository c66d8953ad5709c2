using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;

namespace PolicyPortal.Web.Authorization;

/// <summary>
/// Sign-in cookies checked against their account in the last interval, with the principal each check made. A cookie older
/// than the interval is checked once; sent again before the interval has passed once more (by a second tab, or by a client
/// that did not take the renewed cookie), it gets that principal instead of a check of its own, which costs four queries
/// and a new principal. A leaver's or a changed role's session still ends within the interval of the check that last
/// passed, as it would for a browser holding the renewed cookie
/// (docs/decisions/0021-signatures-and-sign-in-cookies-in-memory.md).
/// </summary>
internal sealed class CheckedSessions(TimeSpan interval)
{
    // Enough for every member of a large trust; beyond it a cookie is checked on each request, as before.
    private const int MostRemembered = 20_000;

    private static readonly string SecurityStampClaimType = new ClaimsIdentityOptions().SecurityStampClaimType;

    private readonly ConcurrentDictionary<Cookie, Check> _checked = new();
    private long _lastSweepTicks;

    /// <summary>A cookie's generation: its person, when it was issued and the account's security stamp it carries.</summary>
    internal readonly record struct Cookie(string UserId, DateTimeOffset IssuedUtc, string SecurityStamp);

    private sealed record Check(DateTimeOffset At, ClaimsPrincipal Principal);

    public static Cookie? CookieOf(ClaimsPrincipal? principal, DateTimeOffset? issuedUtc) =>
        principal?.FindFirstValue(ClaimTypes.NameIdentifier) is { } userId
        && principal.FindFirstValue(SecurityStampClaimType) is { } stamp
        && issuedUtc is { } issued
            ? new Cookie(userId, issued, stamp)
            : null;

    /// <summary>A copy of the principal the last check of this cookie made, while that check is under an interval old.</summary>
    public ClaimsPrincipal? Find(Cookie cookie, DateTimeOffset now) =>
        _checked.TryGetValue(cookie, out var check) && now - check.At < interval ? check.Principal.Clone() : null;

    public void Remember(Cookie cookie, ClaimsPrincipal principal, DateTimeOffset now)
    {
        // Checks older than the interval are let go at most once an interval, so each is held at most two.
        var lastSweep = Interlocked.Read(ref _lastSweepTicks);
        if (now.UtcTicks - lastSweep >= interval.Ticks && Interlocked.CompareExchange(ref _lastSweepTicks, now.UtcTicks, lastSweep) == lastSweep)
        {
            foreach (var (key, check) in _checked)
            {
                if (now - check.At >= interval)
                {
                    _checked.TryRemove(key, out _);
                }
            }
        }

        if (_checked.Count < MostRemembered)
        {
            _checked[cookie] = new Check(now, principal.Clone());
        }
    }
}
