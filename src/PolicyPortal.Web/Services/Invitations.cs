using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Controllers;
using PolicyPortal.Web.Data;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Services.Email;

namespace PolicyPortal.Web.Services;

/// <summary>
/// Invitations to set a first password. The link carries a token bound to the account's security stamp, so it works
/// once, stops working when a newer one is sent or the person leaves, and expires after <c>People:InvitationDays</c>.
/// </summary>
public sealed class Invitations(PortalDbContext db, UserManager<PortalUser> users, Outbox outbox, IOptions<InvitationTokenProviderOptions> options)
{
    private const int LongestUserId = 100;
    private const int LongestToken = 2000;

    /// <summary>Puts an invitation for <paramref name="user"/>, already saved, in the outbox; the caller saves it.</summary>
    public async Task AddToOutboxAsync(PortalUser user, string inviterName)
    {
        var token = await users.GenerateUserTokenAsync(user, InvitationTokenProvider.ProviderName, InvitationTokenProvider.Purpose);
        var link = outbox.LinkTo(nameof(AccountController.ShowSetPassword), "Account", new { user = user.Id, token });
        var days = (int)options.Value.TokenLifespan.TotalDays;
        outbox.Add(
            user.Email!,
            user.FullName,
            "You are invited to PolicyPortal: set your password",
            $"Hello {user.FullName},\n\n{inviterName} has added you to PolicyPortal, where you read and sign the school's staff policies.\n\n"
            + $"Set your password here: {link}\n\n"
            + $"The link works once, for {days} {(days == 1 ? "day" : "days")}. If it has expired, ask the Principal for a new invitation.\n"
            + $"You sign in with this email address, {user.Email}.\n");
    }

    /// <summary>Sends a new invitation to someone who has not set a password yet; the earlier link stops working.</summary>
    /// <returns>False if there is no such person.</returns>
    public async Task<bool> ResendAsync(string id, Person actor, CancellationToken cancellationToken = default)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return false;
        }

        if (!user.IsActive)
        {
            throw new DomainRuleException($"{user.FullName} has left. Reactivate them before sending an invitation.");
        }

        if (await users.HasPasswordAsync(user))
        {
            throw new DomainRuleException($"{user.FullName} has already set a password and can sign in.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        Check(await users.UpdateSecurityStampAsync(user));
        await AddToOutboxAsync(user, actor.FullName);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>The email address a working link is for, or null. Nothing tells an unknown account from a used link.</summary>
    public async Task<string?> CheckAsync(string? userId, string? token) => (await UserForLinkAsync(userId, token))?.Email;

    /// <summary>Sets the first password through a working link; the link then stops working, as the stamp changes.</summary>
    public async Task<PasswordLinkResult> AcceptAsync(string? userId, string? token, string password, CancellationToken cancellationToken = default)
    {
        var user = await UserForLinkAsync(userId, token);
        if (user is null)
        {
            return PasswordLinkResult.LinkNotValid;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // Saved with the password, or not at all if it is refused.
        user.PasswordSetThroughEmailedLink();
        var added = await users.AddPasswordAsync(user, password);
        if (!added.Succeeded)
        {
            // Someone used the same link at the same moment, and theirs was saved first.
            return added.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.ConcurrencyFailure) or nameof(IdentityErrorDescriber.UserAlreadyHasPassword))
                ? PasswordLinkResult.LinkNotValid
                : new PasswordLinkResult(PasswordLinkOutcome.PasswordRefused, [.. added.Errors.Select(e => e.Description)]);
        }

        await transaction.CommitAsync(cancellationToken);
        return new PasswordLinkResult(PasswordLinkOutcome.PasswordSet, []);
    }

    private async Task<PortalUser?> UserForLinkAsync(string? userId, string? token)
    {
        if (!IsPlausibleLink(userId, token))
        {
            return null;
        }

        var user = await users.FindByIdAsync(userId);
        return user is { IsActive: true }
            && !await users.HasPasswordAsync(user)
            && await users.VerifyUserTokenAsync(user, InvitationTokenProvider.ProviderName, InvitationTokenProvider.Purpose, token)
            ? user
            : null;
    }

    /// <summary>Whether a link's user id and token are worth looking up at all: present, and no longer than any the portal sends.</summary>
    internal static bool IsPlausibleLink([NotNullWhen(true)] string? userId, [NotNullWhen(true)] string? token) =>
        !string.IsNullOrEmpty(userId) && userId.Length <= LongestUserId && !string.IsNullOrEmpty(token) && token.Length <= LongestToken;

    /// <summary>Turns an Identity failure into an exception: a clash with someone else's change, or a rule it enforces.</summary>
    internal static void Check(IdentityResult result)
    {
        if (result.Succeeded)
        {
            return;
        }

        if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure)))
        {
            throw new ConcurrencyConflictException("Someone else changed this account at the same moment. Look at it again before you act.");
        }

        throw new DomainRuleException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
