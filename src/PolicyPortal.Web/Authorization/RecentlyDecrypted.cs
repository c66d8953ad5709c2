using System.Security.Cryptography;
using Microsoft.Extensions.Caching.Memory;

namespace PolicyPortal.Web.Authorization;

/// <summary>
/// What recently read cookies decrypted to, so a person's next requests skip data protection's decryption
/// (docs/decisions/0021-signatures-and-sign-in-cookies-in-memory.md). Keyed by the SHA-256 of the exact protected bytes:
/// only a cookie read before finds its value; anything else, changed by a single bit, is decrypted and checked as usual.
/// A value is kept for at most <see cref="Remembered"/>, and let go once not asked for in <see cref="Unused"/>: a
/// renewed cookie replaces the old one in the browser, whose value would otherwise be held, unused, for the rest of the
/// minute. What fails to decrypt is never remembered.
/// </summary>
public sealed class RecentlyDecrypted<T>
    where T : class
{
    public static readonly TimeSpan Remembered = TimeSpan.FromMinutes(1);

    public static readonly TimeSpan Unused = TimeSpan.FromSeconds(15);

    // Enough for every member of a large trust signed in at once; beyond it the oldest are decrypted again.
    private const int MostRemembered = 20_000;

    private readonly MemoryCache _values = new(new MemoryCacheOptions { SizeLimit = MostRemembered, ExpirationScanFrequency = Unused / 3 });

    /// <summary>The value these bytes decrypted to in the last minute, or else what <paramref name="decrypt"/> gives now.</summary>
    public T? GetOrDecrypt(ReadOnlySpan<byte> protectedData, Func<T?> decrypt)
    {
        // The SHA-256, not the 100 to 1,000 bytes themselves: the same cookie in a fraction of the memory.
        var key = Convert.ToBase64String(SHA256.HashData(protectedData));
        if (_values.TryGetValue(key, out T? value))
        {
            return value;
        }

        value = decrypt();
        if (value is not null)
        {
            using var entry = _values.CreateEntry(key);
            entry.Value = value;
            entry.Size = 1;
            entry.AbsoluteExpirationRelativeToNow = Remembered;
            entry.SlidingExpiration = Unused;
        }

        return value;
    }
}
