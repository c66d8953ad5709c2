using PolicyPortal.Web.Services;

namespace PolicyPortal.Web.ViewModels.Policies;

/// <summary>A policy's page: the revision in force, its adoption record, and where I stand with it.</summary>
public sealed class PolicyPageViewModel
{
    public required string Slug { get; init; }

    public required string Title { get; init; }

    public required string Version { get; init; }

    public required string TextSha256 { get; init; }

    public required RenderedPolicyText Text { get; init; }

    public required PolicyDetails Details { get; init; }

    public required SigningState State { get; init; }

    /// <summary>My signature that counts for this revision: of this version, or of an earlier one changed only in minor ways since.</summary>
    public MySignature? Signature { get; init; }

    /// <summary>When I signed an earlier version that no longer counts: which, and what changed since in short.</summary>
    public ChangesSinceSigned? ChangesSinceSigned { get; init; }

    public required SignPolicyForm Form { get; init; }

    /// <summary>A problem with what I submitted that concerns the whole form rather than one field.</summary>
    public string? Problem { get; init; }

    public string? Notice { get; init; }

    /// <summary>When the policy was retired, if it is: it stays readable, but nobody signs it.</summary>
    public string? RetiredOn { get; init; }

    /// <summary>Whether I may prepare revisions of this policy (the Principal).</summary>
    public bool CanPrepare { get; init; }

    /// <summary>Whether I take part in reviews (governors and the Principal).</summary>
    public bool CanReview { get; init; }
}

public sealed record PolicyDetails(
    string? AdoptedBy,
    string? AdoptionNote,
    string? ReviewedOn,
    string? EffectiveFrom,
    string? SignedBy,
    string? ProvidedBy,
    string ReviewCycle,
    string? LastReviewedWithoutChange,
    string? NextReviewDue,
    bool ReviewOverdue,
    IReadOnlyList<string> AppliesTo,
    IReadOnlyList<string> RelatedPolicies);

public sealed record MySignature(int AcknowledgementId, string Version, string SignedAt);

public sealed record ChangesSinceSigned(string VersionSigned, string SignedAt, string? ChangeSummary);
