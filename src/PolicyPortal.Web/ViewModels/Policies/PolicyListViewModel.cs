namespace PolicyPortal.Web.ViewModels.Policies;

public sealed record PolicyListViewModel(IReadOnlyList<PolicyListRow> Policies);

public sealed record PolicyListRow(string Slug, string Title, string? Version, string AppliesTo, string? NextReviewDue);
