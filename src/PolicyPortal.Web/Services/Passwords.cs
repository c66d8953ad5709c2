using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Controllers;
using PolicyPortal.Web.Data;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Services.Email;

namespace PolicyPortal.Web.Services;

/// <summary>
/// Changing a password: signed in, with the current one; or, forgotten, through an emailed link. The link carries a token bound to the account's
/// security stamp (Identity's password reset provider is <see cref="InvitationTokenProvider"/>), so it works once, stops
/// working when a newer one is sent, and expires after <c>Auth:PasswordResetMinutes</c>. A new password ends every
/// other session of the account within a minute and is confirmed by email; one chosen through a link also clears a lockout.
/// </summary>
public sealed class Passwords(PortalDbContext db, UserManager<PortalUser> users, Outbox outbox, IOptions<InvitationTokenProviderOptions> options)
{
    /// <summary>
    /// Emails a reset link to the account with this address, if there is one and its owner has not left. The caller
    /// tells the visitor the same thing either way, so the form reveals nobody's account.
    /// </summary>
    /// <returns>The account's id, for the audit log, or null if no link was sent.</returns>
    public async Task<string?> SendResetLinkAsync(string email, CancellationToken cancellationToken = default)
    {
        var user = await users.FindByEmailAsync(email);
        if (user is not { IsActive: true })
        {
            return null;
        }

        var token = await users.GeneratePasswordResetTokenAsync(user);
        var link = outbox.LinkTo(nameof(AccountController.ShowResetPassword), "Account", new { user = user.Id, token });
        var minutes = (int)options.Value.PasswordResetLifespan.TotalMinutes;
        outbox.Add(
            user.Email!,
            user.FullName,
            "PolicyPortal: choose a new password",
            $"Hello {user.FullName},\n\nSomeone, probably you, asked to choose a new password for PolicyPortal.\n\n"
            + $"Choose it here: {link}\n\n"
            + $"The link works once, for {minutes} minutes. If you did not ask, ignore this email: your password stays as it is.\n");
        await db.SaveChangesAsync(cancellationToken);
        return user.Id;
    }

    /// <summary>The email address a working link is for, or null. Nothing tells an unknown account from a used link.</summary>
    public async Task<string?> CheckResetLinkAsync(string? userId, string? token) => (await UserForLinkAsync(userId, token))?.Email;

    /// <summary>Sets the new password through a working link, which then stops working, as the stamp changes.</summary>
    public async Task<PasswordLinkResult> ResetAsync(string? userId, string? token, string password, CancellationToken cancellationToken = default)
    {
        var user = await UserForLinkAsync(userId, token);
        if (user is null)
        {
            return PasswordLinkResult.LinkNotValid;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // Saved with the new password, or not at all if it is refused.
        user.PasswordSetThroughEmailedLink();
        var reset = await users.ResetPasswordAsync(user, token!, password);
        if (!reset.Succeeded)
        {
            return reset.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.ConcurrencyFailure) or nameof(IdentityErrorDescriber.InvalidToken))
                ? PasswordLinkResult.LinkNotValid
                : new PasswordLinkResult(PasswordLinkOutcome.PasswordRefused, [.. reset.Errors.Select(e => e.Description)]);
        }

        AddChangedEmail(user, "through a link from a \"Forgotten your password?\" email");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new PasswordLinkResult(PasswordLinkOutcome.PasswordSet, []);
    }

    /// <summary>A signed-in person's change of their own password, which needs the current one.</summary>
    /// <returns>What is wrong, in words for the person; empty when the password is changed.</returns>
    public async Task<IReadOnlyList<string>> ChangeAsync(string userId, string currentPassword, string newPassword, CancellationToken cancellationToken = default)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is not { IsActive: true })
        {
            return ["Your account can no longer sign in."];
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var changed = await users.ChangePasswordAsync(user, currentPassword, newPassword);
        if (!changed.Succeeded)
        {
            return [.. changed.Errors.Select(e => e.Code switch
            {
                nameof(IdentityErrorDescriber.PasswordMismatch) => "Your current password is not right. Type it again.",
                nameof(IdentityErrorDescriber.ConcurrencyFailure) => "Your account changed at the same moment. Try again.",
                _ => e.Description,
            })];
        }

        AddChangedEmail(user, "by someone signed in as you");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return [];
    }

    private void AddChangedEmail(PortalUser user, string how) =>
        outbox.Add(
            user.Email!,
            user.FullName,
            "PolicyPortal: your password was changed",
            $"Hello {user.FullName},\n\nThe password of your PolicyPortal account was changed {how}, and every other signed-in browser was signed out.\n\n"
            + "If that was not you, tell the Principal's office straight away.\n");

    private async Task<PortalUser?> UserForLinkAsync(string? userId, string? token)
    {
        if (!Invitations.IsPlausibleLink(userId, token))
        {
            return null;
        }

        var user = await users.FindByIdAsync(userId);
        return user is { IsActive: true } && await users.VerifyUserTokenAsync(user, InvitationTokenProvider.ProviderName, UserManager<PortalUser>.ResetPasswordTokenPurpose, token)
            ? user
            : null;
    }
}
