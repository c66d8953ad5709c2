using System.Collections.Concurrent;

namespace PolicyPortal.Web.Authorization;

/// <summary>
/// Failed sign-ins with an address that has no account, counted per address as Identity counts them per account: after
/// five in a row the address is "locked" for 15 minutes, so the sign-in page answers it as it answers a locked account
/// and does not tell which addresses have one. Held in this server's memory.
/// </summary>
public sealed class UnknownAccountLockout(TimeProvider clock)
{
    public const int MaxFailures = 5;

    private const int MostAddressesHeld = 10_000;
    private static readonly TimeSpan LockoutTime = TimeSpan.FromMinutes(15);

    private readonly ConcurrentDictionary<string, Failures> _failures = new(StringComparer.Ordinal);

    /// <summary>Whether the address, normalised as Identity normalises user names, is locked now.</summary>
    public bool IsLockedOut(string normalisedEmail) =>
        _failures.TryGetValue(normalisedEmail, out var failures) && failures.Count >= MaxFailures && failures.Until > clock.GetUtcNow();

    /// <summary>Counts one more failure; true if it locks the address.</summary>
    public bool Fail(string normalisedEmail)
    {
        var now = clock.GetUtcNow();
        if (_failures.Count >= MostAddressesHeld)
        {
            foreach (var (address, old) in _failures.Where(f => f.Value.Until <= now))
            {
                _failures.TryRemove(new KeyValuePair<string, Failures>(address, old));
            }
        }

        // A count is forgotten 15 minutes after its last failure, as a lockout ends 15 minutes after its fifth.
        var failures = _failures.AddOrUpdate(
            normalisedEmail,
            _ => new Failures(1, now + LockoutTime),
            (_, held) => new Failures(held.Until > now ? held.Count + 1 : 1, now + LockoutTime));
        return failures.Count >= MaxFailures;
    }

    private sealed record Failures(int Count, DateTimeOffset Until);
}
