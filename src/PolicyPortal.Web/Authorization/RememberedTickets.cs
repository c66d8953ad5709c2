using System.Text;
using Microsoft.AspNetCore.Authentication;

namespace PolicyPortal.Web.Authorization;

/// <summary>
/// The sign-in cookie's format, remembering for up to a minute what each cookie it has read decrypts to
/// (<see cref="RecentlyDecrypted{T}"/>), so a person's next requests skip data protection's decryption.
/// Each request gets its own copy of the ticket, and expiry, the session's lifetime and the security stamp are checked
/// on every request as before.
/// </summary>
public sealed class RememberedTickets(ISecureDataFormat<AuthenticationTicket> format) : ISecureDataFormat<AuthenticationTicket>
{
    private readonly RecentlyDecrypted<AuthenticationTicket> _tickets = new();

    public string Protect(AuthenticationTicket data) => format.Protect(data);

    public string Protect(AuthenticationTicket data, string? purpose) => format.Protect(data, purpose);

    public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, purpose: null);

    public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
    {
        if (protectedText is null || purpose is not null)
        {
            return format.Unprotect(protectedText, purpose);
        }

        return _tickets.GetOrDecrypt(Encoding.UTF8.GetBytes(protectedText), () => format.Unprotect(protectedText))?.Clone();
    }
}
