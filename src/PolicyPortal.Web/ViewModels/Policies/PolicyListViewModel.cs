using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Services;

namespace PolicyPortal.Web.ViewModels.Policies;

/// <summary>"All policies" as the query string asks for it: the search box and the three filters.</summary>
public sealed class PolicyListQuery
{
    public string? Q { get; set; }

    public PolicyCategory? Category { get; set; }

    /// <summary>A person's id, <see cref="PolicyListFilter.NoOwner"/>, or empty for anyone.</summary>
    public string? Owner { get; set; }

    public int? Cycle { get; set; }
}

public sealed record PolicyListViewModel(
    PolicyListQuery Query,
    IReadOnlyList<PolicyListRow> Policies,
    IReadOnlyList<PolicyListRow> Retired,
    IReadOnlyList<PolicyLink> Owners,
    IReadOnlyList<int> ReviewCycles,
    bool Filtered)
{
    public string? Notice { get; init; }

    public int Matched => Policies.Count + Retired.Count;
}

public sealed record PolicyListRow(string Slug, string Title, string? Version, string AppliesTo, string? NextReviewDue, string Category, string? Owner);
