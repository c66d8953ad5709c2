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
/// Read-side queries about policies in force and who has signed them. The revisions in force come from
/// <see cref="PoliciesInForce"/>, and a person's signatures from <see cref="SignaturesInMemory"/> or one query that then
/// serves every question about them in the request.
/// </summary>
public sealed class PolicyCatalogue(IServiceProvider services, PoliciesInForce policiesInForce, SignaturesInMemory signaturesInMemory)
{
    private PortalDbContext? _db;
    private (string UserId, PersonSignatures Signatures)? _signatures;

    // A pooled context is leased only when a question needs the database: a policy page answered from memory needs none.
    private PortalDbContext Db => _db ??= services.GetRequiredService<PortalDbContext>();

    /// <summary>Every policy with a revision in force, and this person's state for each, in title order.</summary>
    public async Task<IReadOnlyList<MyPolicy>> ForPersonAsync(string userId, PolicyAudience audience, CancellationToken cancellationToken = default)
    {
        var inForce = await policiesInForce.GetAsync(cancellationToken);
        var signatures = await SignaturesOfAsync(userId, cancellationToken);
        return [.. inForce.InTitleOrder.Select(r =>
        {
            var signature = Counting(signatures, r);
            var state = signature is not null ? SigningState.Signed
                : (r.Policy.Audience & audience) != 0 ? SigningState.ToSign
                : SigningState.NotRequired;
            return new MyPolicy(r.Policy.Slug, r.Policy.Title, r.Version, state, signature?.SignedAtUtc, signature?.Version, signature?.AcknowledgementId);
        })];
    }

    /// <summary>How many policies in force this person must sign and has not: the count behind the banner on every page.</summary>
    public async Task<int> OutstandingCountAsync(string userId, PolicyAudience audience, CancellationToken cancellationToken = default)
    {
        if (audience == PolicyAudience.None)
        {
            return 0;
        }

        var inForce = await policiesInForce.GetAsync(cancellationToken);
        var signatures = await SignaturesOfAsync(userId, cancellationToken);
        var outstanding = 0;
        foreach (var revision in inForce.InTitleOrder)
        {
            if ((revision.Policy.Audience & audience) != 0 && Counting(signatures, revision) is null)
            {
                outstanding++;
            }
        }

        return outstanding;
    }

    /// <summary>
    /// The policy with its revision in force, or null when there is no such policy (or no such address) or nothing is in
    /// force yet. Shared with other requests: read it, never change it.
    /// </summary>
    public async Task<PolicyRevision?> CurrentRevisionAsync(string slug, CancellationToken cancellationToken = default) =>
        !PolicySlug.IsValid(slug) ? null : (await policiesInForce.GetAsync(cancellationToken)).BySlug(slug);

    /// <summary>
    /// This person's latest signature of the policy, whether or not it still counts for <paramref name="current"/>:
    /// it counts when it is on a revision from the last material change on.
    /// </summary>
    public async Task<SignatureSummary?> LatestSignatureAsync(string userId, PolicyRevision current, CancellationToken cancellationToken = default) =>
        Latest(await SignaturesOfAsync(userId, cancellationToken), current.PolicyId, countingFor: null);

    /// <summary>The other policies in force, whose titles a policy's text may name and link to.</summary>
    public async Task<IReadOnlyList<PolicyLink>> OtherPoliciesInForceAsync(int policyId, CancellationToken cancellationToken = default) =>
        (await policiesInForce.GetAsync(cancellationToken)).OthersThan(policyId);

    // A person has at most a few signatures per policy, so all of them are read at once and matched here.
    private async Task<PersonSignatures> SignaturesOfAsync(string userId, CancellationToken cancellationToken)
    {
        if (_signatures is { } read && read.UserId == userId)
        {
            return read.Signatures;
        }

        if (signaturesInMemory.Find(userId) is { } held)
        {
            _signatures = (userId, held);
            return held;
        }

        var readStarted = SignaturesInMemory.ReadStarting();
        var rows = new List<(int PolicyId, SignatureSummary Signature)>();
        await foreach (var row in SignaturesQuery(Db, userId).WithCancellation(cancellationToken))
        {
            // Interned: a handful of versions ("1.0", "2.1") repeat across everyone's held signatures.
            rows.Add((row.PolicyId, new SignatureSummary(row.Id, string.Intern(row.Version), row.Sequence, row.SignedAtUtc)));
        }

        var signatures = new PersonSignatures(rows);
        _signatures = (userId, signatures);
        signaturesInMemory.Keep(userId, signatures, readStarted);
        return signatures;
    }

    // The signature that counts for the revision in force: the latest from its last material change on. A loop, not
    // Where and MaxBy: the banner asks it for every policy on every page.
    private static SignatureSummary? Counting(PersonSignatures signatures, PolicyRevision inForce) =>
        Latest(signatures, inForce.PolicyId, countingFor: inForce);

    // The person's latest signature of the policy, or, given countingFor, the latest that counts for it.
    private static SignatureSummary? Latest(PersonSignatures signatures, int policyId, PolicyRevision? countingFor)
    {
        SignatureSummary? latest = null;
        foreach (var signature in signatures.Of(policyId))
        {
            if ((countingFor is null || signature.CountsFor(countingFor)) && (latest is null || signature.Sequence > latest.Sequence))
            {
                latest = signature;
            }
        }

        return latest;
    }

    // Compiled once: this runs on nearly every page, for the banner.
    private static readonly Func<PortalDbContext, string, IAsyncEnumerable<MySignatureRow>> SignaturesQuery = EF.CompileAsyncQuery(
        (PortalDbContext db, string userId) => db.Acknowledgements
            .AsNoTracking()
            .Where(a => a.UserId == userId)
            .Select(a => new MySignatureRow(a.Id, a.SignedAtUtc, a.Revision.PolicyId, a.Revision.Sequence, a.Revision.Version)));

    private sealed record MySignatureRow(int Id, DateTime SignedAtUtc, int PolicyId, int Sequence, string Version);

    /// <summary>A policy with every revision, review and comment, for the pages that prepare, review and trace it.</summary>
    public async Task<Policy?> WithRevisionsAsync(string slug, CancellationToken cancellationToken = default) =>
        !PolicySlug.IsValid(slug) ? null : await Db.Policies
            .Include(p => p.Revisions).ThenInclude(r => r.Reviews)
            .Include(p => p.Revisions).ThenInclude(r => r.Comments)
            .AsSplitQuery()
            .AsNoTracking()
            .SingleOrDefaultAsync(p => p.Slug == slug, cancellationToken);

    /// <summary>The audit trail of a policy, newest first.</summary>
    public async Task<IReadOnlyList<PolicyEvent>> EventsAsync(int policyId, CancellationToken cancellationToken = default) =>
        await Db.PolicyEvents
            .Where(e => e.PolicyId == policyId)
            .OrderByDescending(e => e.AtUtc).ThenByDescending(e => e.Id)
            .AsNoTracking()
            .ToListAsync(cancellationToken);

    /// <summary>Revisions with the governors now, for the review list.</summary>
    public async Task<IReadOnlyList<PolicyRevision>> InReviewAsync(CancellationToken cancellationToken = default) =>
        await Db.PolicyRevisions
            .Include(r => r.Policy)
            .Include(r => r.Reviews)
            .Where(r => r.Status == RevisionStatus.InReview)
            .OrderBy(r => r.Policy.Title)
            .AsNoTracking()
            .ToListAsync(cancellationToken);

    public Task<string?> RevisionBodyAsync(int policyId, string version, CancellationToken cancellationToken = default) =>
        Db.PolicyRevisions
            .Where(r => r.PolicyId == policyId && r.Version == version)
            .Select(r => r.Body)
            .SingleOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<Policy>> AllAsync(CancellationToken cancellationToken = default) =>
        await Db.Policies
            .Include(p => p.Revisions.Where(r => r.Status == RevisionStatus.Adopted))
            .OrderBy(p => p.Title)
            .AsNoTracking()
            .ToListAsync(cancellationToken);

    /// <summary>A receipt with the person who signed it, or null when there is no such acknowledgement.</summary>
    public async Task<Receipt?> ReceiptAsync(int acknowledgementId, CancellationToken cancellationToken = default) =>
        await Db.Acknowledgements
            .Where(a => a.Id == acknowledgementId)
            .Join(Db.Users, a => a.UserId, u => u.Id, (a, u) => new Receipt(a, a.Revision, a.Revision.Policy.Title, a.Revision.Policy.Slug, u.FullName, u.Email ?? string.Empty, u.JobTitle))
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
