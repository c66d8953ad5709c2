namespace PolicyPortal.Web.ViewModels.Account;

/// <summary>What the link to confirm a new sign-in address carries, posted back by its page.</summary>
public sealed class ConfirmEmailForm
{
    public string? User { get; set; }

    public string? Email { get; set; }

    public string? Token { get; set; }
}
