using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Data;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Services.Email;

namespace PolicyPortal.Web.Services;

/// <summary>
/// Invitations to set a first password, and new ones in place of a lost or expired one. The link and the password it
/// sets are <see cref="PasswordLink.Invitation"/>'s, handled by <see cref="Passwords"/> as a reset's are.
/// </summary>
public sealed class Invitations(PortalDbContext db, UserManager<PortalUser> users, IUserStore<PortalUser> userStore, Outbox outbox, Passwords passwords, IOptions<InvitationTokenProviderOptions> options, IOptions<OidcOptions> oidc, TimeProvider clock)
{
    /// <summary>Puts an invitation for <paramref name="user"/>, already saved, in the outbox; the caller saves it.</summary>
    /// <param name="sentByHand">
    /// Whether the Principal is inviting this one person now, by adding them or sending a new invitation: it then goes at
    /// once whatever the hour, as the person may be beside them waiting for it. An import's invitations wait for school hours.
    /// </param>
    public async Task AddToOutboxAsync(PortalUser user, string inviterName, bool sentByHand)
    {
        var subject = oidc.Value.IsConfigured ? "You are invited to PolicyPortal: sign in with your school account" : "You are invited to PolicyPortal: set your password";
        var body = $"Hello {user.FullName},\n\n{inviterName} has added you to PolicyPortal, where you read and sign the school's staff policies.\n\n"
            + (oidc.Value.IsConfigured
                ? await SignInWithSchoolAccountAsync(user)
                : $"Set your password here: {await passwords.LinkAsync(user, PasswordLink.Invitation)}\n\n"
                    + $"The link works once, for {LinkDays()}. If it has expired, ask the Principal for a new invitation.\n"
                    + $"You sign in with this email address, {user.Email}.\n");

        if (sentByHand)
        {
            outbox.AddAskedForNow(user.Email!, user.FullName, subject, body);
        }
        else
        {
            outbox.Add(user.Email!, user.FullName, subject, body);
        }
    }

    /// <summary>
    /// An invitation again, in place of a reminder to sign, for someone who has never set a password: a reminder's links
    /// would only lead to a sign-in they cannot do. It names the policies waiting for them. Earlier links still work
    /// until they expire. Put in the outbox and recorded, not saved.
    /// </summary>
    /// <param name="awaiting">The policies waiting for their signature: the version in force of each.</param>
    public async Task AddRenewalToOutboxAsync(PortalUser user, IReadOnlyList<(string Slug, string Title, string Version)> awaiting, Person sentBy)
    {
        if (oidc.Value.IsConfigured)
        {
            outbox.Add(user.Email!, user.FullName, $"You are still invited to PolicyPortal: sign in with your school account to sign {(awaiting.Count == 1 ? "a policy" : $"{awaiting.Count} policies")}",
                $"Hello {user.FullName},\n\nYou have been invited to PolicyPortal, where you read and sign the school's staff policies, and have not signed in yet. The school asks you to read and sign:\n\n"
                + Awaiting(awaiting) + "\n\n" + await SignInWithSchoolAccountAsync(user));
            RecordRenewal(user, awaiting, sentBy);
            return;
        }

        var link = await passwords.LinkAsync(user, PasswordLink.Invitation);
        var subject = $"You are still invited to PolicyPortal: set your password to sign {(awaiting.Count == 1 ? "a policy" : $"{awaiting.Count} policies")}";
        var body = $"Hello {user.FullName},\n\nYou have been invited to PolicyPortal, where you read and sign the school's staff policies, and have not set your password yet. The school asks you to read and sign:\n\n"
            + Awaiting(awaiting) + "\n\n"
            + $"First set your password here: {link}\n\n"
            + $"That link works once, for {LinkDays()}. You sign in with this email address, {user.Email}; then each policy's link opens it, to read and sign at the end of its page.\n";
        outbox.Add(user.Email!, user.FullName, subject, body);
        RecordRenewal(user, awaiting, sentBy);
    }

    private string Awaiting(IReadOnlyList<(string Slug, string Title, string Version)> awaiting) =>
        string.Join("\n", awaiting.Select(a => $"- {a.Title} (version {a.Version}): {outbox.LinkTo(nameof(Controllers.PoliciesController.Show), "Policies", new { slug = a.Slug })}"));

    private void RecordRenewal(PortalUser user, IReadOnlyList<(string Slug, string Title, string Version)> awaiting, Person sentBy) =>
        db.AccountEvents.Add(new AccountEvent(user, AccountEventKind.InvitationSent, sentBy, $"Sent {user.FullName} a new invitation with the reminder to sign: {string.Join("; ", awaiting.Select(a => $"{a.Title} (version {a.Version})"))}.", clock.GetUtcNow().UtcDateTime));

    /// <summary>
    /// How someone signs in at a school with single sign-on: the button's words and the address to sign in as, and, unless
    /// they are to use their school account only, a link to set a password instead.
    /// </summary>
    private async Task<string> SignInWithSchoolAccountAsync(PortalUser user) =>
        $"Sign in with your school account: open {outbox.LinkTo(nameof(Controllers.AccountController.ShowSignIn), "Account", values: null)}, choose \"{oidc.Value.DisplayName}\" and sign in as {user.Email}.\n"
        + (user.SchoolAccountOnly
            ? string.Empty
            : $"\nIf you have no school account (governors often do not), set a password instead: {await passwords.LinkAsync(user, PasswordLink.Invitation)}\n"
                + $"That link works once, for {LinkDays()}.\n");

    /// <summary>How long an invitation's link works, in words: "7 days".</summary>
    private string LinkDays()
    {
        var days = (int)options.Value.TokenLifespan.TotalDays;
        return days == 1 ? "1 day" : $"{days} days";
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

        if (user.HasSignedIn)
        {
            throw new DomainRuleException($"{user.FullName} has already signed in, so needs no invitation.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        RecordSent(user, actor);
        Check(await users.UpdateSecurityStampAsync(user));
        await AddToOutboxAsync(user, actor.FullName, sentByHand: true);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Sends a new invitation to everyone who has not left and has not set a password, all in one transaction; earlier
    /// links stop working. They wait for school hours, as an import's do.
    /// </summary>
    /// <returns>How many were sent.</returns>
    public async Task<int> ResendAllAsync(Person actor, CancellationToken cancellationToken = default)
    {
        var ids = await db.Users.Where(PortalUser.Invited).Select(u => u.Id).ToListAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        using (new AccountSavesHeld(userStore))
        {
            foreach (var batch in ids.Chunk(AccountSavesHeld.Batch))
            {
                var accounts = await db.Users.Where(u => batch.Contains(u.Id)).ToListAsync(cancellationToken);
                if (accounts.Count != batch.Length)
                {
                    throw new ConcurrencyConflictException("Someone's account went while the invitations were being sent. Try again.");
                }

                foreach (var user in accounts)
                {
                    RecordSent(user, actor);
                    Check(await users.UpdateSecurityStampAsync(user));
                    await AddToOutboxAsync(user, actor.FullName, sentByHand: false);
                }

                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                }
                catch (DbUpdateConcurrencyException)
                {
                    throw new ConcurrencyConflictException("Someone's account changed while the invitations were being sent. Nothing was sent: try again.");
                }

                db.ChangeTracker.Clear();
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return ids.Count;
    }

    /// <summary>Records in the account's trail that <paramref name="actor"/> sent a new invitation; the caller saves it.</summary>
    internal void RecordSent(PortalUser user, Person actor) =>
        db.AccountEvents.Add(new AccountEvent(user, AccountEventKind.InvitationSent, actor, $"Sent {user.FullName} a new invitation; the link in any earlier one stopped working.", clock.GetUtcNow().UtcDateTime));

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
