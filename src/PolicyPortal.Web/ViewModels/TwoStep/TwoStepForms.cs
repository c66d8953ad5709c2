using System.ComponentModel.DataAnnotations;
using PolicyPortal.Web.ViewModels.Account;

namespace PolicyPortal.Web.ViewModels.TwoStep;

/// <summary>The second step of signing in: a code from the authenticator app, or one of the recovery codes.</summary>
public sealed class SecondStepForm : ICarriesUnsentForm
{
    [Required(ErrorMessage = "Enter the 6-digit code from your authenticator app, or a recovery code.")]
    [StringLength(32, ErrorMessage = "A code has at most {1} characters.")]
    [Display(Name = "Code")]
    public string? Code { get; set; }

    [Display(Name = "Remember this browser for 30 days")]
    public bool RememberBrowser { get; set; }

    public string? ReturnUrl { get; set; }

    public string? PendingAction { get; set; }

    public string? PendingSender { get; set; }

    public List<PendingField> Pending { get; set; } = [];
}

/// <summary>The code that shows the authenticator app was set up with the key.</summary>
public sealed class SetUpForm
{
    [Required(ErrorMessage = "Enter the 6-digit code your authenticator app shows.")]
    [StringLength(32, ErrorMessage = "A code has at most {1} characters.")]
    [Display(Name = "Code from your app")]
    public string? Code { get; set; }
}

/// <summary>The set-up page: the key to give the authenticator app, as text and as a QR code, and the form to confirm it.</summary>
public sealed record SetUpViewModel(SetUpForm Form, string Key, string QrCodeSvg, bool Required);
