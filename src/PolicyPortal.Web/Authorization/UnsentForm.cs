using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using PolicyPortal.Web.ViewModels.Account;

namespace PolicyPortal.Web.Authorization;

/// <summary>
/// A form sent by someone no longer signed in: their session ended while the form was open, or they signed out in
/// another tab. Sent to sign in the usual way, they would lose what they typed, and the sign-in would take them back to
/// the form's address, which answers only a POST. Instead the sign-in cookie's challenge passes the form on, method and
/// body, with a 307 to the "session ended" sign-in page (<c>AccountController.SessionEnded</c>); that page carries the
/// fields through signing in, and the form is then sent again as it was, with a new form token.
/// </summary>
public static class UnsentForm
{
    /// <summary>The cookie's challenge: a form sent from the portal's own page is passed on; anything else goes to sign in.</summary>
    public static Task RedirectToSignIn(RedirectContext<CookieAuthenticationOptions> context)
    {
        var request = context.Request;
        if (HttpMethods.IsPost(request.Method) && request.HasFormContentType && IsFromThePortal(request))
        {
            var links = context.HttpContext.RequestServices.GetRequiredService<LinkGenerator>();
            context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
            context.Response.Headers.Location = links.GetPathByAction(
                context.HttpContext,
                action: "SessionEnded",
                controller: "Account",
                values: new { sentTo = $"{request.PathBase}{request.Path}{request.QueryString}" });
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Whether the browser says the form came from one of the portal's pages. Only such a form is carried through a
    /// sign-in: another site's form must not be sent in someone's name because they signed in.
    /// </summary>
    public static bool IsFromThePortal(HttpRequest request) =>
        request.Headers["Sec-Fetch-Site"] == "same-origin"
        || string.Equals(request.Headers.Origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The fields to send again: all but the form token, which belonged to the session that ended, and passwords, which
    /// are never written into a page. Null when the form cannot be read (over the size limits): it is then not carried.
    /// </summary>
    public static async Task<List<PendingField>?> FieldsOfAsync(HttpRequest request)
    {
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        }
        catch (Exception error) when (error is Microsoft.AspNetCore.Http.BadHttpRequestException or InvalidDataException)
        {
            return null;
        }

        return
        [
            .. form
                .Where(f => f.Key != "__RequestVerificationToken" && !f.Key.Contains("Password", StringComparison.OrdinalIgnoreCase))
                .SelectMany(f => f.Value.Select(value => new PendingField { Name = f.Key, Value = value ?? string.Empty })),
        ];
    }
}
