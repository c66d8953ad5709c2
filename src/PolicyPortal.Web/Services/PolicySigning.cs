using Microsoft.EntityFrameworkCore;
using PolicyPortal.Web.Data;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Services;

public enum SigningOutcome
{
    Signed,
    AlreadySigned,
    NoSuchPolicy,
    NotRequired,

    /// <summary>The policy is retired: nobody signs it any more.</summary>
    Retired,
    StaleRevision,
    Invalid,
}

/// <summary>What the person submitted: the revision and text they were shown, the tick, and their typed name.</summary>
public sealed record SigningRequest(int RevisionId, string? TextSha256, bool Confirmed, string? SignatureName);

/// <param name="OfEarlierRevision">
/// With <see cref="SigningOutcome.AlreadySigned"/>: the receipt is of an earlier revision, whose signature still counts
/// because every change since was minor.
/// </param>
public sealed record SigningResult(SigningOutcome Outcome, Acknowledgement? Receipt = null, IReadOnlyList<FieldProblem>? Problems = null, bool OfEarlierRevision = false)
{
    public IReadOnlyList<FieldProblem> Problems { get; } = Problems ?? [];
}

/// <summary>Records a person's signature of the revision in force, once, and only for the exact text they were shown.</summary>
public sealed class PolicySigning(PortalDbContext db, TimeProvider clock, ILogger<PolicySigning> logger)
{
    public async Task<SigningResult> SignAsync(
        string slug,
        string userId,
        PolicyAudience audience,
        SigningRequest request,
        CancellationToken cancellationToken = default)
    {
        if (!PolicySlug.IsValid(slug))
        {
            return new SigningResult(SigningOutcome.NoSuchPolicy);
        }

        var revision = await db.PolicyRevisions
            .Include(r => r.Policy)
            .SingleOrDefaultAsync(r => r.Policy.Slug == slug && r.Status == RevisionStatus.Adopted, cancellationToken);
        if (revision is null)
        {
            return new SigningResult(SigningOutcome.NoSuchPolicy);
        }

        if (revision.Policy.IsRetired)
        {
            return new SigningResult(SigningOutcome.Retired);
        }

        var existing = await ValidSignatureAsync(userId, revision, cancellationToken);
        if (existing is not null)
        {
            return new SigningResult(SigningOutcome.AlreadySigned, existing, OfEarlierRevision: existing.RevisionId != revision.Id);
        }

        if ((revision.Policy.Audience & audience) == 0
            && !await db.PolicyGroups.AnyAsync(g => g.PolicyId == revision.PolicyId && db.GroupMembers.Any(m => m.GroupId == g.GroupId && m.UserId == userId), cancellationToken))
        {
            return new SigningResult(SigningOutcome.NotRequired);
        }

        if (request.RevisionId != revision.Id || !string.Equals(request.TextSha256, revision.BodySha256, StringComparison.Ordinal))
        {
            return new SigningResult(SigningOutcome.StaleRevision);
        }

        var person = await db.Users.AsNoTracking().SingleAsync(u => u.Id == userId, cancellationToken);
        var problems = new List<FieldProblem>();
        if (!request.Confirmed)
        {
            problems.Add(new FieldProblem(nameof(SigningRequest.Confirmed), "Tick the box to confirm that you have read and understood this policy."));
        }

        if (string.IsNullOrWhiteSpace(request.SignatureName))
        {
            problems.Add(new FieldProblem(nameof(SigningRequest.SignatureName), "Type your full name as your signature."));
        }
        else if (!SignatureName.Matches(request.SignatureName, person.FullName))
        {
            problems.Add(new FieldProblem(nameof(SigningRequest.SignatureName), $"Your signature must be your full name as it is on your account: {person.FullName}."));
        }

        if (problems.Count > 0)
        {
            return new SigningResult(SigningOutcome.Invalid, Problems: problems);
        }

        var receipt = revision.Acknowledge(new Person(person.Id, person.FullName), request.TextSha256!, request.SignatureName!, clock.GetUtcNow().UtcDateTime);
        db.Acknowledgements.Add(receipt);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException error) when (UniqueViolation.Is(error))
        {
            // Two submissions at once (a double click, two tabs): the unique index let one through; show that one.
            db.Entry(receipt).State = EntityState.Detached;
            var raced = await ValidSignatureAsync(userId, revision, cancellationToken);
            if (raced is null)
            {
                throw;
            }

            logger.LogInformation(
                "{UserId} signed {Slug} version {Version} twice at once; the first signature stands (acknowledgement {AcknowledgementId})",
                userId, slug, revision.Version, raced.Id);
            return new SigningResult(SigningOutcome.AlreadySigned, raced, OfEarlierRevision: raced.RevisionId != revision.Id);
        }

        logger.LogInformation(
            "{UserId} signed {Slug} version {Version} (acknowledgement {AcknowledgementId}, text {Sha256})",
            userId, slug, revision.Version, receipt.Id, receipt.TextSha256);
        return new SigningResult(SigningOutcome.Signed, receipt);
    }

    // A signature of this revision, or of an earlier one that still counts because every change since was minor.
    private Task<Acknowledgement?> ValidSignatureAsync(string userId, PolicyRevision current, CancellationToken cancellationToken) =>
        db.Acknowledgements.AsNoTracking()
            .Where(a => a.UserId == userId && a.Revision.PolicyId == current.PolicyId && a.Revision.Sequence >= current.SignaturesValidFromSequence)
            .OrderByDescending(a => a.Revision.Sequence)
            .FirstOrDefaultAsync(cancellationToken);
}
