using System.ComponentModel.DataAnnotations;

namespace PolicyPortal.Web.ViewModels.Account;

public sealed class SignInForm : ICarriesUnsentForm
{
    [Required(ErrorMessage = "Enter your email address.")]
    [EmailAddress(ErrorMessage = "Enter an email address like name@school.org.")]
    [StringLength(256, ErrorMessage = "An email address has at most {1} characters.")]
    [Display(Name = "Email address")]
    public string? Email { get; set; }

    [Required(ErrorMessage = "Enter your password.")]
    [StringLength(1024, ErrorMessage = "A password has at most {1} characters.")]
    [DataType(DataType.Password)]
    [Display(Name = "Password")]
    public string? Password { get; set; }

    public string? ReturnUrl { get; set; }

    /// <summary>Where the form sent before signing in again goes once signed in (<see cref="Authorization.UnsentForm"/>).</summary>
    public string? PendingAction { get; set; }

    /// <summary>Who sent that form, sealed (<see cref="Authorization.UnsentForm"/>): only they send it again.</summary>
    public string? PendingSender { get; set; }

    /// <summary>The fields of that form, as typed.</summary>
    public List<PendingField> Pending { get; set; } = [];
}

/// <summary>
/// A form of the sign-in journey (the password's, then the second step's) that carries a form sent after its sender's
/// session ended, to be sent once they are signed in (<see cref="Authorization.UnsentForm"/>).
/// </summary>
public interface ICarriesUnsentForm
{
    /// <summary>Where the form sent before signing in again goes once signed in.</summary>
    string? PendingAction { get; set; }

    /// <summary>Who sent that form, sealed: only they send it again.</summary>
    string? PendingSender { get; set; }

    /// <summary>The fields of that form, as typed.</summary>
    List<PendingField> Pending { get; set; }
}

/// <summary>A form waiting to be sent again, handed back by the browser once its sender has signed in with a school account.</summary>
public sealed class UnsentFormFields : ICarriesUnsentForm
{
    public string? PendingAction { get; set; }

    public string? PendingSender { get; set; }

    public List<PendingField> Pending { get; set; } = [];
}

/// <summary>One field of a form waiting to be sent again once its sender has signed in.</summary>
public sealed class PendingField
{
    public string Name { get; set; } = string.Empty;

    public string Value { get; set; } = string.Empty;
}
