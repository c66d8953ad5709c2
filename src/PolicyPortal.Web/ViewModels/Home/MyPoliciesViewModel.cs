using PolicyPortal.Web.Services;

namespace PolicyPortal.Web.ViewModels.Home;

public sealed record MyPoliciesViewModel(string FullName, IReadOnlyList<MyPolicyRow> Policies)
{
    public int ToSignCount => Policies.Count(p => p.State == SigningState.ToSign);
}

/// <param name="SignedAt">When I signed, in the school's local time, already formatted.</param>
public sealed record MyPolicyRow(string Slug, string Title, string Version, SigningState State, string? SignedAt, string? SignedVersion, int? AcknowledgementId);
