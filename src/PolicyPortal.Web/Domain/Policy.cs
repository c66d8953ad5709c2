namespace PolicyPortal.Web.Domain;

/// <summary>A school policy. Its text lives in revisions: at most one in force, and at most one being prepared.</summary>
public class Policy
{
    public const int TitleMaxLength = 200;
    public const string DefaultAdoptedBy = "Governing Body";

    private readonly List<PolicyRevision> _revisions = [];
    private readonly List<PolicyGroup> _audienceGroups = [];

    private Policy()
    {
        Slug = Title = string.Empty;
    }

    public Policy(
        string slug,
        string title,
        PolicyAudience audience,
        IEnumerable<string> appliesTo,
        IEnumerable<string> relatedPolicies,
        int reviewCycleMonths = AdoptionRecord.DefaultReviewCycleMonths)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            throw new DomainRuleException("Give the policy a title.");
        }

        if (!PolicySlug.IsValid(slug))
        {
            throw new DomainRuleException($"'{slug}' is not a valid address: use lower-case letters, digits and single hyphens.");
        }

        if (title.Trim().Length > TitleMaxLength)
        {
            throw new DomainRuleException($"A title can be at most {TitleMaxLength} characters.");
        }

        if (reviewCycleMonths is < 1 or > 120)
        {
            throw new DomainRuleException("The review cycle must be between 1 and 120 months.");
        }

        Slug = slug;
        Title = title.Trim();
        Audience = audience;
        AppliesTo = [.. appliesTo];
        RelatedPolicies = [.. relatedPolicies];
        ReviewCycleMonths = reviewCycleMonths;
    }

    public int Id { get; private set; }

    /// <summary>The policy's name in its address, e.g. <c>personal-use-of-social-media</c>.</summary>
    public string Slug { get; private set; }

    public string Title { get; private set; }

    /// <summary>
    /// The roles that must sign the policy. Members of <see cref="AudienceGroups"/> must sign it too; with neither, the
    /// policy is in force and nobody is asked to sign it.
    /// </summary>
    public PolicyAudience Audience { get; private set; }

    /// <summary>The groups whose members must sign the policy, whatever their roles.</summary>
    public IReadOnlyCollection<PolicyGroup> AudienceGroups => _audienceGroups;

    public PolicyCategory Category { get; private set; }

    /// <summary>The person responsible for keeping the policy up to date, if one is named.</summary>
    public string? OwnerUserId { get; private set; }

    /// <summary>When the policy was retired: it is no longer in force for anyone, but its history and signatures stay.</summary>
    public DateTime? RetiredAtUtc { get; private set; }

    public bool IsRetired => RetiredAtUtc is not null;

    /// <summary>The groups the policy text says it applies to, in the school's words.</summary>
    public List<string> AppliesTo { get; private set; } = [];

    /// <summary>Other policies the text refers to.</summary>
    public List<string> RelatedPolicies { get; private set; } = [];

    /// <summary>How often the governing body reviews the policy; applied to each revision it adopts.</summary>
    public int ReviewCycleMonths { get; private set; } = AdoptionRecord.DefaultReviewCycleMonths;

    public IReadOnlyCollection<PolicyRevision> Revisions => _revisions;

    /// <summary>Who must sign from now on. Signatures already given stay; nobody is asked again because of this change.</summary>
    public void SetAudience(PolicyAudience audience, IEnumerable<int> groupIds)
    {
        Audience = audience;
        var chosen = groupIds.ToHashSet();
        _audienceGroups.RemoveAll(g => !chosen.Contains(g.GroupId));
        _audienceGroups.AddRange(chosen.Except(_audienceGroups.Select(g => g.GroupId)).Order().Select(id => new PolicyGroup(id)));
    }

    public void Describe(PolicyCategory category, string? ownerUserId, int reviewCycleMonths)
    {
        if (reviewCycleMonths is < 1 or > 120)
        {
            throw new InvalidDetailsException([new FieldProblem(nameof(ReviewCycleMonths), "The review cycle must be between 1 and 120 months.")]);
        }

        Category = category;
        OwnerUserId = string.IsNullOrEmpty(ownerUserId) ? null : ownerUserId;
        ReviewCycleMonths = reviewCycleMonths;
    }

    /// <summary>
    /// Records from the minutes that the governing body adopted the draft before the school used the portal. Only a
    /// policy's first text can be recorded so; a later one goes to the governors for review.
    /// </summary>
    public void RecordPriorAdoption(PolicyRevision draft, PriorAdoption adoption, Person recordedBy, DateOnly today)
    {
        if (!_revisions.Contains(draft))
        {
            throw new DomainRuleException("That revision belongs to another policy.");
        }

        if (_revisions.Count > 1)
        {
            throw new DomainRuleException("Only a policy's first text can be recorded as already adopted. A new version goes to the governors for review.");
        }

        draft.RecordPriorAdoption(adoption, recordedBy, today);
        ReviewCycleMonths = adoption.ReviewCycleMonths;
    }

    /// <summary>A governor confirms an adoption recorded by the Principal: the text comes into force.</summary>
    public void ConfirmPriorAdoption(PolicyRevision revision, Person governor, DateTime atUtc)
    {
        if (!_revisions.Contains(revision))
        {
            throw new DomainRuleException("That revision belongs to another policy.");
        }

        revision.ConfirmPriorAdoption(governor, atUtc);
    }

    /// <summary>
    /// Throws away a draft started by mistake, with its comments and views. Adopted texts are evidence and are never
    /// discarded; a revision with the governors is taken back into draft first. A policy left with no text at all (a new
    /// policy's first draft, an import made by mistake) is retired: its audit trail stays, under Retired.
    /// </summary>
    public void DiscardDraft(PolicyRevision draft, DateTime atUtc)
    {
        if (!_revisions.Contains(draft))
        {
            throw new DomainRuleException("That revision belongs to another policy.");
        }

        if (draft.Status != RevisionStatus.Draft)
        {
            throw new DomainRuleException(draft.IsImmutable
                ? $"Version {draft.Version} has been adopted, so it cannot be discarded."
                : $"Version {draft.Version} is not a draft. Take it back into draft first, then discard it.");
        }

        _revisions.Remove(draft);
        if (_revisions.Count == 0)
        {
            RetiredAtUtc = atUtc;
        }
    }

    /// <summary>The policy no longer applies: nobody is asked to sign it and it leaves the compliance figures, but its history stays readable.</summary>
    public void Retire(DateTime atUtc)
    {
        if (IsRetired)
        {
            throw new DomainRuleException($"'{Title}' is already retired.");
        }

        if (OpenRevision is { } open)
        {
            throw new DomainRuleException($"Version {open.Version} is being prepared. Discard it or finish it before retiring the policy.");
        }

        RetiredAtUtc = atUtc;
    }

    public void Restore()
    {
        if (!IsRetired)
        {
            throw new DomainRuleException($"'{Title}' is not retired.");
        }

        RetiredAtUtc = null;
    }

    /// <summary>The revision in force, if the governing body has adopted one.</summary>
    public PolicyRevision? CurrentRevision => _revisions.SingleOrDefault(r => r.Status == RevisionStatus.Adopted);

    /// <summary>The revision being prepared or reviewed, if there is one.</summary>
    public PolicyRevision? OpenRevision => _revisions.SingleOrDefault(r => r.IsOpen);

    /// <summary>Adds a revision that was adopted outside the portal, such as seed content imported from a Word document.</summary>
    public PolicyRevision AddAdoptedRevision(string version, string body, AdoptionRecord adoption, DateTime createdAtUtc)
    {
        if (_revisions.Any(r => r.Version == version))
        {
            throw new DomainRuleException($"Version {version} of '{Title}' already exists.");
        }

        CurrentRevision?.Supersede();
        var revision = PolicyRevision.Adopted(this, NextSequence(), version, body, adoption, createdAtUtc);
        _revisions.Add(revision);
        return revision;
    }

    /// <summary>Starts the next revision from the text in force (or from <paramref name="body"/> for a new policy).</summary>
    public PolicyRevision StartDraft(DateTime createdAtUtc, string? body = null)
    {
        if (OpenRevision is { } open)
        {
            throw new DomainRuleException($"Version {open.Version} is already being prepared. Finish or revise it rather than starting another.");
        }

        var current = CurrentRevision;
        var kind = current is null ? ChangeKind.Initial : ChangeKind.Minor;
        var draft = PolicyRevision.NewDraft(this, NextSequence(), body ?? current?.Body ?? string.Empty, kind, current?.ProvidedBy, createdAtUtc);
        _revisions.Add(draft);
        return draft;
    }

    /// <summary>
    /// The governing body adopts the revision in review: it comes into force and the one before is superseded.
    /// After a minor change, signatures of the text before still count; after a material one, everyone signs again.
    /// </summary>
    /// <param name="today">The school's date today: a decision cannot be dated later, nor come into force later, than today.</param>
    /// <param name="recordedBy">The governor recording the decision; not the person who submitted the revision.</param>
    public PolicyRevision Adopt(PolicyRevision revision, AdoptionDecision decision, Person recordedBy, DateOnly today, DateTime atUtc)
    {
        if (!_revisions.Contains(revision))
        {
            throw new DomainRuleException("That revision belongs to another policy.");
        }

        if (revision.Status != RevisionStatus.InReview)
        {
            throw new DomainRuleException(revision.Status == RevisionStatus.Draft
                ? $"Version {revision.Version} is a draft: it must go to the governors for review before it can be adopted."
                : $"Version {revision.Version} has already been adopted.");
        }

        // Separation of duties by person, not only by role: an account holding both roles cannot prepare and adopt.
        if (revision.SubmittedByUserId == recordedBy.UserId)
        {
            throw new DomainRuleException("You submitted this revision for review, so another governor must record its adoption.");
        }

        var previous = CurrentRevision;
        var problems = new List<FieldProblem>();
        if (string.IsNullOrWhiteSpace(decision.MinuteReference))
        {
            problems.Add(new(nameof(decision.MinuteReference), "Enter the minute reference."));
        }

        if (string.IsNullOrWhiteSpace(decision.SignedBy))
        {
            problems.Add(new(nameof(decision.SignedBy), "Enter who signed for the governing body."));
        }

        // Checked as a clerk would check the minutes: a meeting not yet held, or one before the policy's last adoption or
        // review, is a mistyped date.
        if (decision.MeetingDate > today)
        {
            problems.Add(new(nameof(decision.MeetingDate), "The meeting date is in the future. Record the adoption after the governing body has met."));
        }
        else if (previous?.LastAdoptedOrReviewed is { } last && decision.MeetingDate < last.On)
        {
            problems.Add(new(nameof(decision.MeetingDate), $"The meeting date is before this policy's last adoption or review, {last.Text}. Check the date in the minutes."));
        }

        if (decision.EffectiveFrom < decision.MeetingDate)
        {
            problems.Add(new(nameof(decision.EffectiveFrom), "A revision cannot come into force before the meeting that adopted it."));
        }
        else if (decision.EffectiveFrom > today)
        {
            // The portal brings a revision into force when its adoption is recorded, so it is recorded on the day it takes effect.
            problems.Add(new(nameof(decision.EffectiveFrom), $"Version {revision.Version} comes into force on {AdoptionRecord.DateText(decision.EffectiveFrom)}. Record the adoption on that day, so that staff are not asked to sign it before then."));
        }

        if (problems.Count > 0)
        {
            throw new InvalidDetailsException(problems);
        }

        var signaturesValidFrom = revision.ChangeKind == ChangeKind.Minor && previous?.SignaturesValidFromSequence is { } carried
            ? carried
            : revision.Sequence;
        var adoptedBy = previous?.AdoptedBy ?? DefaultAdoptedBy;

        // Adopted first: a text that cannot be adopted leaves the one in force as it was.
        revision.MarkAdopted(decision, adoptedBy, signaturesValidFrom, ReviewCycleMonths, atUtc);
        previous?.Supersede();
        return revision;
    }

    private int NextSequence() => _revisions.Count == 0 ? 1 : _revisions.Max(r => r.Sequence) + 1;
}
