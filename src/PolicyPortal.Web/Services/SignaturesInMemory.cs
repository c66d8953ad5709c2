using System.Collections.Concurrent;
using System.Diagnostics;

namespace PolicyPortal.Web.Services;

/// <summary>
/// Each person's signatures, kept in memory so that the pages a person opens one after another (the banner on every
/// page counts what they have to sign) do not each read them from the database
/// (docs/decisions/0021-signatures-and-sign-in-cookies-in-memory.md). A signature saved by this server is seen by the
/// person's next request; one saved by another web server once <see cref="SignaturesFeed"/> has seen it, within about a
/// second. <see cref="MaxAge"/> bounds the rest: a signature the feed could not see (one committed after a later one,
/// which SQL Server's identity column allows) is seen when the copy is read again. Signing never relies on it:
/// <see cref="PolicySigning"/> reads the person's signatures from the database.
/// </summary>
public sealed class SignaturesInMemory
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    // How often what is too old is dropped: people who stopped opening pages are let go within MaxAge and this.
    private static readonly TimeSpan SweepEvery = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, Held> _held = new(StringComparer.Ordinal);
    private long _lastSweep = Stopwatch.GetTimestamp();

    /// <summary>When a read of someone's signatures begins: pass it to <see cref="Keep"/> with what the read found.</summary>
    public static long ReadStarting() => Stopwatch.GetTimestamp();

    /// <summary>This person's signatures by policy id, or null when they are not held or are too old.</summary>
    public PersonSignatures? Find(string userId) =>
        _held.TryGetValue(userId, out var held) && held.Signatures is { } signatures && held.IsFresh
            ? signatures
            : null;

    /// <summary>
    /// Holds what a read that began at <paramref name="readStarted"/> found, unless this server saved a signature of the
    /// person since it began (the read may have missed it) or a later read is already held.
    /// </summary>
    public void Keep(string userId, PersonSignatures signatures, long readStarted)
    {
        var read = new Held(signatures, readStarted);
        _held.AddOrUpdate(userId, read, (_, held) => held.At >= readStarted ? held : read);
        SweepNow();
    }

    /// <summary>Called when a signature of the person has been saved, here or elsewhere: their next request reads them again.</summary>
    public void Forget(string userId)
    {
        _held[userId] = new Held(null, Stopwatch.GetTimestamp());
        SweepNow();
    }

    // Every SweepEvery, drop what is too old to be used: the people who have not opened a page since.
    private void SweepNow()
    {
        var last = Interlocked.Read(ref _lastSweep);
        if (Stopwatch.GetElapsedTime(last) < SweepEvery || Interlocked.CompareExchange(ref _lastSweep, Stopwatch.GetTimestamp(), last) != last)
        {
            return;
        }

        foreach (var entry in _held)
        {
            if (!entry.Value.IsFresh)
            {
                _held.TryRemove(entry);
            }
        }
    }

    // Signatures as read from a query that began At, or (null) that a signature was saved At.
    private sealed record Held(PersonSignatures? Signatures, long At)
    {
        public bool IsFresh => Stopwatch.GetElapsedTime(At) < MaxAge;
    }
}
