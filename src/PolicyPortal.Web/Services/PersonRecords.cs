using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Data;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Services;

/// <summary>One signature a person gave, of any version, with its receipt.</summary>
public sealed record SignatureEntry(int AcknowledgementId, string PolicyTitle, string Version, DateTime SignedAtUtc);

/// <summary>One of a person's requests for a work-related social media presence.</summary>
public sealed record PresenceEntry(int Id, string Platform, string Handle, PresenceStatus Status, DateTime CreatedAtUtc);

/// <summary>One entry of the audit trail of people's accounts.</summary>
/// <param name="SubjectUserId">Whose account; null for an addition that made none (declined, withdrawn or waiting).</param>
public sealed record AccountEntry(DateTime AtUtc, AccountEventKind Kind, string? SubjectUserId, string Subject, string Actor, string Detail);

/// <summary>The last invitation a person was sent, and when its link stops working.</summary>
public sealed record LastInvitation(DateTime SentAtUtc, DateTime ExpiresAtUtc);

/// <summary>Everything the Principal sees on one person's page.</summary>
/// <param name="Invitation">
/// For someone who has not set a password, their last invitation; null if it was sent before the account trail recorded it.
/// </param>
public sealed record PersonRecord(
    PersonSummary Person,
    IReadOnlyList<MyPolicy> Policies,
    IReadOnlyList<SignatureEntry> Signatures,
    IReadOnlyList<PresenceEntry> Presences,
    IReadOnlyList<AccountEntry> Account,
    LastInvitation? Invitation);

/// <summary>
/// What the portal holds about one person, for their page: where they stand with each policy in force, every signature
/// with its receipt, their presence requests, their invitation and the audit trail of their account.
/// </summary>
public sealed class PersonRecords(PortalDbContext db, People people, PolicyCatalogue catalogue, IOptions<InvitationTokenProviderOptions> invitations)
{
    public async Task<PersonRecord?> ForAsync(string id, CancellationToken cancellationToken = default)
    {
        var person = await people.FindAsync(id, cancellationToken);
        if (person is null)
        {
            return null;
        }

        var policies = person.IsActive ? await catalogue.ForPersonAsync(id, Roles.AudienceOf(person.Roles), cancellationToken) : [];
        var signatures = await db.Acknowledgements
            .Where(a => a.UserId == id)
            .OrderByDescending(a => a.SignedAtUtc)
            .Select(a => new SignatureEntry(a.Id, a.Revision.Policy.Title, a.Revision.Version, a.SignedAtUtc))
            .ToListAsync(cancellationToken);
        var presences = await db.PresenceRequests
            .Where(r => r.RequesterUserId == id)
            .OrderByDescending(r => r.CreatedAtUtc)
            .Select(r => new PresenceEntry(r.Id, r.PlatformName, r.Handle, r.Status, r.CreatedAtUtc))
            .ToListAsync(cancellationToken);
        var account = await AuditAsync(db.AccountEvents.Where(e => e.SubjectUserId == id), take: null, cancellationToken);
        LastInvitation? invitation = null;
        if (person.IsInvited)
        {
            var sent = account.FirstOrDefault(e => e.Kind is AccountEventKind.Added or AccountEventKind.Imported or AccountEventKind.InvitationSent)?.AtUtc;
            invitation = sent is { } at ? new LastInvitation(at, at + invitations.Value.TokenLifespan) : null;
        }

        return new PersonRecord(person, policies, signatures, presences, account, invitation);
    }

    /// <summary>
    /// The latest changes to everyone's accounts, newest first: who imported, changed or marked whom, and when; with the
    /// asking and deciding of additions that made no account, which no account's trail holds.
    /// </summary>
    public async Task<List<AccountEntry>> LatestAsync(int take, CancellationToken cancellationToken = default)
    {
        var events = await AuditAsync(db.AccountEvents, take, cancellationToken);
        var additions = await db.AccountChanges.AsNoTracking()
            .Where(c => c.SubjectUserId == null)
            .OrderByDescending(c => c.AskedAtUtc).ThenByDescending(c => c.Id)
            .Take(take)
            .ToListAsync(cancellationToken);
        var notMade = additions.SelectMany(c => new[]
            {
                new AccountEntry(c.AskedAtUtc, AccountEventKind.ChangeAsked, null, c.FullName, c.AskedByName, $"Asked for a change that waits for a governor's confirmation: {c.Summary()}."),
                c.DecidedAtUtc is { } decided
                    ? new AccountEntry(decided, c.Status == AccountChangeStatus.Declined ? AccountEventKind.ChangeDeclined : AccountEventKind.ChangeWithdrawn, null, c.FullName, c.DecidedByName!, $"{(c.Status == AccountChangeStatus.Declined ? "Declined" : "Withdrew")} the change {c.AskedByName} asked for: {c.Summary()}. No account was made.")
                    : null,
            }.OfType<AccountEntry>());

        // Both newest first; a stable sort keeps each trail's own order among entries of the same moment.
        return [.. events.Concat(notMade).OrderByDescending(e => e.AtUtc).Take(take)];
    }

    private static async Task<List<AccountEntry>> AuditAsync(IQueryable<AccountEvent> events, int? take, CancellationToken cancellationToken)
    {
        var newestFirst = events.OrderByDescending(e => e.AtUtc).ThenByDescending(e => e.Id);
        return await (take is { } n ? newestFirst.Take(n) : newestFirst)
            .Select(e => new AccountEntry(e.AtUtc, e.Kind, e.SubjectUserId, e.SubjectName, e.ActorName, e.Detail))
            .ToListAsync(cancellationToken);
    }
}
