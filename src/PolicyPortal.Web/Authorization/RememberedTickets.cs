using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Caching.Memory;

namespace PolicyPortal.Web.Authorization;

/// <summary>
/// The sign-in cookie's format, remembering for up to a minute what each cookie it has read decrypts to, so a person's
/// next requests skip data protection's decryption (docs/decisions/0021-signatures-and-sign-in-cookies-in-memory.md).
/// A cookie not presented again for <see cref="Unused"/> is let go: a renewed cookie replaces the old one in the browser,
/// and the old one's ticket would otherwise be held, unused, for the rest of the minute.
/// Only the exact text of a cookie read before (by its SHA-256) finds its ticket; anything else is decrypted and checked as usual.
/// Each request gets its own copy of the ticket, and expiry, the session's lifetime and the security stamp are checked
/// on every request as before.
/// </summary>
public sealed class RememberedTickets(ISecureDataFormat<AuthenticationTicket> format) : ISecureDataFormat<AuthenticationTicket>
{
    public static readonly TimeSpan Remembered = TimeSpan.FromMinutes(1);

    public static readonly TimeSpan Unused = TimeSpan.FromSeconds(15);

    // Enough for every member of a large trust signed in at once; beyond it the oldest are decrypted again.
    private const int MostRemembered = 20_000;

    private readonly MemoryCache _tickets = new(new MemoryCacheOptions { SizeLimit = MostRemembered, ExpirationScanFrequency = Unused / 3 });

    public string Protect(AuthenticationTicket data) => format.Protect(data);

    public string Protect(AuthenticationTicket data, string? purpose) => format.Protect(data, purpose);

    public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, purpose: null);

    public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
    {
        if (protectedText is null || purpose is not null)
        {
            return format.Unprotect(protectedText, purpose);
        }

        // Keyed by the cookie's SHA-256, not its 1,000 or so characters: the same cookie, a twentieth of the memory.
        var key = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(protectedText)));
        if (!_tickets.TryGetValue(key, out AuthenticationTicket? ticket))
        {
            ticket = format.Unprotect(protectedText);
            if (ticket is null)
            {
                return null;
            }

            using var entry = _tickets.CreateEntry(key);
            entry.Value = ticket;
            entry.Size = 1;
            entry.AbsoluteExpirationRelativeToNow = Remembered;
            entry.SlidingExpiration = Unused;
        }

        return ticket!.Clone();
    }
}
