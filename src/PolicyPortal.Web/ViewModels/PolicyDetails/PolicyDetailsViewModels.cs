using System.ComponentModel.DataAnnotations;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.ViewModels.PolicyDetails;

/// <summary>A policy's details as the Principal sets them.</summary>
public sealed class PolicyDetailsForm
{
    [Display(Name = "Category")]
    public PolicyCategory Category { get; set; }

    /// <summary>The person responsible for the policy; empty for no owner.</summary>
    [Display(Name = "Owner")]
    public string? OwnerUserId { get; set; }

    [Required(ErrorMessage = "Enter the review cycle in months, from 1 to 120.")]
    [Range(1, 120, ErrorMessage = "The review cycle must be between {1} and {2} months.")]
    [Display(Name = "Review cycle in months")]
    public int? ReviewCycleMonths { get; set; }

    [Display(Name = "Who must sign")]
    public PolicyAudience Audience { get; set; }

    /// <summary>The groups whose members must sign as well, whatever their roles.</summary>
    public List<int> AudienceGroups { get; set; } = [];
}

/// <summary>Someone who may own a policy, as the owner list shows them.</summary>
public sealed record OwnerChoice(string UserId, string Name);

public sealed record PolicyDetailsViewModel(string Slug, string Title, PolicyDetailsForm Form, IReadOnlyList<OwnerChoice> Owners, IReadOnlyList<Services.GroupSummary> Groups)
{
    public string? Problem { get; init; }
}
