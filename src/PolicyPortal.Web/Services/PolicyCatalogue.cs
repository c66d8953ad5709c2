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

/// <summary>One policy in force and where one person stands with it.</summary>
public sealed record MyPolicy(
    string Slug,
    string Title,
    string Version,
    SigningState State,
    DateTime? SignedAtUtc,
    string? SignedVersion,
    int? AcknowledgementId)
{
    /// <summary>The day the revision in force came into force, if its adoption named one.</summary>
    public DateOnly? EffectiveFrom { get; init; }

    /// <summary>When the revision in force was adopted or recorded.</summary>
    public DateTime InForceSinceUtc { get; init; }
}

/// <summary>A signature as lists show it: which receipt, which version, when.</summary>
public sealed record SignatureSummary(int AcknowledgementId, string Version, int Sequence, DateTime SignedAtUtc);

/// <summary>
/// Read-side queries about policies in force and who has signed them, each answered from the database when asked: a
/// change saved by any web server shows on every server's next page. A policy is in force when a revision of it is
/// adopted and the policy is not retired.
/// </summary>
public sealed class PolicyCatalogue(PortalDbContext db, PolicyText policyText)
{
    // The queries every policy page asks (its layout's banner included) are compiled once rather than translated per request.
    private static readonly Func<PortalDbContext, string, PolicyAudience, CancellationToken, Task<int>> OutstandingCountQuery =
        EF.CompileAsyncQuery((PortalDbContext db, string userId, PolicyAudience audience, CancellationToken _) =>
            db.PolicyRevisions
                .Where(r => r.Status == RevisionStatus.Adopted && r.Policy.RetiredAtUtc == null)
                .Where(r => (r.Policy.Audience & audience) != 0 || r.Policy.AudienceGroups.Any(g => db.GroupMembers.Any(m => m.GroupId == g.GroupId && m.UserId == userId)))
                .Count(r => !db.Acknowledgements.Any(a => a.UserId == userId && a.Revision.PolicyId == r.PolicyId && a.Revision.Sequence >= r.SignaturesValidFromSequence)));

    // The revision in force, and whether the reader is in a group it is asked of, in one statement.
    private static readonly Func<PortalDbContext, string, string, CancellationToken, Task<RevisionForReader?>> RevisionInForceQuery =
        EF.CompileAsyncQuery((PortalDbContext db, string slug, string userId, CancellationToken _) =>
            db.PolicyRevisions
                .Where(r => r.Status == RevisionStatus.Adopted && r.Policy.Slug == slug)
                .Select(r => new RevisionForReader(new RevisionInForce(
                    r.Id,
                    r.PolicyId,
                    r.Policy.Slug,
                    r.Policy.Title,
                    r.Policy.Audience,
                    r.Policy.AppliesTo,
                    r.Policy.RelatedPolicies,
                    r.Version,
                    r.BodySha256,
                    r.ChangeSummary,
                    r.SignaturesValidFromSequence,
                    r.AdoptedBy,
                    r.AdoptionNote,
                    r.ReviewedOn,
                    r.ReviewedOnPrecision,
                    r.EffectiveFrom,
                    r.SignedBy,
                    r.ProvidedBy,
                    r.ReviewCycleMonths,
                    r.LastReviewedWithoutChangeOn,
                    r.LastReviewMinuteReference,
                    r.NextReviewDue,
                    r.Policy.RetiredAtUtc),
                    r.Policy.AudienceGroups.Any(g => db.GroupMembers.Any(m => m.GroupId == g.GroupId && m.UserId == userId))))
                .SingleOrDefault());

    private sealed record RevisionForReader(RevisionInForce Revision, bool InAudienceGroup);

    private static readonly Func<PortalDbContext, string, int, CancellationToken, Task<SignatureSummary?>> LatestSignatureQuery =
        EF.CompileAsyncQuery((PortalDbContext db, string userId, int policyId, CancellationToken _) =>
            db.Acknowledgements
                .Where(a => a.UserId == userId && a.Revision.PolicyId == policyId)
                .OrderByDescending(a => a.Revision.Sequence)
                .Select(a => new SignatureSummary(a.Id, a.Revision.Version, a.Revision.Sequence, a.SignedAtUtc))
                .FirstOrDefault());

    // One row however many policies there are: group_concat on SQLite, STRING_AGG on SQL Server. Unordered, since an
    // ordered one is not translated on SQLite; the rows come in the same order each time, and a change of order would
    // only cost a rendering.
    private static readonly Func<PortalDbContext, CancellationToken, Task<string?>> InForceKeyQuery =
        EF.CompileAsyncQuery((PortalDbContext db, CancellationToken _) =>
            db.Policies
                .Where(p => p.RetiredAtUtc == null && p.Revisions.Any(r => r.Status == RevisionStatus.Adopted))
                .GroupBy(p => 1)
                .Select(g => string.Join("\n", g.Select(p => p.Slug + " " + p.Title)))
                .SingleOrDefault());

    /// <summary>
    /// Every policy with a revision in force, and this person's state for each, in title order. A policy is asked of
    /// the person if it is asked of one of their roles (<paramref name="audience"/>) or of a group they are in.
    /// </summary>
    public async Task<IReadOnlyList<MyPolicy>> ForPersonAsync(string userId, PolicyAudience audience, CancellationToken cancellationToken = default)
    {
        var inForce = await db.PolicyRevisions
            .Where(r => r.Status == RevisionStatus.Adopted && r.Policy.RetiredAtUtc == null)
            .OrderBy(r => r.Policy.Title)
            .Select(r => new
            {
                r.PolicyId,
                r.Policy.Slug,
                r.Policy.Title,
                r.Policy.Audience,
                InAudienceGroup = r.Policy.AudienceGroups.Any(g => db.GroupMembers.Any(m => m.GroupId == g.GroupId && m.UserId == userId)),
                r.Version,
                r.SignaturesValidFromSequence,
                r.EffectiveFrom,
                InForceSince = r.AdoptedAtUtc ?? r.CreatedAtUtc,
            })
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
                : (r.Audience & audience) != 0 || r.InAudienceGroup ? SigningState.ToSign
                : SigningState.NotRequired;
            return new MyPolicy(r.Slug, r.Title, r.Version, state, signature?.SignedAtUtc, signature?.Version, signature?.AcknowledgementId)
            {
                EffectiveFrom = r.EffectiveFrom,
                InForceSinceUtc = r.InForceSince,
            };
        })];
    }

    /// <summary>How many policies in force this person must sign and has not: the count behind the banner on every page.</summary>
    public Task<int> OutstandingCountAsync(string userId, PolicyAudience audience, CancellationToken cancellationToken = default) =>
        audience == PolicyAudience.None ? Task.FromResult(0) : OutstandingCountQuery(db, userId, audience, cancellationToken);

    /// <summary>
    /// The policy with its revision in force, or null when there is no such policy (or no such address) or nothing is in
    /// force yet.
    /// </summary>
    public async Task<PolicyRevision?> CurrentRevisionAsync(string slug, CancellationToken cancellationToken = default) =>
        !PolicySlug.IsValid(slug)
            ? null
            : await db.PolicyRevisions
                .Include(r => r.Policy)
                .AsNoTracking()
                .SingleOrDefaultAsync(r => r.Status == RevisionStatus.Adopted && r.Policy.Slug == slug, cancellationToken);

    /// <summary>
    /// What a policy's page shows for one person, text aside, or null when there is no such policy (or no such address)
    /// or nothing is in force yet.
    /// </summary>
    public async Task<PolicyPage?> PageAsync(string slug, string userId, CancellationToken cancellationToken = default)
    {
        if (!PolicySlug.IsValid(slug))
        {
            return null;
        }

        // One open for the three reads: EF Core would open and close the connection for each.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var found = await RevisionInForceQuery(db, slug, userId, cancellationToken);
            return found is null
                ? null
                : new PolicyPage(
                    found.Revision,
                    await LatestSignatureQuery(db, userId, found.Revision.PolicyId, cancellationToken),
                    await InForceKeyAsync(cancellationToken),
                    found.InAudienceGroup);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Names the set of policies in force by their addresses and titles, one line each: while it is the same, so are the
    /// links a policy's text has to the others. It is what renews <see cref="PolicyText"/>'s cache when a policy is
    /// adopted, retired or restored, so a change of which policies are in force needs no other invalidation.
    /// </summary>
    public async Task<string> InForceKeyAsync(CancellationToken cancellationToken = default) =>
        await InForceKeyQuery(db, cancellationToken) ?? string.Empty;

    /// <summary>The other policies in force, in title order, whose titles a policy's text may name and link to.</summary>
    public async Task<IReadOnlyList<PolicyLink>> OtherPoliciesInForceAsync(int policyId, CancellationToken cancellationToken = default) =>
        await db.PolicyRevisions
            .Where(r => r.Status == RevisionStatus.Adopted && r.Policy.RetiredAtUtc == null && r.PolicyId != policyId)
            .OrderBy(r => r.Policy.Title)
            .Select(r => new PolicyLink(r.Policy.Title, r.Policy.Slug))
            .ToListAsync(cancellationToken);

    /// <summary>A revision's text as a page shows it, with the titles of the other policies in force linked.</summary>
    public async Task<RenderedPolicyText> TextAsync(PolicyRevision revision, CancellationToken cancellationToken = default) =>
        await policyText.RenderAsync(
            revision.BodySha256,
            revision.PolicyId,
            await InForceKeyAsync(cancellationToken),
            async () => new PolicySource(revision.Body, revision.Attachments, await OtherPoliciesInForceAsync(revision.PolicyId, cancellationToken)));

    /// <summary>The text of a policy's page, read from the database only when it is not already rendered.</summary>
    public async Task<RenderedPolicyText> TextAsync(PolicyPage page, CancellationToken cancellationToken = default) =>
        await policyText.RenderAsync(
            page.Revision.BodySha256,
            page.Revision.PolicyId,
            page.InForceKey,
            async () =>
            {
                var text = await db.PolicyRevisions.AsNoTracking().Where(r => r.Id == page.Revision.Id).Select(r => new { r.Body, r.Attachments }).SingleAsync(cancellationToken);
                return new PolicySource(text.Body, [.. text.Attachments], await OtherPoliciesInForceAsync(page.Revision.PolicyId, cancellationToken));
            });

    /// <summary>The images of the revision being prepared, which its text may show; none when nothing is being prepared.</summary>
    public async Task<IReadOnlyCollection<RevisionAttachment>> OpenRevisionImagesAsync(string slug, CancellationToken cancellationToken = default) =>
        await db.PolicyRevisions.AsNoTracking()
            .Where(r => r.Policy.Slug == slug && (r.Status == RevisionStatus.Draft || r.Status == RevisionStatus.InReview || r.Status == RevisionStatus.AwaitingConfirmation))
            .SelectMany(r => r.Attachments)
            .ToListAsync(cancellationToken);

    /// <summary>A revision's text by its id; an adopted revision's text never changes.</summary>
    public async Task<string> BodyAsync(int revisionId, CancellationToken cancellationToken = default) =>
        await db.PolicyRevisions.Where(r => r.Id == revisionId).Select(r => r.Body).SingleAsync(cancellationToken);

    /// <summary>A policy with every revision, review and comment, for the pages that prepare, review and trace it.</summary>
    public async Task<Policy?> WithRevisionsAsync(string slug, CancellationToken cancellationToken = default) =>
        !PolicySlug.IsValid(slug) ? null : await db.Policies
            .Include(p => p.Revisions).ThenInclude(r => r.Reviews)
            .Include(p => p.Revisions).ThenInclude(r => r.Comments)
            .Include(p => p.AudienceGroups)
            .AsSplitQuery()
            .AsNoTracking()
            .SingleOrDefaultAsync(p => p.Slug == slug, cancellationToken);

    /// <summary>The bytes of a text's images, by their SHA-256: what a PDF of the text embeds.</summary>
    public async Task<Dictionary<string, byte[]>> AttachmentContentsAsync(IEnumerable<RevisionAttachment> images, CancellationToken cancellationToken = default)
    {
        var wanted = images.Select(a => a.Sha256).Distinct(StringComparer.Ordinal).ToList();
        return wanted.Count == 0
            ? new Dictionary<string, byte[]>(StringComparer.Ordinal)
            : await db.AttachmentContents.AsNoTracking()
                .Where(c => wanted.Contains(c.Sha256))
                .ToDictionaryAsync(c => c.Sha256, c => c.Content, StringComparer.Ordinal, cancellationToken);
    }

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

    /// <summary>
    /// Every policy that matches the filter, in title order, retired ones included (<see cref="PolicyListEntry.IsRetired"/>).
    /// Each word searched for must be in the title or in the text in force; as SQL LIKE compares, so without regard to
    /// case on SQL Server's usual collation, and for English letters on SQLite. Texts are compared in the database, never
    /// read into memory.
    /// </summary>
    public async Task<IReadOnlyList<PolicyListEntry>> ListAsync(PolicyListFilter filter, CancellationToken cancellationToken = default)
    {
        var query = db.Policies.AsQueryable();
        if (filter.Category is { } category)
        {
            query = query.Where(p => p.Category == category);
        }

        if (filter.OwnerUserId == PolicyListFilter.NoOwner)
        {
            query = query.Where(p => p.OwnerUserId == null);
        }
        else if (!string.IsNullOrEmpty(filter.OwnerUserId))
        {
            query = query.Where(p => p.OwnerUserId == filter.OwnerUserId);
        }

        if (filter.ReviewCycleMonths is { } months)
        {
            query = query.Where(p => p.ReviewCycleMonths == months);
        }

        foreach (var word in PolicyListFilter.Words(filter.Text))
        {
            var pattern = "%" + LikeEscaped(word) + "%";
            query = query.Where(p => EF.Functions.Like(p.Title, pattern, LikeEscape)
                || p.Revisions.Any(r => r.Status == RevisionStatus.Adopted && EF.Functions.Like(r.Body, pattern, LikeEscape)));
        }

        return await query
            .OrderBy(p => p.Title)
            .Select(p => new PolicyListEntry(
                p.Slug,
                p.Title,
                p.Category,
                db.Users.Where(u => u.Id == p.OwnerUserId).Select(u => u.FullName).FirstOrDefault(),
                p.ReviewCycleMonths,
                p.AppliesTo,
                p.RetiredAtUtc != null,
                p.Revisions.Where(r => r.Status == RevisionStatus.Adopted).Select(r => r.Version).FirstOrDefault(),
                p.Revisions.Where(r => r.Status == RevisionStatus.Adopted).Select(r => r.NextReviewDue).FirstOrDefault(),
                p.Revisions.Where(r => r.Status == RevisionStatus.Adopted).Select(r => r.ReviewedOnPrecision).FirstOrDefault()))
            .AsNoTracking()
            .ToListAsync(cancellationToken);
    }

    /// <summary>The people who own a policy and the review cycles in use, for the list's filters.</summary>
    public async Task<(IReadOnlyList<PolicyLink> Owners, IReadOnlyList<int> ReviewCycles)> ListChoicesAsync(CancellationToken cancellationToken = default)
    {
        var owners = await db.Users
            .Where(u => db.Policies.Any(p => p.OwnerUserId == u.Id))
            .OrderBy(u => u.FullName)
            .Select(u => new PolicyLink(u.FullName, u.Id))
            .ToListAsync(cancellationToken);
        var cycles = await db.Policies.Select(p => p.ReviewCycleMonths).Distinct().OrderBy(m => m).ToListAsync(cancellationToken);
        return (owners, cycles);
    }

    private const string LikeEscape = "\\";

    // What someone types is matched as it is: LIKE's wildcards (and SQL Server's brackets) are escaped.
    private static string LikeEscaped(string word) =>
        word.Replace(LikeEscape, LikeEscape + LikeEscape, StringComparison.Ordinal)
            .Replace("%", LikeEscape + "%", StringComparison.Ordinal)
            .Replace("_", LikeEscape + "_", StringComparison.Ordinal)
            .Replace("[", LikeEscape + "[", StringComparison.Ordinal);

    /// <summary>A person's name, for a page that names who is responsible for something; null for nobody or nobody known.</summary>
    public async Task<string?> NameOfAsync(string? userId, CancellationToken cancellationToken = default) =>
        userId is null ? null : await db.Users.Where(u => u.Id == userId).Select(u => u.FullName).SingleOrDefaultAsync(cancellationToken);

    /// <summary>A receipt with the person who signed it, or null when there is no such acknowledgement.</summary>
    public async Task<Receipt?> ReceiptAsync(int acknowledgementId, CancellationToken cancellationToken = default) =>
        await db.Acknowledgements
            .Where(a => a.Id == acknowledgementId)
            .Join(db.Users, a => a.UserId, u => u.Id, (a, u) => new Receipt(a, a.Revision, a.Revision.Policy.Title, a.Revision.Policy.Slug, a.Revision.Policy.RetiredAtUtc != null, u.FullName, u.Email ?? string.Empty, u.JobTitle))
            .AsNoTracking()
            .SingleOrDefaultAsync(cancellationToken);
}

/// <summary>What "All policies" is filtered by; null or empty means any.</summary>
public sealed record PolicyListFilter(string? Text, PolicyCategory? Category, string? OwnerUserId, int? ReviewCycleMonths)
{
    /// <summary>The owner filter's value for policies nobody owns.</summary>
    public const string NoOwner = "none";

    public const int TextMaxLength = 200;

    public bool IsEmpty => string.IsNullOrWhiteSpace(Text) && Category is null && string.IsNullOrEmpty(OwnerUserId) && ReviewCycleMonths is null;

    /// <summary>The words searched for, each of which must match: at most ten, from at most <see cref="TextMaxLength"/> characters.</summary>
    public static IReadOnlyList<string> Words(string? text) =>
        string.IsNullOrWhiteSpace(text) ? []
            : [.. text[..Math.Min(text.Length, TextMaxLength)].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.OrdinalIgnoreCase).Take(10)];
}

/// <summary>A policy as "All policies" lists it.</summary>
public sealed record PolicyListEntry(
    string Slug,
    string Title,
    PolicyCategory Category,
    string? Owner,
    int ReviewCycleMonths,
    List<string> AppliesTo,
    bool IsRetired,
    string? Version,
    DateOnly? NextReviewDue,
    DatePrecision ReviewedOnPrecision);

public static class SignatureRules
{
    /// <summary>Whether <paramref name="signature"/> still counts for <paramref name="current"/>: every change since it was minor.</summary>
    public static bool CountsFor(this SignatureSummary signature, RevisionInForce current) =>
        signature.Sequence >= current.SignaturesValidFromSequence;
}

/// <summary>The revision in force as its policy's page shows it, with its policy, and without its text.</summary>
public sealed record RevisionInForce(
    int Id,
    int PolicyId,
    string Slug,
    string Title,
    PolicyAudience Audience,
    List<string> AppliesTo,
    List<string> RelatedPolicies,
    string Version,
    string BodySha256,
    string? ChangeSummary,
    int? SignaturesValidFromSequence,
    string? AdoptedBy,
    string? AdoptionNote,
    DateOnly? ReviewedOn,
    DatePrecision ReviewedOnPrecision,
    DateOnly? EffectiveFrom,
    string? SignedBy,
    string? ProvidedBy,
    int ReviewCycleMonths,
    DateOnly? LastReviewedWithoutChangeOn,
    string? LastReviewMinuteReference,
    DateOnly? NextReviewDue,
    DateTime? RetiredAtUtc);

/// <summary>
/// What a policy's page reads for one person: the revision in force, the person's latest signature of the policy
/// (whether or not it still counts) and the key of the policies in force (<see cref="PolicyCatalogue.InForceKeyAsync"/>).
/// Not the text: the page takes that from the rendering cache, which reads it only to render it (and a page that compares
/// it with the text someone signed reads it for that).
/// </summary>
/// <param name="InAudienceGroup">The person is in a group the policy is asked of, whatever their roles.</param>
public sealed record PolicyPage(RevisionInForce Revision, SignatureSummary? LatestSignature, string InForceKey, bool InAudienceGroup);

/// <param name="PolicyRetired">The policy is retired: no revision of it is in force.</param>
public sealed record Receipt(
    Acknowledgement Acknowledgement,
    PolicyRevision Revision,
    string PolicyTitle,
    string PolicySlug,
    bool PolicyRetired,
    string PersonName,
    string PersonEmail,
    string? PersonJobTitle);
