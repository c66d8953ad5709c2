using System.ComponentModel.DataAnnotations;

namespace PolicyPortal.Web.ViewModels.Account;

/// <summary>"Forgotten your password?": the address to send a reset link to.</summary>
public sealed class ForgotPasswordForm
{
    [Required(ErrorMessage = "Enter your email address.")]
    [EmailAddress(ErrorMessage = "Enter an email address like name@school.org.")]
    [StringLength(256, ErrorMessage = "An email address has at most {1} characters.")]
    [Display(Name = "Email address")]
    public string? Email { get; set; }
}
