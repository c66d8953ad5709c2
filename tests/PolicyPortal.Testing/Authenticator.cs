using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;

namespace PolicyPortal.Testing;

/// <summary>What an authenticator app does with the key the portal shows: the RFC 6238 code for a moment.</summary>
public static class Authenticator
{
    /// <summary>The six-digit code of the base32 <paramref name="key"/> at <paramref name="at"/> (30-second steps, HMAC-SHA1).</summary>
    public static string CodeAt(string key, DateTimeOffset at)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, at.ToUnixTimeSeconds() / 30);
        var hash = HMACSHA1.HashData(FromBase32(key), counter.ToArray());
        var offset = hash[^1] & 0x0f;
        var number = (BinaryPrimitives.ReadInt32BigEndian(hash.AsSpan(offset)) & 0x7fffffff) % 1_000_000;
        return number.ToString("D6", CultureInfo.InvariantCulture);
    }

    private static byte[] FromBase32(string key)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = string.Concat(key.Trim().TrimEnd('=').ToUpperInvariant().Where(c => c != ' ')
            .Select(c => Convert.ToString(Alphabet.IndexOf(c, StringComparison.Ordinal), 2).PadLeft(5, '0')));
        return [.. Enumerable.Range(0, bits.Length / 8).Select(i => Convert.ToByte(bits.Substring(i * 8, 8), 2))];
    }
}
