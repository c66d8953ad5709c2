using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Data;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Services.Email;

namespace PolicyPortal.Web.Services;

/// <summary>
/// Setting a password: through an emailed link (an invitation's first password, or a reset of a forgotten one), or,
/// signed in, by changing it. A link carries a token bound to the account's security stamp (made by
/// <see cref="InvitationTokenProvider"/>), so it works once, stops working when a newer one is sent or the person
/// leaves, and expires after <c>People:InvitationDays</c> or <c>Auth:PasswordResetMinutes</c>. A password set through a
/// link also proves the address and clears a lockout; a new password that replaces one ends every other session of the
/// account within a minute and is confirmed by email.
/// </summary>
public sealed class Passwords(PortalDbContext db, UserManager<PortalUser> users, Outbox outbox, IOptions<InvitationTokenProviderOptions> options, IOptions<OidcOptions> oidc)
{
    /// <summary>The form field of the password that proves who someone is, for a problem with it.</summary>
    public const string CurrentPasswordField = "CurrentPassword";

    /// <summary>The form field of the password someone chooses, for a problem with it.</summary>
    public const string NewPasswordField = "Password";

    private const int LongestUserId = 100;
    private const int LongestToken = 2000;

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

        // Someone who signs in with their school account alone is told so: a password is not theirs to set.
        if (user.SchoolAccountOnly)
        {
            outbox.AddAskedForNow(
                user.Email!,
                user.FullName,
                "PolicyPortal: you sign in with your school account",
                $"Hello {user.FullName},\n\nSomeone, probably you, asked to choose a new password for PolicyPortal. Your account has no password: "
                + $"you sign in with your school account. On the sign-in page, choose \"{oidc.Value.DisplayName}\".\n\n"
                + "If you did not ask, ignore this email.\n");
            await db.SaveChangesAsync(cancellationToken);
            return user.Id;
        }

        var link = await LinkAsync(user, PasswordLink.Reset);
        var minutes = (int)options.Value.PasswordResetLifespan.TotalMinutes;
        outbox.AddAskedForNow(
            user.Email!,
            user.FullName,
            "PolicyPortal: choose a new password",
            $"Hello {user.FullName},\n\nSomeone, probably you, asked to choose a new password for PolicyPortal.\n\n"
            + $"Choose it here: {link}\n\n"
            + $"The link works once, for {minutes} minutes. If you did not ask, ignore this email: your password stays as it is.\n");
        await db.SaveChangesAsync(cancellationToken);
        return user.Id;
    }

    /// <summary>The address of <paramref name="link"/>'s page for <paramref name="user"/>, with a fresh token.</summary>
    public async Task<string> LinkAsync(PortalUser user, PasswordLink link)
    {
        var token = await users.GenerateUserTokenAsync(user, InvitationTokenProvider.ProviderName, link.Purpose);
        return outbox.LinkTo(link.Action, "Account", new { user = user.Id, token });
    }

    /// <summary>The email address a working link is for, or null. Nothing tells an unknown account from a used link.</summary>
    public async Task<string?> CheckLinkAsync(PasswordLink link, string? userId, string? token) => (await UserForLinkAsync(link, userId, token))?.Email;

    /// <summary>Sets the password through a working link, which then stops working, as the stamp changes.</summary>
    public async Task<PasswordLinkResult> SetThroughLinkAsync(PasswordLink link, string? userId, string? token, string password, CancellationToken cancellationToken = default)
    {
        var user = await UserForLinkAsync(link, userId, token);
        if (user is null)
        {
            return PasswordLinkResult.LinkNotValid;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // Saved with the password, or not at all if it is refused.
        user.PasswordSetThroughEmailedLink();
        var set = link.ForFirstPassword ? await users.AddPasswordAsync(user, password) : await users.ResetPasswordAsync(user, token!, password);
        if (!set.Succeeded)
        {
            // Someone used the same link at the same moment, and theirs was saved first.
            return set.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.ConcurrencyFailure) or nameof(IdentityErrorDescriber.UserAlreadyHasPassword) or nameof(IdentityErrorDescriber.InvalidToken))
                ? PasswordLinkResult.LinkNotValid
                : PasswordLinkResult.Refused(set);
        }

        if (!link.ForFirstPassword)
        {
            AddChangedEmail(user, "through a link from a \"Forgotten your password?\" email");
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return PasswordLinkResult.PasswordSet;
    }

    /// <summary>A signed-in person's change of their own password, which needs the current one.</summary>
    /// <returns>What is wrong, for each field, in words for the person; empty when the password is changed.</returns>
    public async Task<IReadOnlyList<FieldProblem>> ChangeAsync(string userId, string currentPassword, string newPassword, CancellationToken cancellationToken = default)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is not { IsActive: true })
        {
            return [new(NewPasswordField, "Your account can no longer sign in.")];
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var changed = await users.ChangePasswordAsync(user, currentPassword, newPassword);
        if (!changed.Succeeded)
        {
            return [.. changed.Errors.Select(e => e.Code switch
            {
                nameof(IdentityErrorDescriber.PasswordMismatch) => new FieldProblem(CurrentPasswordField, "Your current password is not right. Type it again."),
                nameof(IdentityErrorDescriber.ConcurrencyFailure) => new FieldProblem(NewPasswordField, "Your account changed at the same moment. Try again."),
                _ => new FieldProblem(NewPasswordField, e.Description),
            })];
        }

        AddChangedEmail(user, "by someone signed in as you");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return [];
    }

    // At once whatever the hour: it tells of what was just done to the account, and if that was not its owner, every hour counts.
    private void AddChangedEmail(PortalUser user, string how) =>
        outbox.AddAskedForNow(
            user.Email!,
            user.FullName,
            "PolicyPortal: your password was changed",
            $"Hello {user.FullName},\n\nThe password of your PolicyPortal account was changed {how}, and every other signed-in browser was signed out.\n\n"
            + "If that was not you, tell the Principal's office straight away.\n");

    private async Task<PortalUser?> UserForLinkAsync(PasswordLink link, string? userId, string? token)
    {
        if (!IsPlausibleLink(userId, token))
        {
            return null;
        }

        var user = await users.FindByIdAsync(userId);
        return user is { IsActive: true, SchoolAccountOnly: false }
            && !(link.ForFirstPassword && await users.HasPasswordAsync(user))
            && await users.VerifyUserTokenAsync(user, InvitationTokenProvider.ProviderName, link.Purpose, token)
            ? user
            : null;
    }

    /// <summary>Whether a link's user id and token are worth looking up at all: present, and no longer than any the portal sends.</summary>
    private static bool IsPlausibleLink([NotNullWhen(true)] string? userId, [NotNullWhen(true)] string? token) =>
        !string.IsNullOrEmpty(userId) && userId.Length <= LongestUserId && !string.IsNullOrEmpty(token) && token.Length <= LongestToken;
}
