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

    /// <summary>When the policy was retired, if it is.</summary>
    public string? RetiredOn { get; init; }

    public PolicyCategory Category { get; init; }

    /// <summary>The name of the person responsible for the policy, if one is named.</summary>
    public string? Owner { get; init; }
}

/// <summary>The confirmation before a policy is retired; <see cref="OpenVersion"/> is a version being prepared, which stops it.</summary>
public sealed record RetirePolicyViewModel(string Slug, string Title, bool IsRetired, string? OpenVersion)
{
    public string? Problem { get; init; }
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
