using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PolicyPortal.Web.Data;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Services;

public enum PeopleStatus
{
    /// <summary>Everyone who has not left, including those yet to set a password.</summary>
    Current,

    /// <summary>Invited and yet to set a password: they have never signed in.</summary>
    Invited,

    /// <summary>Has not left and has set a password.</summary>
    Active,
    Left,
    Everyone,
}

/// <summary>Filters for the list of people; null or empty means any.</summary>
public sealed record PeopleFilter(string? Text, string? Role, PeopleStatus Status, int Page = 1);

/// <summary>One page of the people a filter finds, and how many it finds in all.</summary>
public sealed record PeoplePage(IReadOnlyList<PersonSummary> People, int Total, int Page, int Pages)
{
    public int First => Total == 0 ? 0 : ((Page - 1) * Services.People.PageSize) + 1;

    public int Last => First + People.Count - 1;
}

/// <summary>One account as the Principal sees it.</summary>
public sealed record PersonSummary(
    string Id,
    string FullName,
    string Email,
    string? JobTitle,
    IReadOnlyList<string> Roles,
    DateTime? AddedAtUtc,
    DateTime? LeftAtUtc,
    bool HasPassword,
    string ConcurrencyStamp)
{
    public bool IsActive => LeftAtUtc is null;

    /// <summary>Invited but has not set a password yet.</summary>
    public bool IsInvited => IsActive && !HasPassword;
}

/// <summary>
/// The Principal's list of accounts: adding people (with an invitation to set a password), changing their details and
/// roles, and marking leavers. A leaver's records stay; only their sign-in stops.
/// </summary>
public sealed class People(PortalDbContext db, UserManager<PortalUser> users, Invitations invitations, TimeProvider clock)
{
    public const int SearchMaxLength = 200;

    public const int PageSize = 50;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>
    /// One page of the people the filter finds, in surname order. The name is searched ignoring case, accents and
    /// punctuation ("zoe" finds Zoë, "obrien" O’Brien); that is done here rather than in the database, which compares
    /// them only as exact characters, and reads only names and addresses for everyone in the filter, then the page's
    /// details.
    /// </summary>
    public async Task<PeoplePage> PageAsync(PeopleFilter filter, CancellationToken cancellationToken = default)
    {
        var candidates = await Filtered(filter.Status, filter.Role)
            .Select(u => new { u.Id, u.FullName, u.Email })
            .ToListAsync(cancellationToken);

        var text = PersonDetails.Tidy(filter.Text);
        var compare = CultureInfo.CurrentCulture.CompareInfo;
        var found = candidates
            .Where(p => text.Length is 0 or > SearchMaxLength
                || compare.IndexOf(p.FullName, text, CompareOptions.IgnoreCase | CompareOptions.IgnoreNonSpace | CompareOptions.IgnoreSymbols) >= 0
                || (p.Email ?? string.Empty).Contains(text, StringComparison.OrdinalIgnoreCase))
            .OrderBy(p => Surname(p.FullName), StringComparer.CurrentCultureIgnoreCase)
            .ThenBy(p => p.FullName, StringComparer.CurrentCultureIgnoreCase)
            .ThenBy(p => p.Id, StringComparer.Ordinal)
            .Select(p => p.Id)
            .ToList();

        var pages = Math.Max(1, (found.Count + PageSize - 1) / PageSize);
        var page = Math.Clamp(filter.Page, 1, pages);
        var ids = found.Skip((page - 1) * PageSize).Take(PageSize).ToList();
        var summaries = (await SummariesAsync(db.Users.Where(u => ids.Contains(u.Id)), cancellationToken)).ToDictionary(p => p.Id, StringComparer.Ordinal);
        return new PeoplePage([.. ids.Where(summaries.ContainsKey).Select(id => summaries[id])], found.Count, page, pages);
    }

    /// <summary>The last word of a full name, which is the surname for most names a school holds.</summary>
    private static string Surname(string fullName) => fullName[(fullName.LastIndexOf(' ') + 1)..];

    /// <summary>Everyone in <paramref name="status"/>, in name order.</summary>
    public async Task<IReadOnlyList<PersonSummary>> ListAsync(PeopleStatus status, CancellationToken cancellationToken = default) =>
        await SummariesAsync(Filtered(status, role: null), cancellationToken);

    private IQueryable<PortalUser> Filtered(PeopleStatus status, string? role)
    {
        var query = status switch
        {
            PeopleStatus.Current => db.Users.Where(u => u.DeactivatedAtUtc == null),
            PeopleStatus.Invited => db.Users.Where(u => u.DeactivatedAtUtc == null && u.PasswordHash == null),
            PeopleStatus.Active => db.Users.Where(u => u.DeactivatedAtUtc == null && u.PasswordHash != null),
            PeopleStatus.Left => db.Users.Where(u => u.DeactivatedAtUtc != null),
            _ => db.Users,
        };

        if (role is not null && Authorization.Roles.All.Contains(role))
        {
            var roleIds = db.Roles.Where(r => r.Name == role).Select(r => r.Id);
            query = query.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && roleIds.Contains(ur.RoleId)));
        }

        return query;
    }

    public async Task<PersonSummary?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        (await SummariesAsync(db.Users.Where(u => u.Id == id), cancellationToken)).SingleOrDefault();

    /// <summary>Everyone, keyed by their normalised email address, as an import compares them.</summary>
    public async Task<IReadOnlyDictionary<string, PersonSummary>> ByEmailAsync(CancellationToken cancellationToken = default) =>
        (await SummariesAsync(db.Users, cancellationToken)).ToDictionary(p => NormalizedEmail(p.Email), StringComparer.Ordinal);

    /// <summary>Adds a person with no password and sends them an invitation to set one; both or neither are saved.</summary>
    /// <returns>The new account's id.</returns>
    /// <exception cref="InvalidDetailsException">The email address is not usable or already has an account.</exception>
    public async Task<string> AddAsync(string? email, PersonDetails details, Person addedBy, CancellationToken cancellationToken = default)
    {
        var address = (email ?? string.Empty).Trim();
        if (PersonDetails.EmailProblem(address) is { } problem)
        {
            throw new InvalidDetailsException([new("Email", problem)]);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var user = await CreateAndInviteAsync(address, details, addedBy, invitedByHand: true, await RoleIds.ReadAsync(db, cancellationToken));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return user.Id;
    }

    /// <summary>
    /// Creates the account with its roles and puts its invitation in the outbox, inside the caller's transaction, for the
    /// caller to save. Identity's store saves the account as it is created unless told not to (an import tells it not to,
    /// <see cref="PeopleImport.ApplyAsync"/>).
    /// </summary>
    /// <param name="invitedByHand">Whether the invitation goes at once whatever the hour (<see cref="Invitations.AddToOutboxAsync"/>).</param>
    internal async Task<PortalUser> CreateAndInviteAsync(string email, PersonDetails details, Person addedBy, bool invitedByHand, RoleIds roleIds)
    {
        var user = new PortalUser
        {
            UserName = email,
            Email = email,
            FullName = details.FullName,
            JobTitle = details.JobTitle,
            AddedAtUtc = Now,
        };
        var created = await users.CreateAsync(user);
        if (created.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName)))
        {
            throw new InvalidDetailsException([new("Email", $"{email} already has an account. Find them in the list of people to change their details.")]);
        }

        Invitations.Check(created);

        // Into the table rather than through UserManager.AddToRolesAsync, which looks each role up and updates the account
        // again: an account not saved yet would be updated rather than inserted.
        db.UserRoles.AddRange(details.Roles.Select(role => new IdentityUserRole<string> { UserId = user.Id, RoleId = roleIds.Of(role) }));
        await invitations.AddToOutboxAsync(user, addedBy.FullName, invitedByHand);
        return user;
    }

    /// <summary>Changes a person's name, job title and roles, unless they changed since <paramref name="concurrencyStamp"/>.</summary>
    /// <returns>False if there is no such person.</returns>
    public async Task<bool> UpdateAsync(string id, string? concurrencyStamp, PersonDetails details, Person actor, CancellationToken cancellationToken = default)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return false;
        }

        if (user.ConcurrencyStamp != concurrencyStamp)
        {
            throw new ConcurrencyConflictException($"{user.FullName}'s details changed after you opened this page. Look at them again before you save.");
        }

        if (user.Id == actor.UserId && !details.Roles.Contains(Authorization.Roles.Principal))
        {
            throw new DomainRuleException("You cannot take away your own Principal role. Another Principal can do that.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await ChangeDetailsAsync(user, details);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Saves new details. A change of roles also changes the security stamp, so the person's open sessions end at the
    /// next check (within a minute) and they sign in again with their new roles.
    /// </summary>
    internal async Task ChangeDetailsAsync(PortalUser user, PersonDetails details)
    {
        user.FullName = details.FullName;
        user.JobTitle = details.JobTitle;
        var current = await users.GetRolesAsync(user);
        var removed = current.Except(details.Roles, StringComparer.Ordinal).ToList();
        var added = details.Roles.Except(current, StringComparer.Ordinal).ToList();
        if (removed.Count > 0)
        {
            Invitations.Check(await users.RemoveFromRolesAsync(user, removed));
        }

        if (added.Count > 0)
        {
            Invitations.Check(await users.AddToRolesAsync(user, added));
        }

        Invitations.Check(removed.Count > 0 || added.Count > 0 ? await users.UpdateSecurityStampAsync(user) : await users.UpdateAsync(user));
    }

    /// <summary>Marks a person as left: they cannot sign in and their open sessions end within a minute. Their records stay.</summary>
    /// <returns>False if there is no such person.</returns>
    public async Task<bool> DeactivateAsync(string id, Person actor)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return false;
        }

        if (user.Id == actor.UserId)
        {
            throw new DomainRuleException("You cannot mark yourself as left. Another Principal can do that.");
        }

        if (!user.IsActive)
        {
            throw new DomainRuleException($"{user.FullName} has already left.");
        }

        user.DeactivatedAtUtc = Now;
        Invitations.Check(await users.UpdateSecurityStampAsync(user));
        return true;
    }

    /// <summary>Brings a leaver back: they sign in with the password they had; one who never set one needs a new invitation from their page.</summary>
    /// <returns>False if there is no such person.</returns>
    public async Task<bool> ReactivateAsync(string id)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return false;
        }

        if (user.IsActive)
        {
            throw new DomainRuleException($"{user.FullName} is already active.");
        }

        user.DeactivatedAtUtc = null;
        Invitations.Check(await users.UpdateAsync(user));
        return true;
    }

    /// <summary>How Identity normalises an address for lookups; matching by email ignores case.</summary>
    public static string NormalizedEmail(string email) => email.Trim().ToUpperInvariant();

    private async Task<IReadOnlyList<PersonSummary>> SummariesAsync(IQueryable<PortalUser> query, CancellationToken cancellationToken)
    {
        var people = await query
            .Select(u => new { u.Id, u.FullName, u.Email, u.JobTitle, u.AddedAtUtc, u.DeactivatedAtUtc, HasPassword = u.PasswordHash != null, u.ConcurrencyStamp })
            .ToListAsync(cancellationToken);
        var roles = (await db.UserRoles
                .Where(ur => query.Select(u => u.Id).Contains(ur.UserId))
                .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
                .ToListAsync(cancellationToken))
            .ToLookup(r => r.UserId, r => r.Name!);

        return [.. people
            .OrderBy(p => p.FullName, StringComparer.CurrentCultureIgnoreCase)
            .Select(p => new PersonSummary(
                p.Id,
                p.FullName,
                p.Email ?? string.Empty,
                p.JobTitle,
                [.. Authorization.Roles.All.Where(r => roles[p.Id].Contains(r))],
                p.AddedAtUtc,
                p.DeactivatedAtUtc,
                p.HasPassword,
                p.ConcurrencyStamp ?? string.Empty))];
    }
}
