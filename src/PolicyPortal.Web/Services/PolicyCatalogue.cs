using Microsoft.EntityFrameworkCore;
using PolicyPortal.Web.Data;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Services;

/// <summary>Where one person stands with one policy's current revision.</summary>
public enum SigningState
{
    ToSign,
    Signed,
    NotRequired,
}

public sealed record MyPolicy(
    string Slug,
    string Title,
    string Version,
    SigningState State,
    DateTime? SignedAtUtc,
    int? AcknowledgementId);

/// <summary>Read-side queries about policies in force and who has signed them.</summary>
public sealed class PolicyCatalogue(PortalDbContext db)
{
    /// <summary>Every policy with a revision in force, and this person's state for each, in title order.</summary>
    public async Task<IReadOnlyList<MyPolicy>> ForPersonAsync(string userId, PolicyAudience audience, CancellationToken cancellationToken = default)
    {
        var rows = await db.PolicyRevisions
            .Where(r => r.Status == RevisionStatus.Adopted)
            .OrderBy(r => r.Policy.Title)
            .Select(r => new
            {
                r.Policy.Slug,
                r.Policy.Title,
                r.Policy.Audience,
                r.Version,
                Signature = db.Acknowledgements
                    .Where(a => a.RevisionId == r.Id && a.UserId == userId)
                    .Select(a => new { a.Id, a.SignedAtUtc })
                    .FirstOrDefault(),
            })
            .AsNoTracking()
            .ToListAsync(cancellationToken);

        return [.. rows.Select(r => new MyPolicy(
            r.Slug,
            r.Title,
            r.Version,
            r.Signature is not null ? SigningState.Signed
                : (r.Audience & audience) != 0 ? SigningState.ToSign
                : SigningState.NotRequired,
            r.Signature?.SignedAtUtc,
            r.Signature?.Id))];
    }

    /// <summary>How many policies in force this person must sign and has not: the count behind the banner on every page.</summary>
    public Task<int> OutstandingCountAsync(string userId, PolicyAudience audience, CancellationToken cancellationToken = default) =>
        audience == PolicyAudience.None
            ? Task.FromResult(0)
            : db.PolicyRevisions
                .Where(r => r.Status == RevisionStatus.Adopted && (r.Policy.Audience & audience) != 0)
                .CountAsync(r => !db.Acknowledgements.Any(a => a.RevisionId == r.Id && a.UserId == userId), cancellationToken);

    /// <summary>The policy with its revision in force, or null when there is no such policy or nothing is in force yet.</summary>
    public async Task<PolicyRevision?> CurrentRevisionAsync(string slug, CancellationToken cancellationToken = default) =>
        await db.PolicyRevisions
            .Include(r => r.Policy)
            .AsNoTracking()
            .SingleOrDefaultAsync(r => r.Policy.Slug == slug && r.Status == RevisionStatus.Adopted, cancellationToken);

    public Task<Acknowledgement?> SignatureAsync(string userId, int revisionId, CancellationToken cancellationToken = default) =>
        db.Acknowledgements.AsNoTracking()
            .SingleOrDefaultAsync(a => a.UserId == userId && a.RevisionId == revisionId, cancellationToken);

    public async Task<IReadOnlyList<Policy>> AllAsync(CancellationToken cancellationToken = default) =>
        await db.Policies
            .Include(p => p.Revisions.Where(r => r.Status == RevisionStatus.Adopted))
            .OrderBy(p => p.Title)
            .AsNoTracking()
            .ToListAsync(cancellationToken);

    /// <summary>A receipt with the person who signed it, or null when there is no such acknowledgement.</summary>
    public async Task<Receipt?> ReceiptAsync(int acknowledgementId, CancellationToken cancellationToken = default) =>
        await db.Acknowledgements
            .Where(a => a.Id == acknowledgementId)
            .Join(db.Users, a => a.UserId, u => u.Id, (a, u) => new Receipt(a, a.Revision, a.Revision.Policy.Title, a.Revision.Policy.Slug, u.FullName, u.Email ?? string.Empty, u.JobTitle))
            .AsNoTracking()
            .SingleOrDefaultAsync(cancellationToken);
}

public sealed record Receipt(
    Acknowledgement Acknowledgement,
    PolicyRevision Revision,
    string PolicyTitle,
    string PolicySlug,
    string PersonName,
    string PersonEmail,
    string? PersonJobTitle);
