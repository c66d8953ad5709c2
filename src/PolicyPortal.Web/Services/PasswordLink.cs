using Microsoft.AspNetCore.Identity;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Services;

/// <summary>
/// An emailed link that sets a password: an invitation's, for the first password, or a reset's, for a forgotten one.
/// Both work the same way (see <see cref="Passwords"/>); only these differ.
/// </summary>
/// <param name="Name">Which link, for the audit log.</param>
/// <param name="Action">The <see cref="Controllers.AccountController"/> action that shows the page the link opens.</param>
/// <param name="Purpose">What its token is for, so that neither kind of token opens the other's page.</param>
/// <param name="ForFirstPassword">Whether the account must not have a password yet.</param>
public sealed record PasswordLink(string Name, string Action, string Purpose, bool ForFirstPassword)
{
    public static readonly PasswordLink Invitation = new("Invitation", nameof(Controllers.AccountController.ShowSetPassword), InvitationTokenProvider.Purpose, ForFirstPassword: true);

    public static readonly PasswordLink Reset = new("PasswordReset", nameof(Controllers.AccountController.ShowResetPassword), UserManager<PortalUser>.ResetPasswordTokenPurpose, ForFirstPassword: false);
}

public enum PasswordLinkOutcome
{
    PasswordSet,

    /// <summary>Used, expired, replaced, tampered with, or for nobody: all look the same to the visitor.</summary>
    LinkNotValid,

    PasswordRefused,
}

/// <summary>What became of a password set through an emailed link.</summary>
public sealed record PasswordLinkResult(PasswordLinkOutcome Outcome, IReadOnlyList<FieldProblem> Problems)
{
    public static readonly PasswordLinkResult PasswordSet = new(PasswordLinkOutcome.PasswordSet, []);

    public static readonly PasswordLinkResult LinkNotValid = new(PasswordLinkOutcome.LinkNotValid, []);

    /// <summary>Identity's reasons for refusing the password chosen, each for the password field.</summary>
    public static PasswordLinkResult Refused(IdentityResult result) =>
        new(PasswordLinkOutcome.PasswordRefused, [.. result.Errors.Select(e => new FieldProblem(Passwords.NewPasswordField, e.Description))]);
}
