using System.ComponentModel.DataAnnotations;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Services;

namespace PolicyPortal.Web.ViewModels.Reviews;

public sealed record ReviewListViewModel(IReadOnlyList<InReviewRow> InReview, IReadOnlyList<ReviewDue> Due);

public sealed record InReviewRow(string Slug, string Title, string Version, ChangeKind Kind, int Ready, int ChangesNeeded);

public sealed class CommentForm
{
    [Required(ErrorMessage = "Write a comment before sending it.")]
    [StringLength(RevisionComment.TextMaxLength, ErrorMessage = "A comment can be at most {1} characters.")]
    [Display(Name = "Your comment")]
    public string? Text { get; set; }
}

public sealed class ViewForm
{
    [Required(ErrorMessage = "Choose whether the revision is ready for adoption or needs changes.")]
    public ReviewVerdict? Verdict { get; set; }

    [StringLength(RevisionReview.ReasonMaxLength, ErrorMessage = "A reason can be at most {1} characters.")]
    [Display(Name = "Changes needed, and why")]
    public string? Reason { get; set; }
}

public sealed class AdoptionForm
{
    public Guid ConcurrencyStamp { get; set; }

    [Required(ErrorMessage = "Enter the date of the meeting.")]
    [Display(Name = "Date of the governing body's meeting")]
    public DateOnly? MeetingDate { get; set; }

    [Required(ErrorMessage = "Enter the minute reference.")]
    [StringLength(200, ErrorMessage = "A minute reference can be at most {1} characters.")]
    [Display(Name = "Minute reference")]
    public string? MinuteReference { get; set; }

    [Required(ErrorMessage = "Enter who signed for the governing body.")]
    [StringLength(200, ErrorMessage = "The name of who signed for the governing body can be at most {1} characters.")]
    [Display(Name = "Signed for the governing body by")]
    public string? SignedBy { get; set; }

    [Required(ErrorMessage = "Enter the date the revision comes into force.")]
    [Display(Name = "In force from")]
    public DateOnly? EffectiveFrom { get; set; }
}

public sealed class NoChangeReviewForm
{
    [Required(ErrorMessage = "Enter the date of the review.")]
    [Display(Name = "Date of the review")]
    public DateOnly? ReviewedOn { get; set; }

    [Required(ErrorMessage = "Enter the minute reference.")]
    [StringLength(200, ErrorMessage = "A minute reference can be at most {1} characters.")]
    [Display(Name = "Minute reference")]
    public string? MinuteReference { get; set; }
}

public sealed class ReviewPageViewModel
{
    public required string Slug { get; init; }

    public required string Title { get; init; }

    public required string Version { get; init; }

    public required ChangeKind Kind { get; init; }

    public string? ChangeSummary { get; init; }

    public string? CurrentVersion { get; init; }

    public required Guid ConcurrencyStamp { get; init; }

    public required RenderedPolicyText Text { get; init; }

    public IReadOnlyList<SectionComparison>? Comparison { get; init; }

    public required IReadOnlyList<RevisionReview> Views { get; init; }

    public required IReadOnlyList<RevisionComment> Comments { get; init; }

    public required bool CanDecide { get; init; }

    public CommentForm Comment { get; init; } = new();

    public ViewForm View { get; init; } = new();

    public AdoptionForm Adoption { get; init; } = new();

    public string? Problem { get; init; }

    public string? Notice { get; init; }
}
