using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Controllers;
using PolicyPortal.Web.Data;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Services.Email;

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

/// <summary>What the Principal says about a policy beside its text: its kind, who looks after it, how often it is reviewed and who signs it.</summary>
/// <param name="GroupIds">The groups whose members must sign, besides the roles in <paramref name="Audience"/>.</param>
public sealed record PolicyDescription(PolicyCategory Category, string? OwnerUserId, int ReviewCycleMonths, PolicyAudience Audience, IReadOnlyList<int>? GroupIds = null);
/// <summary>Which version was discarded, and whether the policy was retired with it, having no other text.</summary>
public sealed record DiscardOutcome(string Title, string Version, bool PolicyRetired);

/// <summary>A policy whose annual review is near or past.</summary>
public sealed record ReviewDue(string Slug, string Title, string Version, DateOnly NextReviewDue, bool Overdue);

/// <summary>
/// Carries out every change to a policy's revisions (the rules themselves live on <see cref="Policy"/> and
/// <see cref="PolicyRevision"/>), records each in the audit trail and emails whoever must act next, in the same save.
/// Rule breaks surface as <see cref="DomainRuleException"/>.
/// </summary>
public sealed class PolicyLifecycle(PortalDbContext db, TimeProvider clock, SchoolTime schoolTime, Outbox outbox, Invitations invitations, ILogger<PolicyLifecycle> logger)
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
        if (policy.IsRetired)
        {
            throw new DomainRuleException($"'{policy.Title}' is retired. Restore it before preparing a new version.");
        }

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

    /// <summary>Sends the draft to the governors, and asks each of them by email for their view.</summary>
    public Task SubmitAsync(string slug, Guid stamp, Person principal, CancellationToken cancellationToken = default) =>
        ChangeOpenRevisionAsync(slug, stamp, principal, PolicyEventKind.SubmittedForReview, draft =>
        {
            draft.Submit(principal);
            return $"Submitted version {draft.Version} to the governors (round {draft.ReviewRound}).";
        }, draft => AskGovernorsForViewsAsync(draft, principal, cancellationToken), cancellationToken);

    public Task ReturnToDraftAsync(string slug, Guid stamp, Person principal, CancellationToken cancellationToken = default) =>
        ChangeOpenRevisionAsync(slug, stamp, principal, PolicyEventKind.ReturnedToDraft, draft =>
        {
            draft.ReturnToDraft();
            return $"Took version {draft.Version} back to revise it.";
        }, tell: null, cancellationToken);

    public Task CommentAsync(string slug, string text, Person author, CancellationToken cancellationToken = default) =>
        ChangeOpenRevisionAsync(slug, stamp: null, author, PolicyEventKind.Commented, draft =>
        {
            var comment = draft.AddComment(author, text, Now);
            return $"Commented on version {draft.Version}: {comment.Text}";
        }, tell: null, cancellationToken);

    /// <summary>
    /// The policy no longer applies: it leaves everyone's list, the compliance figures, reminders, review notices and the
    /// links from other policies' text, and nobody can sign it. Its pages, history and signatures stay.
    /// </summary>
    public async Task RetireAsync(string slug, Person principal, CancellationToken cancellationToken = default)
    {
        var policy = await LoadAsync(slug, cancellationToken);
        policy.Retire(Now);
        Record(policy, null, PolicyEventKind.Retired, principal, $"Retired '{policy.Title}': no longer in force, nobody is asked to sign it.");
        await SaveAsync(cancellationToken);
    }

    /// <summary>A retired policy is in force again: whoever had not signed its text in force is asked again by reminders.</summary>
    public async Task RestoreAsync(string slug, Person principal, CancellationToken cancellationToken = default)
    {
        var policy = await LoadAsync(slug, cancellationToken);
        policy.Restore();
        Record(policy, null, PolicyEventKind.Restored, principal, $"Restored '{policy.Title}': in force again{(policy.CurrentRevision is { } current ? $" at version {current.Version}" : string.Empty)}.");
        await SaveAsync(cancellationToken);
    }

    /// <summary>
    /// Changes the policy's category, owner, review cycle (applied to the next revision adopted) and who must sign from
    /// now on. The owner must be someone at the school with a role.
    /// </summary>
    public async Task DescribeAsync(string slug, PolicyDescription description, Person principal, CancellationToken cancellationToken = default)
    {
        var policy = await LoadAsync(slug, cancellationToken);
        var owner = string.IsNullOrEmpty(description.OwnerUserId) ? null
            : await db.Users.Where(u => u.Id == description.OwnerUserId && u.DeactivatedAtUtc == null && db.UserRoles.Any(ur => ur.UserId == u.Id))
                .Select(u => u.FullName)
                .SingleOrDefaultAsync(cancellationToken)
              ?? throw new InvalidDetailsException([new FieldProblem(nameof(PolicyDescription.OwnerUserId), "Choose someone who is at the school now, or no owner.")]);
        var groupIds = (description.GroupIds ?? []).Distinct().ToList();
        var groups = await db.Groups.Where(g => groupIds.Contains(g.Id)).OrderBy(g => g.Name).Select(g => g.Name).ToListAsync(cancellationToken);
        if (groups.Count != groupIds.Count)
        {
            throw new InvalidDetailsException([new FieldProblem("AudienceGroups", "A group you ticked has just been removed. Tick the groups again.")]);
        }

        policy.Describe(description.Category, description.OwnerUserId, description.ReviewCycleMonths);
        policy.SetAudience(description.Audience, groupIds);
        var signers = string.Join(" and ", new[] { policy.Audience == PolicyAudience.None ? null : AppliesToText(policy.Audience), groups.Count == 0 ? null : $"the groups {string.Join(", ", groups)}" }.OfType<string>());
        Record(policy, null, PolicyEventKind.DetailsChanged, principal,
            $"Details: {description.Category} policy, owner {owner ?? "none"}, reviewed every {policy.ReviewCycleMonths} months, {(signers.Length == 0 ? "in force with no signature required" : $"signed by {signers}")}.");
        await SaveAsync(cancellationToken);
    }

    /// <summary>
    /// Throws away the draft being prepared, with its comments and governors' views, in one save. A policy left with no
    /// text is retired (<see cref="Policy.DiscardDraft"/>): the answer says whether it was.
    /// </summary>
    public async Task<DiscardOutcome> DiscardDraftAsync(string slug, Guid stamp, Person principal, CancellationToken cancellationToken = default)
    {
        var policy = await LoadAsync(slug, cancellationToken);
        var draft = policy.OpenRevision ?? throw new DomainRuleException("This policy has no draft to discard.");
        RequireStamp(draft, stamp);
        var detail = $"Discarded version {draft.Version}, with {Count(draft.Comments.Count, "comment")} and {Count(draft.Reviews.Count, "governor's view", "governors' views")}.";
        policy.DiscardDraft(draft, Now);

        // Comments and views are kept from going by a restricting key, so they go explicitly, with the revision. The
        // audit trail stays: the database unlinks its entries from the revision, and their words still name the version.
        db.RevisionComments.RemoveRange(draft.Comments);
        db.RevisionReviews.RemoveRange(draft.Reviews);
        db.PolicyRevisions.Remove(draft);
        Record(policy, null, PolicyEventKind.DraftDiscarded, principal, detail);
        if (policy.IsRetired)
        {
            Record(policy, null, PolicyEventKind.Retired, principal, $"Retired '{policy.Title}': its only draft was discarded, so it has no text.");
        }

        await SaveAsync(cancellationToken);
        return new DiscardOutcome(policy.Title, draft.Version, policy.IsRetired);
    }

    /// <summary>Records a governor's view, and tells the Principal by email.</summary>
    public async Task RecordViewAsync(string slug, ReviewVerdict verdict, string? reason, Person governor, CancellationToken cancellationToken = default)
    {
        RevisionReview? view = null;
        await ChangeOpenRevisionAsync(slug, stamp: null, governor, PolicyEventKind.ViewRecorded, draft =>
        {
            view = draft.RecordView(governor, verdict, reason, Now);
            return view.Verdict == ReviewVerdict.ReadyForAdoption
                ? $"Version {draft.Version} is ready for adoption."
                : $"Version {draft.Version} needs changes: {view.Reason}";
        }, draft => TellPrincipalOfViewAsync(draft, view!, governor, cancellationToken), cancellationToken);
    }

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

        // Saved with the adoption, so each email goes once, and only if the adoption stands.
        var askedToSign = await AskToSignAsync(policy, revision, cancellationToken);
        await TellPrincipalOfAdoptionAsync(policy, revision, askedToSign, governor, cancellationToken);
        await SaveAsync(cancellationToken);
        logger.LogInformation("Policy {Slug} version {Version} adopted by {UserId}", slug, revision.Version, governor.UserId);
        return revision;
    }

    /// <summary>
    /// Records from the minutes that the governing body adopted an imported policy before the school used the portal. It
    /// comes into force when a governor confirms it (<see cref="ConfirmPriorAdoptionsAsync"/>).
    /// </summary>
    public async Task RecordPriorAdoptionAsync(string slug, Guid stamp, PriorAdoption adoption, Person principal, CancellationToken cancellationToken = default)
    {
        var policy = await LoadAsync(slug, cancellationToken);
        var draft = policy.OpenRevision ?? throw new DomainRuleException("This policy has no draft to record as adopted.");
        RequireStamp(draft, stamp);
        policy.RecordPriorAdoption(draft, adoption, principal, schoolTime.Today());
        Record(policy, draft, PolicyEventKind.PriorAdoptionRecorded, principal,
            $"Recorded that the governing body adopted version {draft.Version} at the meeting of {AdoptionRecord.DateText(adoption.MeetingDate)}, minute {draft.MinuteReference}, signed by {draft.SignedBy}; next review due {AdoptionRecord.DateText(adoption.NextReviewDue)}. A governor is to confirm it.");
        await SaveAsync(cancellationToken);
    }

    /// <summary>
    /// A governor confirms adoptions the Principal recorded from the minutes: each comes into force, and whoever must sign
    /// it is asked to. All or none: if one cannot be confirmed, nothing is, and the refusal names it.
    /// </summary>
    public async Task<IReadOnlyList<string>> ConfirmPriorAdoptionsAsync(IReadOnlyList<(string Slug, Guid Stamp)> chosen, Person governor, CancellationToken cancellationToken = default)
    {
        var confirmed = new List<string>();
        foreach (var (slug, stamp) in chosen)
        {
            var policy = await LoadAsync(slug, cancellationToken);
            var revision = policy.OpenRevision is { Status: RevisionStatus.AwaitingConfirmation } open
                ? open
                : throw new DomainRuleException($"'{policy.Title}' is no longer waiting for confirmation: look at the list again.");
            if (revision.ConcurrencyStamp != stamp)
            {
                throw new ConcurrencyConflictException($"The adoption of '{policy.Title}' was changed after you opened this page. Look at it again, then confirm.");
            }

            try
            {
                policy.ConfirmPriorAdoption(revision, governor, Now);
            }
            catch (DomainRuleException ex)
            {
                throw new DomainRuleException($"'{policy.Title}': {ex.Message}");
            }

            Record(policy, revision, PolicyEventKind.Adopted, governor,
                $"Confirmed that the governing body adopted version {revision.Version} at the meeting of {AdoptionRecord.DateText(revision.ReviewedOn!.Value)}, minute {revision.MinuteReference}, signed by {revision.SignedBy}: in force.");
            var askedToSign = await AskToSignAsync(policy, revision, cancellationToken);
            await TellPrincipalOfAdoptionAsync(policy, revision, askedToSign, governor, cancellationToken);
            confirmed.Add(policy.Title);
        }

        await SaveAsync(cancellationToken);
        return confirmed;
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
        return r => r.Status == RevisionStatus.Adopted && r.Policy.RetiredAtUtc == null && r.NextReviewDue != null && r.NextReviewDue <= horizon;
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <param name="tell">Puts the emails that tell of the change in the outbox, to be saved with it.</param>
    private async Task ChangeOpenRevisionAsync(string slug, Guid? stamp, Person actor, PolicyEventKind kind, Func<PolicyRevision, string> change, Func<PolicyRevision, Task>? tell, CancellationToken cancellationToken)
    {
        var policy = await LoadAsync(slug, cancellationToken);
        var revision = policy.OpenRevision ?? throw new DomainRuleException("This policy has no revision being prepared.");
        if (stamp is { } expected)
        {
            RequireStamp(revision, expected);
        }

        var detail = change(revision);
        Record(policy, revision, kind, actor, detail);
        if (tell is not null)
        {
            await tell(revision);
        }

        await SaveAsync(cancellationToken);
    }

    // Every governor but the sender is asked to read the revision and give a view on its review page.
    private async Task AskGovernorsForViewsAsync(PolicyRevision revision, Person sender, CancellationToken cancellationToken)
    {
        var policy = revision.Policy;
        var link = outbox.LinkTo(nameof(ReviewsController.Show), "Reviews", new { slug = policy.Slug });
        var again = revision.ReviewRound > 1;
        var subject = again
            ? $"Please review {policy.Title} again (version {revision.Version})"
            : $"Please review {policy.Title} (version {revision.Version})";
        var what = revision.ChangeKind switch
        {
            ChangeKind.Initial => "It is a new policy.",
            ChangeKind.Material => $"It is a material change: once adopted, everyone it applies to signs again.\n\nWhat changed: {revision.ChangeSummary}",
            _ => $"It is a minor change: once adopted, signatures of the version in force still count.\n\nWhat changed: {revision.ChangeSummary}",
        };
        var sent = again ? "has revised it after the governors' views and sent it back to you" : "has sent it to the governors for review";
        foreach (var (email, name) in await outbox.PeopleInRoleAsync(Roles.Governor, sender.UserId, cancellationToken))
        {
            outbox.Add(email, name, subject,
                $"Dear {name},\n\nVersion {revision.Version} of {policy.Title} is ready for your review: {sender.FullName} {sent}.\n\n{what}\n\n"
                + $"Please read it, compare it with the text in force and give your view: {link}\n");
        }
    }

    // The Principal, who prepares the revision, hears each governor's view and where to read it beside the others.
    private async Task TellPrincipalOfViewAsync(PolicyRevision revision, RevisionReview view, Person governor, CancellationToken cancellationToken)
    {
        var policy = revision.Policy;
        var link = outbox.LinkTo(nameof(DraftsController.Edit), "Drafts", new { slug = policy.Slug });
        var (subject, said) = view.Verdict == ReviewVerdict.ChangesNeeded
            ? ($"Please revise {policy.Title}: {governor.FullName} asks for changes", $"asks for changes to version {revision.Version} of {policy.Title}:\n\n{view.Reason}")
            : ($"For information: {governor.FullName} finds {policy.Title} ready for adoption", $"finds version {revision.Version} of {policy.Title} ready for adoption.");
        foreach (var (email, name) in await outbox.PeopleInRoleAsync(Roles.Principal, governor.UserId, cancellationToken))
        {
            outbox.Add(email, name, subject,
                $"Dear {name},\n\n{governor.FullName} {said}\n\nEvery governor's view and comment is on the draft's page: {link}\n");
        }
    }

    // A version that asks for new signatures (a new policy, or a material change) is announced at once to everyone still
    // to sign it. A minor change asks nobody: the signatures before it still count, and reminders chase anyone missing.
    // Someone who has never set a password is sent a new invitation naming the policy instead, as reminders do.
    private async Task<int> AskToSignAsync(Policy policy, PolicyRevision revision, CancellationToken cancellationToken)
    {
        if (revision.SignaturesValidFromSequence != revision.Sequence)
        {
            return 0;
        }

        var roles = await RoleIds.ReadAsync(db, cancellationToken);
        var people = await StillToSign.People(db, roles, policy.Id, policy.Audience, revision.Sequence)
            .Select(u => new { u.Id, u.Email, u.FullName, HasSignedIn = u.PasswordHash != null || u.SchoolAccountLinkedAtUtc != null })
            .ToListAsync(cancellationToken);
        var invited = people.Where(p => !p.HasSignedIn).Select(p => p.Id).ToList();
        foreach (var account in invited.Count == 0 ? [] : await db.Users.Where(u => invited.Contains(u.Id)).ToListAsync(cancellationToken))
        {
            await invitations.AddRenewalToOutboxAsync(account, [(policy.Slug, policy.Title, revision.Version)], Person.Portal);
        }

        var link = outbox.LinkTo(nameof(PoliciesController.Show), "Policies", new { slug = policy.Slug }, fragment: "sign");
        var subject = $"Please read and sign: {policy.Title} (version {revision.Version})";
        var inForce = $"in force from {AdoptionRecord.DateText(revision.EffectiveFrom!.Value)}";
        var what = revision.ChangeKind == ChangeKind.Initial
            ? $"The governing body has adopted a new policy, {policy.Title}, {inForce}."
            : $"The governing body has adopted version {revision.Version} of {policy.Title}, {inForce}. It is a material change, so everyone it applies to is asked to sign this version, even if they signed an earlier one.\n\nWhat changed: {revision.ChangeSummary}";
        foreach (var person in people.Where(p => p.HasSignedIn))
        {
            outbox.Add(person.Email!, person.FullName, subject,
                $"Dear {person.FullName},\n\n{what}\n\nPlease read it and sign it. This link opens the policy at its sign form; read the text above the form first: {link}\n");
        }

        return people.Count;
    }

    // The Principal hears of every adoption, and where to follow who has signed.
    private async Task TellPrincipalOfAdoptionAsync(Policy policy, PolicyRevision revision, int askedToSign, Person governor, CancellationToken cancellationToken)
    {
        var link = outbox.LinkTo(nameof(ComplianceController.Show), "Compliance", new { slug = policy.Slug });
        var asksNew = revision.SignaturesValidFromSequence == revision.Sequence;
        var subject = asksNew
            ? $"See who has signed {policy.Title}: version {revision.Version} is in force"
            : $"For information: version {revision.Version} of {policy.Title} is in force";
        var signing = !asksNew ? "It is a minor change, so signatures of the version before still count and nobody is asked to sign again."
            : askedToSign == 1 ? "1 person is asked to sign it and has been sent an email."
            : $"{askedToSign} people are asked to sign it and have each been sent an email.";
        foreach (var (email, name) in await outbox.PeopleInRoleAsync(Roles.Principal, governor.UserId, cancellationToken))
        {
            outbox.Add(email, name, subject,
                $"Dear {name},\n\n{governor.FullName} has recorded the governing body's adoption of version {revision.Version} of {policy.Title} "
                + $"(meeting of {AdoptionRecord.DateText(revision.ReviewedOn!.Value)}, minute {revision.MinuteReference}), in force from {AdoptionRecord.DateText(revision.EffectiveFrom!.Value)}.\n\n"
                + $"{signing}\n\nThe sign-off page shows who has signed: {link}\n");
        }
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
            .Include(p => p.AudienceGroups)
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

    private static string Count(int count, string one, string? many = null) =>
        count == 1 ? $"1 {one}" : $"{count} {many ?? one + "s"}";

    /// <summary>Whom a new policy applies to, in the school's words, from who must sign it; none for a policy nobody signs.</summary>
    internal static List<string> AppliesToFor(PolicyAudience audience) => audience switch
    {
        PolicyAudience.Staff => ["all staff"],
        PolicyAudience.Governors => ["governors"],
        PolicyAudience.StaffAndGovernors => ["all staff", "governors"],
        _ => [],
    };

    private static string AppliesToText(PolicyAudience audience) => string.Join(" and ", AppliesToFor(audience));
}

public sealed class PolicyNotFoundException(string slug) : RecordNotFoundException($"There is no policy '{slug}'.");
