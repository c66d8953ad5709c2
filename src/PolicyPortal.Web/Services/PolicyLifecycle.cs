using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using PolicyPortal.Web.Data;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Services;

/// <summary>What the Principal asks for when creating a policy.</summary>
public sealed record NewPolicy(string Title, string Slug, PolicyAudience Audience, int ReviewCycleMonths, string FirstDraft);

/// <summary>A draft as the Principal submitted it, with the stamp of the version they were editing.</summary>
public sealed record DraftEdit(string Body, string? ChangeSummary, ChangeKind Kind, string? ProvidedBy, Guid ConcurrencyStamp);

public enum DraftSaveOutcome
{
    Saved,
    NoDraft,
    ChangedMeanwhile,
}

/// <summary>When the draft changed meanwhile, <see cref="Draft"/> is the text as saved by the other person.</summary>
public sealed record DraftSaveResult(DraftSaveOutcome Outcome, PolicyRevision? Draft);

/// <summary>A policy whose annual review is near or past.</summary>
public sealed record ReviewDue(string Slug, string Title, string Version, DateOnly NextReviewDue, bool Overdue);

/// <summary>
/// Carries out every change to a policy's revisions (the rules themselves live on <see cref="Policy"/> and
/// <see cref="PolicyRevision"/>) and records each in the audit trail. Rule breaks surface as <see cref="DomainRuleException"/>.
/// </summary>
public sealed class PolicyLifecycle(PortalDbContext db, TimeProvider clock, SchoolTime schoolTime, ILogger<PolicyLifecycle> logger)
{
    public const int ReviewDueWindowDays = 60;

    public async Task<Policy> CreateAsync(NewPolicy input, Person principal, CancellationToken cancellationToken = default)
    {
        if (await db.Policies.AnyAsync(p => p.Slug == input.Slug, cancellationToken))
        {
            throw new DomainRuleException($"There is already a policy at /policies/{input.Slug}. Choose another address.");
        }

        if (await db.Policies.AnyAsync(p => p.Title == input.Title.Trim(), cancellationToken))
        {
            throw new DomainRuleException($"There is already a policy called '{input.Title.Trim()}'.");
        }

        var policy = new Policy(input.Slug, input.Title, input.Audience, AppliesToFor(input.Audience), [], input.ReviewCycleMonths);
        var draft = policy.StartDraft(Now, input.FirstDraft);
        db.Policies.Add(policy);
        Record(policy, null, PolicyEventKind.PolicyCreated, principal, $"Created '{policy.Title}' for {AppliesToText(policy.Audience)}, reviewed every {policy.ReviewCycleMonths} months.");
        Record(policy, draft, PolicyEventKind.DraftStarted, principal, $"Started version {draft.Version}.");
        await db.SaveChangesAsync(cancellationToken);
        return policy;
    }

    public async Task<PolicyRevision> StartDraftAsync(string slug, Person principal, CancellationToken cancellationToken = default)
    {
        var policy = await LoadAsync(slug, cancellationToken);
        var draft = policy.StartDraft(Now);
        Record(policy, draft, PolicyEventKind.DraftStarted, principal, $"Started a draft from version {policy.CurrentRevision?.Version}.");
        await SaveAsync(cancellationToken);
        return draft;
    }

    public async Task<DraftSaveResult> SaveDraftAsync(string slug, DraftEdit edit, Person principal, CancellationToken cancellationToken = default)
    {
        var policy = await LoadAsync(slug, cancellationToken);
        if (policy.OpenRevision is not { } draft)
        {
            return new DraftSaveResult(DraftSaveOutcome.NoDraft, null);
        }

        if (draft.ConcurrencyStamp != edit.ConcurrencyStamp)
        {
            return new DraftSaveResult(DraftSaveOutcome.ChangedMeanwhile, draft);
        }

        draft.Edit(edit.Body, edit.ChangeSummary, edit.Kind);
        draft.SetProvidedBy(edit.ProvidedBy);
        Record(policy, draft, PolicyEventKind.DraftEdited, principal, $"Edited version {draft.Version} ({draft.ChangeKind}).");
        db.Entry(draft).Property(r => r.ConcurrencyStamp).OriginalValue = edit.ConcurrencyStamp;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone saved between our read and our write: show them their text beside the one now saved.
            db.ChangeTracker.Clear();
            var saved = (await LoadAsync(slug, cancellationToken)).OpenRevision;
            return new DraftSaveResult(DraftSaveOutcome.ChangedMeanwhile, saved);
        }

        return new DraftSaveResult(DraftSaveOutcome.Saved, draft);
    }

    public Task SubmitAsync(string slug, Guid stamp, Person principal, CancellationToken cancellationToken = default) =>
        ChangeOpenRevisionAsync(slug, stamp, principal, PolicyEventKind.SubmittedForReview, draft =>
        {
            draft.Submit(principal);
            return $"Submitted version {draft.Version} to the governors (round {draft.ReviewRound}).";
        }, cancellationToken);

    public Task ReturnToDraftAsync(string slug, Guid stamp, Person principal, CancellationToken cancellationToken = default) =>
        ChangeOpenRevisionAsync(slug, stamp, principal, PolicyEventKind.ReturnedToDraft, draft =>
        {
            draft.ReturnToDraft();
            return $"Took version {draft.Version} back to revise it.";
        }, cancellationToken);

    public Task CommentAsync(string slug, string text, Person author, CancellationToken cancellationToken = default) =>
        ChangeOpenRevisionAsync(slug, stamp: null, author, PolicyEventKind.Commented, draft =>
        {
            var comment = draft.AddComment(author, text, Now);
            return $"Commented on version {draft.Version}: {comment.Text}";
        }, cancellationToken);

    public Task RecordViewAsync(string slug, ReviewVerdict verdict, string? reason, Person governor, CancellationToken cancellationToken = default) =>
        ChangeOpenRevisionAsync(slug, stamp: null, governor, PolicyEventKind.ViewRecorded, draft =>
        {
            var view = draft.RecordView(governor, verdict, reason, Now);
            return view.Verdict == ReviewVerdict.ReadyForAdoption
                ? $"Version {draft.Version} is ready for adoption."
                : $"Version {draft.Version} needs changes: {view.Reason}";
        }, cancellationToken);

    /// <summary>Records the governing body's adoption: the revision comes into force and the previous one is superseded.</summary>
    public async Task<PolicyRevision> AdoptAsync(string slug, Guid stamp, AdoptionDecision decision, Person governor, CancellationToken cancellationToken = default)
    {
        var policy = await LoadAsync(slug, cancellationToken);
        var revision = policy.OpenRevision ?? throw new DomainRuleException("There is no revision in review to adopt.");
        RequireStamp(revision, stamp);
        var previous = policy.CurrentRevision;

        policy.Adopt(revision, decision, governor, schoolTime.Today(), Now);
        if (previous is not null)
        {
            Record(policy, previous, PolicyEventKind.Superseded, governor, $"Version {previous.Version} superseded by version {revision.Version}.");
        }

        Record(policy, revision, PolicyEventKind.Adopted, governor,
            $"Adopted version {revision.Version} ({revision.ChangeKind}) at the meeting of {decision.MeetingDate:d MMMM yyyy}, minute {revision.MinuteReference}, signed by {revision.SignedBy}, in force from {decision.EffectiveFrom:d MMMM yyyy}.");
        await SaveAsync(cancellationToken);
        logger.LogInformation("Policy {Slug} version {Version} adopted by {UserId}", slug, revision.Version, governor.UserId);
        return revision;
    }

    public async Task ReviewWithoutChangeAsync(string slug, DateOnly reviewedOn, string minuteReference, Person governor, CancellationToken cancellationToken = default)
    {
        var policy = await LoadAsync(slug, cancellationToken);
        var current = policy.CurrentRevision ?? throw new DomainRuleException("There is no text in force to review.");
        current.RecordReviewWithoutChange(reviewedOn, minuteReference, schoolTime.Today());
        Record(policy, current, PolicyEventKind.ReviewedWithoutChange, governor,
            $"Annual review on {reviewedOn:d MMMM yyyy} (minute {current.LastReviewMinuteReference}): no change. Next review due {current.NextReviewDue:MMMM yyyy}.");
        await SaveAsync(cancellationToken);
    }

    /// <summary>Policies whose next review is within <see cref="ReviewDueWindowDays"/> days of <paramref name="today"/>, or past.</summary>
    public async Task<IReadOnlyList<ReviewDue>> ReviewsDueAsync(DateOnly today, CancellationToken cancellationToken = default)
    {
        var due = await db.PolicyRevisions
            .Where(ReviewDueBy(today))
            .OrderBy(r => r.NextReviewDue)
            .Select(r => new { r.Policy.Slug, r.Policy.Title, r.Version, Due = r.NextReviewDue!.Value })
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        return [.. due.Select(d => new ReviewDue(d.Slug, d.Title, d.Version, d.Due, d.Due < today))];
    }

    /// <summary>A revision in force whose next review is within <see cref="ReviewDueWindowDays"/> days of <paramref name="today"/>, or past.</summary>
    public static Expression<Func<PolicyRevision, bool>> ReviewDueBy(DateOnly today)
    {
        var horizon = today.AddDays(ReviewDueWindowDays);
        return r => r.Status == RevisionStatus.Adopted && r.NextReviewDue != null && r.NextReviewDue <= horizon;
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task ChangeOpenRevisionAsync(string slug, Guid? stamp, Person actor, PolicyEventKind kind, Func<PolicyRevision, string> change, CancellationToken cancellationToken)
    {
        var policy = await LoadAsync(slug, cancellationToken);
        var revision = policy.OpenRevision ?? throw new DomainRuleException("This policy has no revision being prepared.");
        if (stamp is { } expected)
        {
            RequireStamp(revision, expected);
        }

        var detail = change(revision);
        Record(policy, revision, kind, actor, detail);
        await SaveAsync(cancellationToken);
    }

    private static void RequireStamp(PolicyRevision revision, Guid stamp)
    {
        if (revision.ConcurrencyStamp != stamp)
        {
            throw new ConcurrencyConflictException($"Version {revision.Version} changed after you opened it. Look at it again, then try once more.");
        }
    }

    private async Task<Policy> LoadAsync(string slug, CancellationToken cancellationToken) =>
        await db.Policies
            .Include(p => p.Revisions).ThenInclude(r => r.Reviews)
            .Include(p => p.Revisions).ThenInclude(r => r.Comments)
            .AsSplitQuery()
            .SingleOrDefaultAsync(p => p.Slug == slug, cancellationToken)
        ?? throw new PolicyNotFoundException(slug);

    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConcurrencyConflictException("Someone else changed this policy at the same moment. Look at it again, then try once more.");
        }
    }

    private void Record(Policy policy, PolicyRevision? revision, PolicyEventKind kind, Person actor, string detail) =>
        db.PolicyEvents.Add(new PolicyEvent(policy, revision, kind, actor, detail, Now));

    private static List<string> AppliesToFor(PolicyAudience audience) => audience switch
    {
        PolicyAudience.Staff => ["all staff"],
        PolicyAudience.Governors => ["governors"],
        _ => ["all staff", "governors"],
    };

    private static string AppliesToText(PolicyAudience audience) => string.Join(" and ", AppliesToFor(audience));
}

public sealed class PolicyNotFoundException(string slug) : RecordNotFoundException($"There is no policy '{slug}'.");
