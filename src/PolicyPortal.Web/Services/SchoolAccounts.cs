using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Data;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Services;

/// <summary>What came of signing in with a school account.</summary>
public enum SchoolAccountOutcome
{
    SignedIn,

    /// <summary>No portal account is linked to it, and none could be by an address the provider vouches for.</summary>
    NotSetUp,

    /// <summary>It belongs to a tenant or domain the settings do not allow, or is a personal account.</summary>
    OtherOrganisation,

    /// <summary>The portal account it is, or would be, linked to is a leaver's.</summary>
    Left,

    /// <summary>Its portal account changed while it was being linked, twice: worth trying again.</summary>
    Interrupted,
}

/// <summary>
/// Signing in with a school account (<see cref="SchoolAccount"/>). Only people the school has added get in: the first
/// sign-in links the provider's account to the active portal account with the address the provider vouches for, and
/// every later one finds it by the provider's issuer and subject alone, so a changed address at the provider changes
/// nothing and an address given to someone else later opens nothing. The provider's own second factor applies, not
/// the portal's, and a lockout from wrong passwords does not keep the owner out.
/// </summary>
public sealed class SchoolAccounts(PortalDbContext db, PortalSignInManager signInManager, IOptions<OidcOptions> oidc, AuthenticationAudit audit, TimeProvider clock)
{
    private UserManager<PortalUser> Users => signInManager.UserManager;

    public async Task<SchoolAccountOutcome> SignInAsync(SchoolAccount account, CancellationToken cancellationToken = default)
    {
        if (!account.IsAllowed(oidc.Value))
        {
            audit.SchoolAccountRefused(account.Email, null, account.Issuer, "OtherOrganisation");
            return SchoolAccountOutcome.OtherOrganisation;
        }

        var user = await Users.FindByLoginAsync(account.Issuer, account.Subject);
        if (user is null)
        {
            // A second go when the account changed at the same moment (an edit, or the same person's other tab).
            var (linked, outcome) = await LinkAsync(account);
            if (outcome == SchoolAccountOutcome.Interrupted)
            {
                db.ChangeTracker.Clear();
                (linked, outcome) = await Users.FindByLoginAsync(account.Issuer, account.Subject) is { } other
                    ? (other, SchoolAccountOutcome.SignedIn)
                    : await LinkAsync(account);
            }

            if (linked is null)
            {
                return outcome;
            }

            user = linked;
        }

        if (!await signInManager.CanSignInAsync(user))
        {
            audit.SchoolAccountRefused(account.Email, user.Id, account.Issuer, "Left");
            return SchoolAccountOutcome.Left;
        }

        // The issuer as the sign-in method, as Identity's own external sign-in names it: TwoStepRequired lets such a session be.
        await signInManager.SignInAsync(user, isPersistent: false, authenticationMethod: account.Issuer);
        audit.SignedInWithSchoolAccount(user.Id, account.Issuer);
        return SchoolAccountOutcome.SignedIn;
    }

    /// <summary>Links a first sign-in to the active account with the address the provider vouches for, if there is one.</summary>
    private async Task<(PortalUser? User, SchoolAccountOutcome Outcome)> LinkAsync(SchoolAccount account)
    {
        var email = account.VerifiedEmail(oidc.Value);
        var user = email is null ? null : await Users.FindByEmailAsync(email);
        if (user is null)
        {
            audit.SchoolAccountRefused(account.Email, null, account.Issuer, email is null ? "NoVerifiedEmail" : "NoSuchAccount");
            return (null, SchoolAccountOutcome.NotSetUp);
        }

        if (!user.IsActive)
        {
            audit.SchoolAccountRefused(account.Email, user.Id, account.Issuer, "Left");
            return (null, SchoolAccountOutcome.Left);
        }

        // One account of each provider per person: another with the same address (a mailbox given to someone new) is refused.
        if ((await Users.GetLoginsAsync(user)).Any(l => l.LoginProvider == account.Issuer))
        {
            audit.SchoolAccountRefused(account.Email, user.Id, account.Issuer, "LinkedToAnother");
            return (null, SchoolAccountOutcome.NotSetUp);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        user.SchoolAccountLinkedAtUtc ??= now;
        user.EmailConfirmed = true;
        db.AccountEvents.Add(new AccountEvent(user, AccountEventKind.SchoolAccountLinked, new Person(user.Id, user.FullName), $"{user.FullName} signed in with their school account for the first time, which linked it to this account by the address {email}.", now));
        IdentityResult added;
        try
        {
            added = await Users.AddLoginAsync(user, new UserLoginInfo(account.Issuer, account.Subject, oidc.Value.DisplayName));
        }
        catch (DbUpdateException error) when (UniqueViolation.Is(error))
        {
            added = IdentityResult.Failed();
        }

        if (!added.Succeeded)
        {
            return (null, SchoolAccountOutcome.Interrupted);
        }

        audit.SchoolAccountLinked(user.Id, email!, account.Issuer);
        return (user, SchoolAccountOutcome.SignedIn);
    }
}
