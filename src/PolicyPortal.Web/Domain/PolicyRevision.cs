using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using PolicyPortal.Web.Services;

namespace PolicyPortal.Web.Domain;

/// <summary>
/// One version of a policy's text. It moves Draft → InReview → Adopted → Superseded, never skipping review; only a
/// draft's text can change, and once adopted its text and adoption record never change.
/// </summary>
public class PolicyRevision
{
    public const int VersionMaxLength = 20;
    public const int ChangeSummaryMaxLength = 2000;

    public const int ProvidedByMaxLength = 300;
    public const int BodyMaxLength = 200_000;

    private readonly List<RevisionReview> _reviews = [];
    private readonly List<RevisionComment> _comments = [];
    private readonly List<RevisionAttachment> _attachments = [];

    private PolicyRevision()
    {
        Version = Body = BodySha256 = string.Empty;
    }

    public int Id { get; private set; }

    public int PolicyId { get; private set; }

    public Policy Policy { get; private set; } = null!;

    /// <summary>1 for the policy's first revision, then 2, 3 ...: the order revisions were started in.</summary>
    public int Sequence { get; private set; }

    /// <summary>The version label, e.g. <c>1.0</c>.</summary>
    public string Version { get; private set; }

    /// <summary>The policy text as Markdown, with line endings normalised to LF.</summary>
    public string Body { get; private set; }

    /// <summary>
    /// The fingerprint a signature refers to, as lower-case hex SHA-256: of <see cref="Body"/> as UTF-8 when the revision has
    /// no attachments, and otherwise of the text followed by each attachment's name and SHA-256 (<see cref="FingerprintOf"/>),
    /// so that changing one image changes it.
    /// </summary>
    public string BodySha256 { get; private set; }

    public RevisionStatus Status { get; private set; }

    public ChangeKind ChangeKind { get; private set; }

    /// <summary>What changed and why, for governors and for staff asked to sign again.</summary>
    public string? ChangeSummary { get; private set; }

    /// <summary>
    /// Signatures of this policy's revisions from this sequence number on count as signatures of this one: its own
    /// sequence after a material change, the previous revision's value after a minor one. Set when adopted.
    /// </summary>
    public int? SignaturesValidFromSequence { get; private set; }

    /// <summary>How many times the revision has been submitted for review; views and comments belong to a round.</summary>
    public int ReviewRound { get; private set; }

    /// <summary>Who last sent the revision to the governors: they may not also record its adoption.</summary>
    public string? SubmittedByUserId { get; private set; }

    /// <summary>Changes on every edit or change of state, so two people saving the same draft cannot overwrite each other.</summary>
    public Guid ConcurrencyStamp { get; private set; } = Guid.NewGuid();

    public DateTime CreatedAtUtc { get; private set; }

    public string? AdoptedBy { get; private set; }

    public string? AdoptionNote { get; private set; }

    /// <summary>Date of adoption or of the last review.</summary>
    public DateOnly? ReviewedOn { get; private set; }

    public DatePrecision ReviewedOnPrecision { get; private set; }

    public string? SignedBy { get; private set; }

    public string? ProvidedBy { get; private set; }

    public string? MinuteReference { get; private set; }

    public DateOnly? EffectiveFrom { get; private set; }

    public DateTime? AdoptedAtUtc { get; private set; }

    public int ReviewCycleMonths { get; private set; } = AdoptionRecord.DefaultReviewCycleMonths;

    /// <summary>
    /// When the governing body last adopted or reviewed this text, and how the date reads ("on 20 November 2026", or "in
    /// January 2016" for an adoption recorded only by its month): a later adoption or review cannot be dated before it.
    /// </summary>
    public (DateOnly On, string Text)? LastAdoptedOrReviewed =>
        LastReviewedWithoutChangeOn is { } review ? (review, $"on {AdoptionRecord.DateText(review)}")
        : ReviewedOn is not { } adopted ? null
        : (adopted, $"{(ReviewedOnPrecision == DatePrecision.Month ? "in" : "on")} {AdoptionRecord.DateText(adopted, ReviewedOnPrecision)}");

    /// <summary>The latest annual review that changed nothing, kept apart from the adoption record, which never changes.</summary>
    public DateOnly? LastReviewedWithoutChangeOn { get; private set; }

    public string? LastReviewMinuteReference { get; private set; }

    public DateOnly? NextReviewDue { get; private set; }

    public IReadOnlyCollection<RevisionReview> Reviews => _reviews;

    public IReadOnlyCollection<RevisionComment> Comments => _comments;

    /// <summary>The images the text shows, in file-name order.</summary>
    public IReadOnlyCollection<RevisionAttachment> Attachments => _attachments;

    public bool IsImmutable => Status is RevisionStatus.Adopted or RevisionStatus.Superseded;

    public bool IsOpen => Status is RevisionStatus.Draft or RevisionStatus.InReview or RevisionStatus.AwaitingConfirmation;

    internal static PolicyRevision Adopted(Policy policy, int sequence, string version, string body, AdoptionRecord adoption, DateTime createdAtUtc)
    {
        CheckVersion(version);
        ArgumentException.ThrowIfNullOrWhiteSpace(body);
        if (adoption.ReviewCycleMonths is < 1 or > 120)
        {
            throw new ArgumentOutOfRangeException(nameof(adoption), "The review cycle must be between 1 and 120 months.");
        }

        var revision = new PolicyRevision
        {
            Policy = policy,
            Sequence = sequence,
            Version = version,
            Status = RevisionStatus.Adopted,
            ChangeKind = ChangeKind.Initial,
            SignaturesValidFromSequence = sequence,
            CreatedAtUtc = createdAtUtc,
            AdoptedAtUtc = createdAtUtc,
            AdoptedBy = adoption.AdoptedBy,
            AdoptionNote = adoption.AdoptionNote,
            ReviewedOn = adoption.ReviewedOn,
            ReviewedOnPrecision = adoption.ReviewedOnPrecision,
            SignedBy = adoption.SignedBy,
            ProvidedBy = adoption.ProvidedBy,
            ReviewCycleMonths = adoption.ReviewCycleMonths,
            NextReviewDue = adoption.NextReviewDue,
        };
        revision.SetBody(body);
        return revision;
    }

    internal static PolicyRevision NewDraft(Policy policy, int sequence, string body, ChangeKind kind, string? providedBy, DateTime createdAtUtc)
    {
        var draft = new PolicyRevision
        {
            Policy = policy,
            Sequence = sequence,
            Status = RevisionStatus.Draft,
            ChangeKind = kind,
            Version = VersionAfter(policy.CurrentRevision?.Version, kind),
            ProvidedBy = providedBy,
            CreatedAtUtc = createdAtUtc,
        };

        // The next revision starts from the text in force, images included; their bytes are shared, not copied. That text is
        // taken as it is, even one the portal cannot show, so that it can be put right.
        var inForce = policy.CurrentRevision is { } current && body == current.Body ? current : null;
        if (inForce is not null)
        {
            draft._attachments.AddRange(inForce._attachments.Select(a => new RevisionAttachment(a.FileName, a.ContentType, a.Sha256, a.Length)));
        }

        draft.SetBody(body, checkRenders: inForce is null);
        return draft;
    }

    /// <summary>Changes a draft's text, its change summary and whether the change is minor or material.</summary>
    public void Edit(string body, string? changeSummary, ChangeKind kind)
    {
        RequireStatus(RevisionStatus.Draft, "edited");
        if (kind == ChangeKind.Initial && Policy.CurrentRevision is not null)
        {
            throw new DomainRuleException("A policy already in force changes by a minor or a material revision.");
        }

        if (kind != ChangeKind.Initial && Policy.CurrentRevision is null)
        {
            throw new DomainRuleException("A policy's first text is version 1.0; it is neither a minor nor a material change.");
        }

        if (changeSummary?.Length > ChangeSummaryMaxLength)
        {
            throw new DomainRuleException($"The change summary can be at most {ChangeSummaryMaxLength} characters.");
        }

        SetBody(body);
        ChangeSummary = string.IsNullOrWhiteSpace(changeSummary) ? null : changeSummary.Trim();
        ChangeKind = kind;
        Version = VersionAfter(Policy.CurrentRevision?.Version, kind);
        Touch();
    }

    /// <summary>
    /// Who wrote or supplied the draft's text, as its adoption record will say: a text the school has changed should no
    /// longer claim to be its supplier's. Blank for none.
    /// </summary>
    public void SetProvidedBy(string? providedBy)
    {
        RequireStatus(RevisionStatus.Draft, "edited");
        var trimmed = string.IsNullOrWhiteSpace(providedBy) ? null : providedBy.Trim();
        if (trimmed?.Length > ProvidedByMaxLength)
        {
            throw new InvalidDetailsException([new FieldProblem(nameof(ProvidedBy), $"\"Provided by\" can be at most {ProvidedByMaxLength} characters.")]);
        }

        ProvidedBy = trimmed;
        Touch();
    }

    /// <summary>Images at most, per revision, and bytes at most per image.</summary>
    public const int MaxAttachments = 50;

    public const int MaxAttachmentBytes = 10 * 1024 * 1024;

    /// <summary>
    /// Replaces the draft's images, as when a Word document is imported into it. Returns their contents, which the caller
    /// stores unless a revision already holds the same bytes.
    /// </summary>
    public IReadOnlyList<AttachmentContent> ReplaceAttachments(IReadOnlyList<NewAttachment> attachments)
    {
        RequireStatus(RevisionStatus.Draft, "edited");
        if (attachments.Count > MaxAttachments)
        {
            throw new DomainRuleException($"A policy can show at most {MaxAttachments} images.");
        }

        if (attachments.Select(a => a.FileName).Distinct(StringComparer.OrdinalIgnoreCase).Count() != attachments.Count)
        {
            throw new DomainRuleException("Two images have the same name.");
        }

        var contents = new List<AttachmentContent>();
        var replaced = new List<RevisionAttachment>();
        foreach (var attachment in attachments)
        {
            if (!RevisionAttachment.IsValidFileName(attachment.FileName))
            {
                throw new DomainRuleException($"'{attachment.FileName}' cannot name an image: use letters, digits, hyphens and one full stop.");
            }

            if (!RevisionAttachment.ContentTypes.Contains(attachment.ContentType))
            {
                throw new DomainRuleException($"'{attachment.FileName}' is not a PNG, JPEG or GIF image.");
            }

            if (attachment.Content.Length is 0 or > MaxAttachmentBytes)
            {
                throw new DomainRuleException($"'{attachment.FileName}' is empty or larger than {MaxAttachmentBytes / 1024 / 1024} MB.");
            }

            var content = new AttachmentContent(attachment.Content);
            contents.Add(content);
            replaced.Add(new RevisionAttachment(attachment.FileName, attachment.ContentType, content.Sha256, attachment.Content.Length));
        }

        _attachments.Clear();
        _attachments.AddRange(replaced.OrderBy(a => a.FileName, StringComparer.Ordinal));
        BodySha256 = FingerprintOf(Body, _attachments);
        Touch();
        return contents;
    }

    /// <summary>
    /// Records, from the minutes, that the governing body adopted this text before the school used the portal. A governor
    /// other than <paramref name="recordedBy"/> must confirm it before it comes into force.
    /// </summary>
    internal void RecordPriorAdoption(PriorAdoption adoption, Person recordedBy, DateOnly today)
    {
        RequireStatus(RevisionStatus.Draft, "recorded as adopted");
        if (string.IsNullOrWhiteSpace(Body))
        {
            throw new DomainRuleException("An empty draft cannot be recorded as adopted.");
        }

        RequireRenderable("recorded as adopted");

        var problems = new List<FieldProblem>();
        if (adoption.MeetingDate > today)
        {
            problems.Add(new(nameof(adoption.MeetingDate), "The meeting date is in the future. An adoption already made has a date on or before today."));
        }

        if (string.IsNullOrWhiteSpace(adoption.MinuteReference))
        {
            problems.Add(new(nameof(adoption.MinuteReference), "Enter the minute reference."));
        }
        else if (adoption.MinuteReference.Trim().Length > 200)
        {
            problems.Add(new(nameof(adoption.MinuteReference), "The minute reference can be at most 200 characters."));
        }

        if (string.IsNullOrWhiteSpace(adoption.SignedBy))
        {
            problems.Add(new(nameof(adoption.SignedBy), "Enter who signed for the governing body."));
        }
        else if (adoption.SignedBy.Trim().Length > 200)
        {
            problems.Add(new(nameof(adoption.SignedBy), "\"Signed by\" can be at most 200 characters."));
        }

        if (adoption.ProvidedBy?.Trim().Length > ProvidedByMaxLength)
        {
            problems.Add(new(nameof(adoption.ProvidedBy), $"\"Provided by\" can be at most {ProvidedByMaxLength} characters."));
        }

        if (adoption.ReviewCycleMonths is < 1 or > 120)
        {
            problems.Add(new(nameof(adoption.ReviewCycleMonths), "The review cycle must be between 1 and 120 months."));
        }

        if (adoption.NextReviewDue <= adoption.MeetingDate)
        {
            problems.Add(new(nameof(adoption.NextReviewDue), "The next review must come after the meeting that adopted the policy."));
        }

        if (problems.Count > 0)
        {
            throw new InvalidDetailsException(problems);
        }

        Status = RevisionStatus.AwaitingConfirmation;
        SubmittedByUserId = recordedBy.UserId;
        AdoptedBy = Policy.DefaultAdoptedBy;
        ReviewedOn = adoption.MeetingDate;
        ReviewedOnPrecision = DatePrecision.Day;
        EffectiveFrom = adoption.MeetingDate;
        MinuteReference = adoption.MinuteReference.Trim();
        SignedBy = adoption.SignedBy.Trim();
        ProvidedBy = string.IsNullOrWhiteSpace(adoption.ProvidedBy) ? null : adoption.ProvidedBy.Trim();
        ReviewCycleMonths = adoption.ReviewCycleMonths;
        NextReviewDue = adoption.NextReviewDue;
        Touch();
    }

    /// <summary>A governor confirms the adoption the Principal recorded: the text comes into force as it was adopted.</summary>
    internal void ConfirmPriorAdoption(Person governor, DateTime atUtc)
    {
        RequireStatus(RevisionStatus.AwaitingConfirmation, "confirmed");
        if (governor.UserId == SubmittedByUserId)
        {
            throw new DomainRuleException("You recorded this adoption, so another governor must confirm it.");
        }

        RequireRenderable("confirmed");

        Status = RevisionStatus.Adopted;
        AdoptedAtUtc = atUtc;
        SignaturesValidFromSequence = Sequence;
        Touch();
    }

    /// <summary>Sends a draft to the governors. A change to a policy in force must say what changed.</summary>
    public void Submit(Person submitter)
    {
        RequireStatus(RevisionStatus.Draft, "submitted for review");
        if (string.IsNullOrWhiteSpace(Body))
        {
            throw new DomainRuleException("An empty draft cannot be submitted for review.");
        }

        if (Policy.CurrentRevision is { } current && current.BodySha256 == BodySha256)
        {
            throw new DomainRuleException("The draft's text is the same as the text in force, so there is nothing for the governors to review. Change the text first.");
        }

        if (ChangeKind != ChangeKind.Initial && ChangeSummary is null)
        {
            throw new DomainRuleException("Write a change summary before submitting: governors and staff need to know what changed.");
        }

        RequireRenderable("submitted for review");

        Status = RevisionStatus.InReview;
        SubmittedByUserId = submitter.UserId;
        ReviewRound++;
        Touch();
    }

    /// <summary>Takes a revision back from review so the Principal can revise it; it must be submitted again.</summary>
    public void ReturnToDraft()
    {
        if (Status == RevisionStatus.AwaitingConfirmation)
        {
            // The recorded adoption was wrong or the text needs changing: both are entered again.
            Status = RevisionStatus.Draft;
            AdoptedBy = SignedBy = MinuteReference = SubmittedByUserId = null;
            ReviewedOn = EffectiveFrom = NextReviewDue = null;
            Touch();
            return;
        }

        RequireStatus(RevisionStatus.InReview, "returned to draft");
        Status = RevisionStatus.Draft;
        Touch();
    }

    public RevisionReview RecordView(Person governor, ReviewVerdict verdict, string? reason, DateTime atUtc)
    {
        RequireStatus(RevisionStatus.InReview, "reviewed");
        if (verdict == ReviewVerdict.ChangesNeeded && string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainRuleException("Say which changes are needed.");
        }

        if (reason?.Length > RevisionReview.ReasonMaxLength)
        {
            throw new DomainRuleException($"A reason can be at most {RevisionReview.ReasonMaxLength} characters.");
        }

        var review = new RevisionReview(this, governor, verdict, reason, atUtc);
        _reviews.Add(review);
        return review;
    }

    public RevisionComment AddComment(Person author, string text, DateTime atUtc)
    {
        RequireStatus(RevisionStatus.InReview, "commented on");
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new DomainRuleException("Write a comment before sending it.");
        }

        if (text.Length > RevisionComment.TextMaxLength)
        {
            throw new DomainRuleException($"A comment can be at most {RevisionComment.TextMaxLength} characters.");
        }

        var comment = new RevisionComment(this, author, text, atUtc);
        _comments.Add(comment);
        return comment;
    }

    /// <summary>Each governor's latest view in the current review round.</summary>
    public IReadOnlyList<RevisionReview> CurrentViews() =>
        [.. _reviews.Where(r => r.Round == ReviewRound)
            .GroupBy(r => r.GovernorUserId)
            .Select(g => g.OrderBy(r => r.RecordedAtUtc).ThenBy(r => r.Id).Last())
            .OrderBy(r => r.GovernorName, StringComparer.Ordinal)];

    internal void MarkAdopted(AdoptionDecision decision, string adoptedBy, int signaturesValidFrom, int reviewCycleMonths, DateTime atUtc)
    {
        RequireStatus(RevisionStatus.InReview, "adopted");
        RequireRenderable("adopted");
        Status = RevisionStatus.Adopted;
        AdoptedBy = adoptedBy;
        AdoptionNote = null;
        ReviewedOn = decision.MeetingDate;
        ReviewedOnPrecision = DatePrecision.Day;
        SignedBy = decision.SignedBy.Trim();
        MinuteReference = decision.MinuteReference.Trim();
        EffectiveFrom = decision.EffectiveFrom;
        AdoptedAtUtc = atUtc;
        ReviewCycleMonths = reviewCycleMonths;
        NextReviewDue = decision.MeetingDate.AddMonths(reviewCycleMonths);
        SignaturesValidFromSequence = signaturesValidFrom;
        Touch();
    }

    internal void Supersede()
    {
        RequireStatus(RevisionStatus.Adopted, "superseded");
        Status = RevisionStatus.Superseded;
        Touch();
    }

    /// <summary>
    /// The annual review found nothing to change: the review is dated and the next one moves on, with no new version and
    /// nobody asked to sign again. The text and its adoption record stay exactly as they are.
    /// </summary>
    public void RecordReviewWithoutChange(DateOnly reviewedOn, string minuteReference, DateOnly today)
    {
        RequireStatus(RevisionStatus.Adopted, "reviewed without change");

        // As for an adoption: a review not yet held cannot be recorded, and the next review is counted from this one.
        var problems = new List<FieldProblem>();
        if (reviewedOn > today)
        {
            problems.Add(new(nameof(ReviewedOn), "The review date is in the future. Record the review after the governing body has met."));
        }
        else if (LastAdoptedOrReviewed is { } last && reviewedOn < last.On)
        {
            problems.Add(new(nameof(ReviewedOn), $"The review date is before this policy's last adoption or review, {last.Text}. Check the date in the minutes."));
        }

        if (string.IsNullOrWhiteSpace(minuteReference))
        {
            problems.Add(new(nameof(MinuteReference), "Enter the minute reference of the review."));
        }

        if (problems.Count > 0)
        {
            throw new InvalidDetailsException(problems);
        }

        LastReviewedWithoutChangeOn = reviewedOn;
        LastReviewMinuteReference = minuteReference.Trim();
        NextReviewDue = reviewedOn.AddMonths(ReviewCycleMonths);
        Touch();
    }

    /// <summary>
    /// Records that <paramref name="signer"/> read and signed this text. The hash is the one of the text the person was shown:
    /// if it is not this revision's, the person read something else and nothing may be recorded.
    /// </summary>
    public Acknowledgement Acknowledge(Person signer, string shownSha256, string typedName, DateTime signedAtUtc)
    {
        if (Status != RevisionStatus.Adopted)
        {
            throw new DomainRuleException($"Version {Version} is not in force and cannot be signed.");
        }

        if (!string.Equals(shownSha256, BodySha256, StringComparison.Ordinal))
        {
            throw new DomainRuleException("The text shown to the signer is not this revision's text.");
        }

        if (!SignatureName.Matches(typedName, signer.FullName))
        {
            throw new DomainRuleException("The typed signature does not match the signer's name.");
        }

        return new Acknowledgement(signer.UserId, this, typedName.Trim(), signedAtUtc);
    }

    /// <summary>The version that follows <paramref name="current"/> for a change of this kind: 1.0 → 1.1 (minor) or 2.0 (material).</summary>
    public static string VersionAfter(string? current, ChangeKind kind)
    {
        if (current is null || kind == ChangeKind.Initial)
        {
            return "1.0";
        }

        var parts = current.Split('.');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor))
        {
            throw new DomainRuleException($"Version '{current}' is not of the form major.minor, so the next version cannot be worked out.");
        }

        return kind == ChangeKind.Material
            ? string.Create(CultureInfo.InvariantCulture, $"{major + 1}.0")
            : string.Create(CultureInfo.InvariantCulture, $"{major}.{minor + 1}");
    }

    public static string HashOf(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>
    /// The fingerprint of a text and its images. Without images it is the text's SHA-256, as it always was. With images it is
    /// the SHA-256 of the text followed by a blank line and one line per image in file-name order,
    /// <c>attachment image1.png sha256:…</c>, so that anyone holding the text and the images can compute it again.
    /// </summary>
    public static string FingerprintOf(string body, IEnumerable<RevisionAttachment> attachments)
    {
        var lines = attachments.OrderBy(a => a.FileName, StringComparer.Ordinal).Select(a => $"attachment {a.FileName} sha256:{a.Sha256}").ToList();
        return lines.Count == 0 ? HashOf(body) : HashOf(body + "\n\n" + string.Join('\n', lines));
    }

    public static string NormaliseLineEndings(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');

    private static void CheckVersion(string version)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(version);
        if (version.Length > VersionMaxLength)
        {
            throw new ArgumentException($"A version label has at most {VersionMaxLength} characters.", nameof(version));
        }
    }

    /// <param name="checkRenders">False only for the text in force copied into a new draft, to be changed there.</param>
    private void SetBody(string body, bool checkRenders = true)
    {
        var normalised = NormaliseLineEndings(body ?? string.Empty).Trim('\n');
        if (normalised.Length > BodyMaxLength)
        {
            throw new DomainRuleException($"A policy's text can be at most {BodyMaxLength:N0} characters.");
        }

        if (checkRenders && PolicyText.Problem(normalised) is { } problem)
        {
            throw new InvalidDetailsException([new FieldProblem(nameof(Body), problem)]);
        }

        Body = normalised;
        BodySha256 = FingerprintOf(normalised, _attachments);
    }

    /// <summary>
    /// Refuses to send on a text the portal cannot show, such as one stored before it was checked: it can only be taken
    /// back into draft, changed or discarded.
    /// </summary>
    private void RequireRenderable(string action)
    {
        if (PolicyText.Problem(Body) is { } problem)
        {
            throw new DomainRuleException($"Version {Version}'s text cannot be shown, so it cannot be {action}: {problem} It must be taken back into draft and changed first.");
        }
    }

    private void RequireStatus(RevisionStatus required, string action)
    {
        if (Status != required)
        {
            throw new DomainRuleException(Status switch
            {
                RevisionStatus.Adopted or RevisionStatus.Superseded => $"Version {Version} has been adopted, so it cannot be {action}.",
                RevisionStatus.InReview => $"Version {Version} is with the governors for review, so it cannot be {action}. Return it to draft first.",
                RevisionStatus.AwaitingConfirmation => $"Version {Version} is recorded as adopted and waits for a governor to confirm it, so it cannot be {action}. Take it back into draft first.",
                RevisionStatus.Draft => $"Version {Version} is a draft, so it cannot be {action} until it is submitted for review.",
                _ => $"Version {Version} cannot be {action}.",
            });
        }
    }

    private void Touch() => ConcurrencyStamp = Guid.NewGuid();
}
