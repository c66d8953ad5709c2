using Microsoft.AspNetCore.Identity;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Services;

public enum PasswordLinkOutcome
{
    PasswordSet,

    /// <summary>Used, expired, replaced, tampered with, or for nobody: all look the same to the visitor.</summary>
    LinkNotValid,

    PasswordRefused,
}

/// <summary>What became of a password set through an emailed link: an invitation or a password reset.</summary>
public sealed record PasswordLinkResult(PasswordLinkOutcome Outcome, IReadOnlyList<FieldProblem> Problems)
{
    public static readonly PasswordLinkResult LinkNotValid = new(PasswordLinkOutcome.LinkNotValid, []);

    /// <summary>Identity's reasons for refusing the password chosen, each for the password field.</summary>
    public static PasswordLinkResult Refused(IdentityResult result) =>
        new(PasswordLinkOutcome.PasswordRefused, [.. result.Errors.Select(e => new FieldProblem(Passwords.NewPasswordField, e.Description))]);
}
