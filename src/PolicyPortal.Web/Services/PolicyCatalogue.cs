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
    string? SignedVersion,
    int? AcknowledgementId);

/// <summary>A signature as lists show it: which receipt, which version, when.</summary>
public sealed record SignatureSummary(int AcknowledgementId, string Version, int Sequence, DateTime SignedAtUtc);

/// <summary>
/// Read-side queries about policies in force and who has signed them, each answered from the database when asked: a
/// change saved by any web server shows on every server's next page.
/// </summary>
public sealed class PolicyCatalogue(PortalDbContext db)
{
    /// <summary>Every policy with a revision in force, and this person's state for each, in title order.</summary>
    public async Task<IReadOnlyList<MyPolicy>> ForPersonAsync(string userId, PolicyAudience audience, CancellationToken cancellationToken = default)
    {
        var inForce = await db.PolicyRevisions
            .Where(r => r.Status == RevisionStatus.Adopted)
            .OrderBy(r => r.Policy.Title)
            .Select(r => new { r.PolicyId, r.Policy.Slug, r.Policy.Title, r.Policy.Audience, r.Version, r.SignaturesValidFromSequence })
            .ToListAsync(cancellationToken);
        var signatures = await db.Acknowledgements
            .Where(a => a.UserId == userId)
            .Select(a => new { a.Revision.PolicyId, Signature = new SignatureSummary(a.Id, a.Revision.Version, a.Revision.Sequence, a.SignedAtUtc) })
            .ToListAsync(cancellationToken);
        var latestCounting = signatures
            .Join(inForce, s => s.PolicyId, r => r.PolicyId, (s, r) => (s.PolicyId, s.Signature, r.SignaturesValidFromSequence))
            .Where(x => x.Signature.Sequence >= x.SignaturesValidFromSequence)
            .GroupBy(x => x.PolicyId)
            .ToDictionary(g => g.Key, g => g.MaxBy(x => x.Signature.Sequence).Signature);

        return [.. inForce.Select(r =>
        {
            var signature = latestCounting.GetValueOrDefault(r.PolicyId);
            var state = signature is not null ? SigningState.Signed
                : (r.Audience & audience) != 0 ? SigningState.ToSign
                : SigningState.NotRequired;
            return new MyPolicy(r.Slug, r.Title, r.Version, state, signature?.SignedAtUtc, signature?.Version, signature?.AcknowledgementId);
        })];
    }

    /// <summary>How many policies in force this person must sign and has not: the count behind the banner on every page.</summary>
    public Task<int> OutstandingCountAsync(string userId, PolicyAudience audience, CancellationToken cancellationToken = default) =>
        audience == PolicyAudience.None
            ? Task.FromResult(0)
            : db.PolicyRevisions
                .Where(r => r.Status == RevisionStatus.Adopted && (r.Policy.Audience & audience) != 0)
                .CountAsync(
                    r => !db.Acknowledgements.Any(a => a.UserId == userId && a.Revision.PolicyId == r.PolicyId && a.Revision.Sequence >= r.SignaturesValidFromSequence),
                    cancellationToken);

    /// <summary>
    /// The policy with its revision in force, or null when there is no such policy (or no such address) or nothing is in
    /// force yet.
    /// </summary>
    public async Task<PolicyRevision?> CurrentRevisionAsync(string slug, CancellationToken cancellationToken = default) =>
        !PolicySlug.IsValid(slug) ? null : await db.PolicyRevisions
            .Include(r => r.Policy)
            .AsNoTracking()
            .SingleOrDefaultAsync(r => r.Status == RevisionStatus.Adopted && r.Policy.Slug == slug, cancellationToken);

    /// <summary>
    /// This person's latest signature of the policy, whether or not it still counts for <paramref name="current"/>:
    /// it counts when it is on a revision from the last material change on.
    /// </summary>
    public Task<SignatureSummary?> LatestSignatureAsync(string userId, PolicyRevision current, CancellationToken cancellationToken = default) =>
        db.Acknowledgements
            .Where(a => a.UserId == userId && a.Revision.PolicyId == current.PolicyId)
            .OrderByDescending(a => a.Revision.Sequence)
            .Select(a => new SignatureSummary(a.Id, a.Revision.Version, a.Revision.Sequence, a.SignedAtUtc))
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>The other policies in force, in title order, whose titles a policy's text may name and link to.</summary>
    public async Task<IReadOnlyList<PolicyLink>> OtherPoliciesInForceAsync(int policyId, CancellationToken cancellationToken = default) =>
        await db.PolicyRevisions
            .Where(r => r.Status == RevisionStatus.Adopted && r.PolicyId != policyId)
            .OrderBy(r => r.Policy.Title)
            .Select(r => new PolicyLink(r.Policy.Title, r.Policy.Slug))
            .ToListAsync(cancellationToken);

    /// <summary>A policy with every revision, review and comment, for the pages that prepare, review and trace it.</summary>
    public async Task<Policy?> WithRevisionsAsync(string slug, CancellationToken cancellationToken = default) =>
        !PolicySlug.IsValid(slug) ? null : await db.Policies
            .Include(p => p.Revisions).ThenInclude(r => r.Reviews)
            .Include(p => p.Revisions).ThenInclude(r => r.Comments)
            .AsSplitQuery()
            .AsNoTracking()
            .SingleOrDefaultAsync(p => p.Slug == slug, cancellationToken);

    /// <summary>The audit trail of a policy, newest first.</summary>
    public async Task<IReadOnlyList<PolicyEvent>> EventsAsync(int policyId, CancellationToken cancellationToken = default) =>
        await db.PolicyEvents
            .Where(e => e.PolicyId == policyId)
            .OrderByDescending(e => e.AtUtc).ThenByDescending(e => e.Id)
            .AsNoTracking()
            .ToListAsync(cancellationToken);

    /// <summary>Revisions with the governors now, for the review list.</summary>
    public async Task<IReadOnlyList<PolicyRevision>> InReviewAsync(CancellationToken cancellationToken = default) =>
        await db.PolicyRevisions
            .Include(r => r.Policy)
            .Include(r => r.Reviews)
            .Where(r => r.Status == RevisionStatus.InReview)
            .OrderBy(r => r.Policy.Title)
            .AsNoTracking()
            .ToListAsync(cancellationToken);

    public Task<string?> RevisionBodyAsync(int policyId, string version, CancellationToken cancellationToken = default) =>
        db.PolicyRevisions
            .Where(r => r.PolicyId == policyId && r.Version == version)
            .Select(r => r.Body)
            .SingleOrDefaultAsync(cancellationToken);

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

public static class SignatureRules
{
    /// <summary>Whether <paramref name="signature"/> still counts for <paramref name="current"/>: every change since it was minor.</summary>
    public static bool CountsFor(this SignatureSummary signature, PolicyRevision current) =>
        signature.Sequence >= current.SignaturesValidFromSequence;
}

public sealed record Receipt(
    Acknowledgement Acknowledgement,
    PolicyRevision Revision,
    string PolicyTitle,
    string PolicySlug,
    string PersonName,
    string PersonEmail,
    string? PersonJobTitle);
