using System.Linq.Expressions;
using Microsoft.AspNetCore.Identity;

namespace PolicyPortal.Web.Domain;

/// <summary>A person with an account: member of staff, governor or the Principal.</summary>
public class PortalUser : IdentityUser
{
    public const int FullNameMaxLength = 200;
    public const int JobTitleMaxLength = 200;

    public string FullName { get; set; } = string.Empty;

    public string? JobTitle { get; set; }

    /// <summary>When the account was added to the portal; null for accounts older than this column.</summary>
    public DateTime? AddedAtUtc { get; set; }

    /// <summary>
    /// Set when the person leaves. A leaver cannot sign in and is out of every count, but nothing they signed or wrote
    /// is removed, and the account can be reactivated.
    /// </summary>
    public DateTime? DeactivatedAtUtc { get; set; }

    public bool IsActive => DeactivatedAtUtc is null;

    /// <summary>When they first signed in with their school account, which linked it to this one; null if they never have.</summary>
    public DateTime? SchoolAccountLinkedAtUtc { get; set; }

    /// <summary>They sign in with their school account alone: they have no password, and cannot set one.</summary>
    public bool SchoolAccountOnly { get; set; }

    /// <summary>They have set a password or signed in with their school account, so are no longer only invited.</summary>
    public bool HasSignedIn => PasswordHash is not null || SchoolAccountLinkedAtUtc is not null;

    /// <summary>Invited and never signed in: no password and no school account linked, as a query the database can answer.</summary>
    public static readonly Expression<Func<PortalUser, bool>> Invited = u => u.DeactivatedAtUtc == null && u.PasswordHash == null && u.SchoolAccountLinkedAtUtc == null;

    /// <summary>
    /// A password is being set through a link emailed to this account: that proves the address, and the failed
    /// sign-ins and any lockout from before (a guesser's, or the owner's own) no longer keep the owner out.
    /// </summary>
    public void PasswordSetThroughEmailedLink()
    {
        EmailConfirmed = true;
        AccessFailedCount = 0;
        LockoutEnd = null;
    }
}
