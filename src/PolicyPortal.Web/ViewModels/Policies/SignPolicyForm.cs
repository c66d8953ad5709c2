using System.ComponentModel.DataAnnotations;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.ViewModels.Policies;

/// <summary>The sign form. It carries the revision and the hash of the text shown, so a signature is for exactly that text.</summary>
public sealed class SignPolicyForm
{
    public int RevisionId { get; set; }

    [StringLength(64, ErrorMessage = "The form was damaged. Reload the page and sign again.")]
    public string? TextSha256 { get; set; }

    [Display(Name = "I have read and understood this policy")]
    public bool Confirmed { get; set; }

    [Display(Name = "Your full name, as your signature")]
    [StringLength(Acknowledgement.SignatureNameMaxLength, ErrorMessage = "Your name can be at most {1} characters.")]
    public string? SignatureName { get; set; }
}
