using System.ComponentModel.DataAnnotations;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Services;

namespace PolicyPortal.Web.ViewModels.Drafts;

public sealed class NewPolicyForm
{
    [Required(ErrorMessage = "Give the policy a title.")]
    [StringLength(Policy.TitleMaxLength, ErrorMessage = "A title can be at most {1} characters.")]
    [Display(Name = "Title")]
    public string? Title { get; set; }

    [Required(ErrorMessage = "Give the policy an address.")]
    [StringLength(PolicySlug.MaxLength, ErrorMessage = "An address can be at most {1} characters.")]
    [RegularExpression("^[a-z0-9]+(-[a-z0-9]+)*$", ErrorMessage = "Use lower-case letters, digits and single hyphens, e.g. e-safety.")]
    [Display(Name = "Address")]
    public string? Slug { get; set; }

    /// <summary>False unless ticked: an unticked box posts nothing. The empty form starts with it ticked (DraftsController.New).</summary>
    [Display(Name = "Staff must sign it")]
    public bool StaffSign { get; set; }

    [Display(Name = "Governors must sign it")]
    public bool GovernorsSign { get; set; }

    [Range(1, 120, ErrorMessage = "The review cycle must be between {1} and {2} months.")]
    [Display(Name = "Review cycle in months")]
    public int ReviewCycleMonths { get; set; } = AdoptionRecord.DefaultReviewCycleMonths;

    [StringLength(PolicyRevision.BodyMaxLength, ErrorMessage = "The policy text can be at most {1} characters.")]
    [Display(Name = "First draft (Markdown)")]
    public string? Body { get; set; }

    public PolicyAudience Audience => (StaffSign ? PolicyAudience.Staff : PolicyAudience.None) | (GovernorsSign ? PolicyAudience.Governors : PolicyAudience.None);
}

public sealed class DraftForm
{
    [StringLength(PolicyRevision.BodyMaxLength, ErrorMessage = "The policy text can be at most {1} characters.")]
    [Display(Name = "Policy text (Markdown)")]
    public string? Body { get; set; }

    [StringLength(PolicyRevision.ChangeSummaryMaxLength, ErrorMessage = "The change summary can be at most {1} characters.")]
    [Display(Name = "Change summary")]
    public string? ChangeSummary { get; set; }

    public ChangeKind Kind { get; set; } = ChangeKind.Minor;

    [StringLength(PolicyRevision.ProvidedByMaxLength, ErrorMessage = "\"Provided by\" can be at most {1} characters.")]
    [Display(Name = "Provided by (optional)")]
    public string? ProvidedBy { get; set; }

    public Guid ConcurrencyStamp { get; set; }

    /// <summary>"save", "preview" or "submit" (save, then submit for review): which button was pressed.</summary>
    public string? Intent { get; set; }
}

public sealed class DraftPageViewModel
{
    public required string Slug { get; init; }

    public required string Title { get; init; }

    public required string Version { get; init; }

    public required RevisionStatus Status { get; init; }

    /// <summary>The version in force, or null for a new policy whose first text this is.</summary>
    public string? CurrentVersion { get; init; }

    public required DraftForm Form { get; init; }

    /// <summary>Whether the form holds what was sent rather than the draft as saved: after Preview, or a save refused.</summary>
    public bool FormIsUnsaved { get; init; }

    public RenderedPolicyText? Preview { get; init; }

    /// <summary>The draft as someone else saved it while this person was editing; their own text stays in the form.</summary>
    public string? SavedByOthers { get; init; }

    /// <summary>Text typed into a draft that was submitted before it could be saved: shown so that nothing typed is lost.</summary>
    public string? UnsavedText { get; init; }

    public string? Problem { get; init; }

    public string? Notice { get; init; }

    public required IReadOnlyList<RevisionReview> Views { get; init; }

    public required IReadOnlyList<RevisionComment> Comments { get; init; }
}

/// <summary>The confirmation before a draft is thrown away: what goes with it, and the stamp of the draft as shown.</summary>
public sealed record DiscardDraftViewModel(
    string Slug,
    string Title,
    string Version,
    RevisionStatus Status,
    Guid ConcurrencyStamp,
    int Comments,
    int Views,
    bool DeletesPolicy)
{
    public string? Problem { get; init; }
}
