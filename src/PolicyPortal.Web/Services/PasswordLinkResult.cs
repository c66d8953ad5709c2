namespace PolicyPortal.Web.Services;

public enum PasswordLinkOutcome
{
    PasswordSet,

    /// <summary>Used, expired, replaced, tampered with, or for nobody: all look the same to the visitor.</summary>
    LinkNotValid,

    PasswordRefused,
}

/// <summary>What became of a password set through an emailed link: an invitation or a password reset.</summary>
public sealed record PasswordLinkResult(PasswordLinkOutcome Outcome, IReadOnlyList<string> Problems)
{
    public static readonly PasswordLinkResult LinkNotValid = new(PasswordLinkOutcome.LinkNotValid, []);
}
