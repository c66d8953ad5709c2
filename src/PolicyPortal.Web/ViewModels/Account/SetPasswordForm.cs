using System.ComponentModel.DataAnnotations;

namespace PolicyPortal.Web.ViewModels.Account;

/// <summary>The form behind an invitation or password reset link. The password rules themselves are Identity's (see Program.cs).</summary>
public sealed class SetPasswordForm
{
    public string? User { get; set; }

    public string? Token { get; set; }

    [Required(ErrorMessage = "Enter a password.")]
    [StringLength(1024, ErrorMessage = "A password has at most {1} characters.")]
    [DataType(DataType.Password)]
    [Display(Name = "New password")]
    public string? Password { get; set; }

    [Required(ErrorMessage = "Enter the password again.")]
    [Compare(nameof(Password), ErrorMessage = "The two passwords are not the same. Type them again.")]
    [DataType(DataType.Password)]
    [Display(Name = "The same password again")]
    public string? ConfirmPassword { get; set; }
}

/// <summary>
/// The set-password page: the form, the address the account signs in with, and whether this is a reset of a forgotten
/// password rather than the first password from an invitation.
/// </summary>
public sealed record SetPasswordViewModel(SetPasswordForm Form, string Email, bool IsReset = false);
