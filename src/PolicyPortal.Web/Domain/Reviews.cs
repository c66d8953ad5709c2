namespace PolicyPortal.Web.Domain;

public enum ReviewVerdict
{
    ReadyForAdoption,
    ChangesNeeded,
}

/// <summary>A governor's view of a revision in review. A new review round (after the Principal revises) asks again.</summary>
public class RevisionReview
{
    public const int ReasonMaxLength = 4000;

    private RevisionReview()
    {
        GovernorUserId = GovernorName = string.Empty;
    }

    internal RevisionReview(PolicyRevision revision, Person governor, ReviewVerdict verdict, string? reason, DateTime atUtc)
    {
        Revision = revision;
        Round = revision.ReviewRound;
        GovernorUserId = governor.UserId;
        GovernorName = governor.FullName;
        Verdict = verdict;
        Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        RecordedAtUtc = atUtc;
    }

    public int Id { get; private set; }

    public int RevisionId { get; private set; }

    public PolicyRevision Revision { get; private set; } = null!;

    public int Round { get; private set; }

    public string GovernorUserId { get; private set; }

    public string GovernorName { get; private set; }

    public ReviewVerdict Verdict { get; private set; }

    public string? Reason { get; private set; }

    public DateTime RecordedAtUtc { get; private set; }
}

/// <summary>A comment on a revision in review, from a governor or the Principal.</summary>
public class RevisionComment
{
    public const int TextMaxLength = 4000;

    private RevisionComment()
    {
        AuthorUserId = AuthorName = Text = string.Empty;
    }

    internal RevisionComment(PolicyRevision revision, Person author, string text, DateTime atUtc)
    {
        Revision = revision;
        Round = revision.ReviewRound;
        AuthorUserId = author.UserId;
        AuthorName = author.FullName;
        Text = text.Trim();
        WrittenAtUtc = atUtc;
    }

    public int Id { get; private set; }

    public int RevisionId { get; private set; }

    public PolicyRevision Revision { get; private set; } = null!;

    public int Round { get; private set; }

    public string AuthorUserId { get; private set; }

    public string AuthorName { get; private set; }

    public string Text { get; private set; }

    public DateTime WrittenAtUtc { get; private set; }
}

/// <summary>Someone acting in the portal: their account id and full name, kept on records so they read well later.</summary>
public sealed record Person(string UserId, string FullName)
{
    /// <summary>The portal itself, for what it does of its own accord: a reminder, a lapse, a notice that a review is due.</summary>
    public static Person Portal { get; } = new("portal", "PolicyPortal");
}

/// <summary>The governing body's decision to adopt a revision, as its minutes record it.</summary>
/// <param name="MeetingDate">The meeting at which the governing body decided.</param>
/// <param name="MinuteReference">Where the decision is in the minutes, e.g. "FGB 2026/14".</param>
/// <param name="SignedBy">Who signed for the governing body.</param>
/// <param name="EffectiveFrom">When the revision comes into force.</param>
public sealed record AdoptionDecision(DateOnly MeetingDate, string MinuteReference, string SignedBy, DateOnly EffectiveFrom);

/// <summary>An adoption the governing body made before the school used the portal, as its minutes record it.</summary>
public sealed record PriorAdoption(DateOnly MeetingDate, string MinuteReference, string SignedBy, string? ProvidedBy, int ReviewCycleMonths, DateOnly NextReviewDue);
