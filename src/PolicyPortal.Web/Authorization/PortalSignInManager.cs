using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Authorization;

/// <summary>
/// Identity's sign-in, except that someone who has left cannot sign in, and their open sessions end at the next
/// security stamp check (within a minute) even if their stamp were somehow unchanged.
/// </summary>
public sealed class PortalSignInManager(
    UserManager<PortalUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<PortalUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<PortalUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<PortalUser> confirmation)
    : SignInManager<PortalUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    private static string? unknownAccountHash;

    /// <summary>
    /// Spends the time of checking a password, for a sign-in with an address that has no account: the answer then
    /// takes as long as for a wrong password, so its timing does not tell which addresses have accounts.
    /// </summary>
    public void CheckPasswordOfNoAccount(string password)
    {
        var hasher = UserManager.PasswordHasher;
        unknownAccountHash ??= hasher.HashPassword(null!, "no account has this password: " + Guid.NewGuid());
        hasher.VerifyHashedPassword(null!, unknownAccountHash, password);
    }

    public override async Task<bool> CanSignInAsync(PortalUser user) =>
        user.IsActive && await base.CanSignInAsync(user);

    public override async Task<bool> ValidateSecurityStampAsync(PortalUser? user, string? securityStamp) =>
        user is { IsActive: true } && await base.ValidateSecurityStampAsync(user, securityStamp);
}
