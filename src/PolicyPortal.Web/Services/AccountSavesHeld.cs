using Microsoft.AspNetCore.Identity;
using PolicyPortal.Web.Domain;
using PortalUserStore = Microsoft.AspNetCore.Identity.EntityFrameworkCore.UserStore<
    PolicyPortal.Web.Domain.PortalUser,
    Microsoft.AspNetCore.Identity.IdentityRole,
    PolicyPortal.Web.Data.PortalDbContext,
    string,
    Microsoft.AspNetCore.Identity.IdentityUserClaim<string>,
    Microsoft.AspNetCore.Identity.IdentityUserRole<string>,
    Microsoft.AspNetCore.Identity.IdentityUserLogin<string>,
    Microsoft.AspNetCore.Identity.IdentityUserToken<string>,
    Microsoft.AspNetCore.Identity.IdentityRoleClaim<string>,
    Microsoft.AspNetCore.Identity.IdentityUserPasskey<string>>;

namespace PolicyPortal.Web.Services;

/// <summary>
/// While held, Identity's store only tracks each account it creates or updates (<c>AutoSaveChanges</c> off), for the
/// caller to save a few hundred at a time and empty the change tracker between saves: one save per account, each looking
/// through every account tracked before it, makes thousands of them take minutes.
/// </summary>
internal sealed class AccountSavesHeld : IDisposable
{
    /// <summary>How many accounts are saved together.</summary>
    public const int Batch = 200;

    private readonly PortalUserStore _store;

    public AccountSavesHeld(IUserStore<PortalUser> store)
    {
        _store = (PortalUserStore)store;
        _store.AutoSaveChanges = false;
    }

    public void Dispose() => _store.AutoSaveChanges = true;
}
