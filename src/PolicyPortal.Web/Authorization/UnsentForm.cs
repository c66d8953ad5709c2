using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.ViewModels.Account;

namespace PolicyPortal.Web.Authorization;

/// <summary>
/// A form sent by someone whose session ended while the form was open. Sent to sign in the usual way, they would lose
/// what they typed, and the sign-in would take them back to the form's address, which answers only a POST. Instead the
/// sign-in cookie's challenge passes the form on, method and body, with a 307 to the "session ended" sign-in page
/// (<c>AccountController.SessionEnded</c>), with who sent it, read from their ended session's cookie and sealed. That
/// page carries the fields through signing in; once the same person has signed in, the form is sent again as it was,
/// with a new form token. Anyone else signing in there never sends it. A form from a tab left open after signing out
/// has no session to tell who sent it, and is not carried: the page says so.
/// </summary>
public static class UnsentForm
{
    private const string Purpose = "PolicyPortal.UnsentForm.Sender";

    /// <summary>How long a carried form waits for its sender to sign in again.</summary>
    private static readonly TimeSpan Waits = TimeSpan.FromHours(1);

    /// <summary>
    /// The cookie's challenge: a script's request gets 401 (<see cref="IsFromScript"/>); a form its sender sent from the
    /// portal's own page is passed on; anything else goes to sign in.
    /// </summary>
    public static Task RedirectToSignIn(RedirectContext<CookieAuthenticationOptions> context)
    {
        var request = context.Request;
        if (IsFromScript(context.HttpContext))
        {
            // As the framework's own challenge answers it: 401, with where to sign in, for the script to say so in words.
            context.Response.Headers.Location = context.RedirectUri;
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        }
        else if (WillCarry(context.HttpContext))
        {
            var sender = SenderOf(context);
            var links = context.HttpContext.RequestServices.GetRequiredService<LinkGenerator>();
            context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
            context.Response.Headers.Location = links.GetPathByAction(
                context.HttpContext,
                action: "SessionEnded",
                controller: "Account",
                values: new
                {
                    sentTo = $"{request.PathBase}{request.Path}{request.QueryString}",
                    sender = sender is null ? null : Protector(context.HttpContext).Protect(sender, Waits),
                });
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Whether signing in would pass this request's form on, were its sender not signed in: a page's post of a form
    /// that can be carried (<see cref="IsCarried"/>).
    /// </summary>
    public static bool WillCarry(HttpContext context) =>
        !IsFromScript(context) && HttpMethods.IsPost(context.Request.Method) && IsCarried(context.Request);

    /// <summary>
    /// Whether the form can be carried: a plain form (a file chosen for upload cannot be kept in a page), which the browser
    /// says came from one of the portal's own pages, so that another site's form is never sent in someone's name.
    /// </summary>
    public static bool IsCarried(HttpRequest request) =>
        request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true
        && (request.Headers["Sec-Fetch-Site"] == "same-origin"
            || string.Equals(request.Headers.Origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Whether the request is a script's rather than a page's, by the framework's two rules, which replacing its challenge
    /// would otherwise drop: the endpoint is marked <see cref="IDisableCookieRedirectMetadata"/> (and not
    /// <see cref="IAllowCookieRedirectMetadata"/>), as <see cref="ScriptEndpointAttribute"/> marks it, or the request says
    /// <c>X-Requested-With: XMLHttpRequest</c>.
    /// </summary>
    public static bool IsFromScript(HttpContext context)
    {
        var metadata = context.GetEndpoint()?.Metadata;
        return (metadata?.GetMetadata<IDisableCookieRedirectMetadata>() is not null && metadata.GetMetadata<IAllowCookieRedirectMetadata>() is null)
            || context.Request.Headers.XRequestedWith == "XMLHttpRequest";
    }

    /// <summary>The user id sealed by <see cref="RedirectToSignIn"/>, or null when it is missing, altered or too old.</summary>
    public static string? Unseal(HttpContext context, string? sealedSender)
    {
        if (string.IsNullOrEmpty(sealedSender))
        {
            return null;
        }

        try
        {
            return Protector(context).Unprotect(sealedSender);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>Whether the form carried through signing in was sent by <paramref name="userId"/>, to a page of the portal.</summary>
    public static bool IsSentBy(this ICarriesUnsentForm form, string userId, Controller controller) =>
        controller.Url.IsLocalUrl(form.PendingAction) && Unseal(controller.HttpContext, form.PendingSender) == userId;

    /// <summary>
    /// The page that sends the carried form again, with a form token of the person just signed in: their cookie is only
    /// read from the next request, so this request is told who is now signed in.
    /// </summary>
    public static async Task<IActionResult> SendAgainPageAsync(this Controller controller, SignInManager<PortalUser> signInManager, PortalUser user, ICarriesUnsentForm form)
    {
        controller.HttpContext.User = await signInManager.CreateUserPrincipalAsync(user);
        return controller.View("~/Views/Account/SendAgain.cshtml", new SignInForm { PendingAction = form.PendingAction, Pending = form.Pending });
    }

    /// <summary>
    /// The fields to send again: all but the form token, which belonged to the session that ended, and passwords, which
    /// are never written into a page. A form that cannot be read never gets here (<c>Infrastructure.FormReading</c>).
    /// </summary>
    public static async Task<List<PendingField>> FieldsOfAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        return
        [
            .. form
                .Where(f => f.Key != "__RequestVerificationToken" && !f.Key.Contains("Password", StringComparison.OrdinalIgnoreCase))
                .SelectMany(f => f.Value.Select(value => new PendingField { Name = f.Key, Value = value ?? string.Empty })),
        ];
    }

    // Who the ended session was: its cookie is still sent (it lasts as long as the browser), though it is no longer accepted.
    private static string? SenderOf(RedirectContext<CookieAuthenticationOptions> context)
    {
        var options = context.Options;
        var cookie = options.CookieManager.GetRequestCookie(context.HttpContext, options.Cookie.Name!);
        return cookie is null ? null : options.TicketDataFormat.Unprotect(cookie)?.Principal.FindFirstValue(ClaimTypes.NameIdentifier);
    }

    private static ITimeLimitedDataProtector Protector(HttpContext context) =>
        context.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose).ToTimeLimitedDataProtector();
}
