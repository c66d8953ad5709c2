using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Services;

using PolicyPortal.Web.ViewModels.Reviews;

namespace PolicyPortal.Web.ViewModels.Revisions;

public sealed record HistoryViewModel(
    string Slug,
    string Title,
    IReadOnlyList<HistoryRow> Revisions,
    IReadOnlyList<HistoryEvent> Events,
    bool CanPrepare,
    bool HasOpenRevision,
    bool CanRecordNoChangeReview,
    bool HasVersionInForce)
{
    /// <summary>The annual review form, as typed when it was refused.</summary>
    public NoChangeReviewForm Review { get; init; } = new();

    /// <summary>Why the review was not recorded, when the reason is not one field's.</summary>
    public string? Problem { get; init; }

    public string? Notice { get; init; }
}

public sealed record HistoryRow(
    string Version,
    RevisionStatus Status,
    ChangeKind Kind,
    string? ChangeSummary,
    string? Adoption,
    IReadOnlyList<string> Views);

public sealed record HistoryEvent(string At, string Who, PolicyEventKind Kind, string Detail);

public sealed record RevisionTextViewModel(string Slug, string Title, string Version, RevisionStatus Status, string? CurrentVersion, string TextSha256, RenderedPolicyText Text);

public sealed record CompareViewModel(string Slug, string Title, string From, string To, IReadOnlyList<string> Versions, IReadOnlyList<SectionComparison> Sections);
