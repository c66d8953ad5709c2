using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;

namespace PolicyPortal.Web.Authorization;

/// <summary>
/// The authentication audit trail, logged under the category <see cref="Category"/> with an <c>Audit</c> property naming
/// the event: sign-in, failed sign-in (with the real reason, which the visitor is never told), lockout, sign-out,
/// password set, refused page and too many attempts. Never a password or a token. What a visitor typed is logged with
/// its control characters escaped, so a line break in an email address cannot forge a log line.
/// </summary>
public sealed partial class AuthenticationAudit(ILoggerFactory loggers, IHttpContextAccessor http)
{
    public const string Category = "PolicyPortal.Audit";
    private const int LongestValue = 256;

    private readonly ILogger _log = loggers.CreateLogger(Category);

    public void SignedIn(string userId, string email) =>
        _log.LogInformation("{Audit}: {Email} ({UserId}) signed in from {ClientAddress}", "SignedIn", Untrusted(email), userId, ClientAddress());

    /// <summary>
    /// <paramref name="reason"/> is NoSuchAccount, WrongPassword or NotAllowed (someone who has left). What was typed as
    /// the email address is logged only when it looks like one: people type passwords into the wrong box.
    /// </summary>
    public void SignInFailed(string email, string? userId, string reason) =>
        _log.LogWarning("{Audit}: {Email} ({UserId}) was refused, {Reason}, from {ClientAddress}", "SignInFailed", TypedEmail(email), userId, reason, ClientAddress());

    public const string NotAnEmailAddress = "(not an email address)";

    // What was typed as an email address, when it looks like one: people type passwords into the wrong box.
    private static string TypedEmail(string? text) => text is not null && EmailShape().IsMatch(text) ? Untrusted(text) : NotAnEmailAddress;

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")]
    private static partial Regex EmailShape();

    public void LockedOut(string email, string userId) =>
        _log.LogWarning("{Audit}: {Email} ({UserId}) is locked out after repeated failures; attempt from {ClientAddress}", "LockedOut", Untrusted(email), userId, ClientAddress());

    /// <summary><paramref name="how"/> is AuthenticatorCode, RecoveryCode or RememberedBrowser.</summary>
    public void TwoStepPassed(string userId, string how) =>
        _log.LogInformation("{Audit}: {UserId} passed the second step of signing in with {How} from {ClientAddress}", "TwoStepPassed", userId, how, ClientAddress());

    /// <summary><paramref name="how"/> is AuthenticatorCode or RecoveryCode; a code used before is refused as a wrong one.</summary>
    public void TwoStepFailed(string userId, string how, bool lockedOut) =>
        _log.LogWarning("{Audit}: {UserId} was refused at the second step of signing in, wrong {How}{Locked}, from {ClientAddress}", "TwoStepFailed", userId, how, lockedOut ? ", now locked out" : string.Empty, ClientAddress());

    /// <summary><paramref name="change"/> is SetUp, TurnedOff, NewRecoveryCodes or ResetByCommand.</summary>
    public void TwoStepChanged(string userId, string change) =>
        _log.LogInformation("{Audit}: {UserId} changed two-step sign-in: {Change}, from {ClientAddress}", "TwoStepChanged", userId, change, ClientAddress());

    public void SignedInWithSchoolAccount(string userId, string issuer) =>
        _log.LogInformation("{Audit}: {UserId} signed in with their school account from {Issuer}, from {ClientAddress}", "SignedIn", userId, Untrusted(issuer), ClientAddress());

    public void SchoolAccountLinked(string userId, string email, string issuer) =>
        _log.LogInformation("{Audit}: {UserId} linked their school account from {Issuer}, by its address {Email}, from {ClientAddress}", "SchoolAccountLinked", userId, Untrusted(issuer), Untrusted(email), ClientAddress());

    /// <summary>
    /// <paramref name="reason"/> is OtherOrganisation (a tenant or domain not allowed), NoVerifiedEmail, NoSuchAccount,
    /// Left, or LinkedToAnother (the account is linked to another account of the same provider).
    /// </summary>
    public void SchoolAccountRefused(string? email, string? userId, string issuer, string reason) =>
        _log.LogWarning("{Audit}: a school account from {Issuer} with the address {Email} ({UserId}) was refused, {Reason}, from {ClientAddress}", "SignInFailed", Untrusted(issuer), Untrusted(email), userId, reason, ClientAddress());

    /// <summary>A sign-in with a school account that did not come back complete: cancelled, refused by the provider, or a stale callback.</summary>
    public void SchoolAccountFailed(string failure) =>
        _log.LogWarning("{Audit}: a sign-in with a school account did not finish: {Failure}, from {ClientAddress}", "SignInFailed", Untrusted(failure), ClientAddress());

    public void SignedOut(string userId) =>
        _log.LogInformation("{Audit}: {UserId} signed out from {ClientAddress}", "SignedOut", userId, ClientAddress());

    /// <summary><paramref name="userId"/> is null when no link was sent: no such account, or its owner has left.</summary>
    public void PasswordResetRequested(string email, string? userId) =>
        _log.LogInformation("{Audit}: a password reset link was asked for {Email} ({UserId}) from {ClientAddress}", "PasswordResetRequested", TypedEmail(email), userId ?? "no link sent", ClientAddress());

    /// <summary><paramref name="how"/> is Invitation, PasswordReset or CreatePrincipal.</summary>
    public void PasswordSet(string userId, string how) =>
        _log.LogInformation("{Audit}: {UserId} had a password set by {How} from {ClientAddress}", "PasswordSet", userId, how, ClientAddress());

    public void AccessDenied(string userId, string method, string path) =>
        _log.LogWarning("{Audit}: {UserId} was refused {Method} {Path} from {ClientAddress}", "AccessDenied", userId, Untrusted(method), Untrusted(path), ClientAddress());

    public void RateLimited(string path) =>
        _log.LogWarning("{Audit}: too many attempts at {Path} from {ClientAddress}", "RateLimited", Untrusted(path), ClientAddress());

    /// <summary>Control characters (CR, LF, tab, ...) and Unicode line separators as \r, \n, \uXXXX; at most 256 characters.</summary>
    public static string Untrusted(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        var text = new StringBuilder(Math.Min(value.Length, LongestValue));
        foreach (var c in value.Length > LongestValue ? value[..LongestValue] : value)
        {
            text.Append(c switch
            {
                '\r' => "\\r",
                '\n' => "\\n",
                '\t' => "\\t",
                _ when char.IsControl(c) || c is '\u2028' or '\u2029' => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return value.Length > LongestValue ? text.Append('…').ToString() : text.ToString();
    }

    private string? ClientAddress() => http.HttpContext?.Connection.RemoteIpAddress?.ToString();
}

/// <summary>Audits every 403 answered to a signed-in person, whichever part of the app refused them.</summary>
internal sealed class DeniedRequestAudit(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, AuthenticationAudit audit)
    {
        await next(context);
        if (context.Response.StatusCode == StatusCodes.Status403Forbidden
            && context.User.Identity?.IsAuthenticated == true
            && context.Features.Get<IStatusCodeReExecuteFeature>() is null)
        {
            audit.AccessDenied(context.User.UserId(), context.Request.Method, context.Request.Path.Value ?? string.Empty);
        }
    }
}
