using System.ComponentModel.DataAnnotations;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Services;

namespace PolicyPortal.Web.ViewModels.Imports;

/// <summary>The upload page: the limit, and the files refused by the last upload with why.</summary>
public sealed record ImportUploadViewModel(int LimitMegabytes, IReadOnlyList<RefusedFileRow> Refused);

public sealed record RefusedFileRow(string FileName, string Message);

/// <summary>What the Principal chooses for one uploaded file.</summary>
public sealed class ImportFileForm
{
    public Guid Id { get; set; }

    [StringLength(Policy.TitleMaxLength)]
    public string? Title { get; set; }

    [StringLength(PolicySlug.MaxLength)]
    public string? Slug { get; set; }

    /// <summary>Empty for a new policy; otherwise the address of the policy this becomes a new draft of.</summary>
    public string? IntoPolicy { get; set; }

    /// <summary>"staff", "governors", "both" or "none" (in force, no signature required).</summary>
    public string? Signers { get; set; }

    public PolicyAudience Audience => Signers switch
    {
        "staff" => PolicyAudience.Staff,
        "governors" => PolicyAudience.Governors,
        "both" => PolicyAudience.StaffAndGovernors,
        _ => PolicyAudience.None,
    };
}

public sealed class ImportForm
{
    public List<ImportFileForm> Files { get; set; } = [];
}

/// <summary>One file's preview: its rendering beside what was not carried over and what to check.</summary>
public sealed record ImportPreviewFile(ImportCandidate Candidate, RenderedPolicyText Text);

public sealed record ImportPreviewViewModel(Guid Batch, IReadOnlyList<ImportPreviewFile> Files, ImportForm Form, IReadOnlyList<PolicyLink> Policies, IReadOnlyList<RefusedFileRow> Refused, string? Problem);

/// <summary>A policy brought in from Word whose adoption is still to be recorded or confirmed.</summary>
public sealed record ImportedPolicyRow(string Slug, string Title, string Version, RevisionStatus Status, string? Signers);

public sealed record ImportedPoliciesViewModel(IReadOnlyList<ImportedPolicyRow> Policies, string? Notice);

/// <summary>The adoption of an imported policy as the governing body's minutes record it.</summary>
public sealed class PriorAdoptionForm
{
    [Required(ErrorMessage = "Enter the date of the meeting that adopted the policy.")]
    [Display(Name = "Date of the meeting that adopted it")]
    public DateOnly? MeetingDate { get; set; }

    [Display(Name = "Minute reference")]
    [StringLength(200)]
    public string? MinuteReference { get; set; }

    [Display(Name = "Signed for the governing body by")]
    [StringLength(200)]
    public string? SignedBy { get; set; }

    [Display(Name = "Provided by (optional)")]
    [StringLength(PolicyRevision.ProvidedByMaxLength)]
    public string? ProvidedBy { get; set; }

    [Required(ErrorMessage = "Enter how often the policy is reviewed, in months.")]
    [Range(1, 120, ErrorMessage = "The review cycle must be between 1 and 120 months.")]
    [Display(Name = "Review cycle in months")]
    public int? ReviewCycleMonths { get; set; }

    [Display(Name = "Next review due (optional: the meeting date plus the review cycle)")]
    public DateOnly? NextReviewDue { get; set; }

    public Guid ConcurrencyStamp { get; set; }
}

public sealed record PriorAdoptionViewModel(string Slug, string Title, string Version, PriorAdoptionForm Form, string? Problem);

/// <summary>One adoption a governor may confirm: what the Principal recorded, and who recorded it.</summary>
public sealed record ConfirmationRow(string Slug, string Title, string Version, string Meeting, string MinuteReference, string SignedBy, string? ProvidedBy, string NextReview, string Signers, string RecordedBy, bool RecordedByYou, Guid Stamp);

public sealed class ConfirmationItem
{
    public string Slug { get; set; } = string.Empty;

    public Guid Stamp { get; set; }

    public bool Confirm { get; set; }
}

public sealed class ConfirmationForm
{
    public List<ConfirmationItem> Items { get; set; } = [];
}

public sealed record ConfirmationsViewModel(IReadOnlyList<ConfirmationRow> Rows, string? Notice, string? Problem);
