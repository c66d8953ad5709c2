using System.ComponentModel.DataAnnotations;

namespace PolicyPortal.Web.ViewModels.Account;

/// <summary>A signed-in person's change of password. The rules for the new one are Identity's (see Program.cs).</summary>
public sealed class ChangePasswordForm
{
    [Required(ErrorMessage = "Enter your current password.")]
    [StringLength(1024, ErrorMessage = "A password has at most {1} characters.")]
    [DataType(DataType.Password)]
    [Display(Name = "Current password")]
    public string? CurrentPassword { get; set; }

    [Required(ErrorMessage = "Enter a new password.")]
    [StringLength(1024, ErrorMessage = "A password has at most {1} characters.")]
    [DataType(DataType.Password)]
    [Display(Name = "New password")]
    public string? Password { get; set; }

    [Required(ErrorMessage = "Enter the new password again.")]
    [Compare(nameof(Password), ErrorMessage = "The two new passwords are not the same. Type them again.")]
    [DataType(DataType.Password)]
    [Display(Name = "The new password again")]
    public string? ConfirmPassword { get; set; }
}
