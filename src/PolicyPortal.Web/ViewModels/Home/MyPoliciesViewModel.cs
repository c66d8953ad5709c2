using PolicyPortal.Web.Services;

namespace PolicyPortal.Web.ViewModels.Home;

public sealed record MyPoliciesViewModel(string FullName, IReadOnlyList<MyPolicyRow> Policies)
{
    public int ToSignCount => Policies.Count(p => p.State == SigningState.ToSign);

    /// <summary>The Principal's or a governor's to-do list; null for everyone else.</summary>
    public Services.ToDo? ToDo { get; init; }
}

/// <param name="SignedAt">When I signed, in the school's local time, already formatted.</param>
public sealed record MyPolicyRow(string Slug, string Title, string Version, SigningState State, string? SignedAt, string? SignedVersion, int? AcknowledgementId);
