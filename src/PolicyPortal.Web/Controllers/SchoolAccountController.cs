using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Infrastructure;
using PolicyPortal.Web.Services;

namespace PolicyPortal.Web.Controllers;

/// <summary>
/// Signing in with the school's Microsoft 365 or Google account (<see cref="SchoolAccountSignIn"/>): off the sign-in
/// page to the provider, and back from it to the page the person was going to.
/// </summary>
[AllowAnonymous]
[Route("account/school-account")]
public sealed class SchoolAccountController(
    SchoolAccounts schoolAccounts,
    IOptions<OidcOptions> oidc,
    IOptionsMonitor<OpenIdConnectOptions> handlerOptions,
    AuthenticationAudit audit) : Controller
{
    /// <summary>Marks the first page after signing in with a school account, for a form carried through it (<c>js/site.js</c>).</summary>
    internal const string ReturnedKey = "SchoolAccountReturned";

    /// <summary>
    /// Sends the browser to the school's identity provider; it comes back through <c>/signin-oidc</c> to <see cref="Finish"/>.
    /// A link, as Microsoft's own sign-in pages use, not a form: a provider may pass the browser on to another (a
    /// Workspace domain that signs in through Entra, say), which a form's <c>form-action</c> would stop. Starting it
    /// changes nothing but the provider's correlation cookie, and only the person's own account can come back.
    /// </summary>
    [HttpGet("")]
    [EnableRateLimiting(SignInRateLimit.PolicyName)]
    public async Task<IActionResult> Start(string? returnUrl, CancellationToken cancellationToken)
    {
        if (!oidc.Value.IsConfigured)
        {
            return NotFound();
        }

        // Only a person's click on the portal's own page starts it: not a page fetched ahead, an image or a frame, nor
        // another site's link, which would leave correlation cookies and spend the address's sign-in allowance for nothing.
        if (Request.IsPrefetch())
        {
            Response.Headers.CacheControl = "no-store";
            return StatusCode(StatusCodes.Status400BadRequest);
        }

        if (!Request.IsPageNavigation() || Request.Headers["Sec-Fetch-Site"] is [{ } site] && site is not ("same-origin" or "none"))
        {
            return RedirectToAction(nameof(AccountController.ShowSignIn), "Account", new { returnUrl = Url.IsLocalUrl(returnUrl) ? returnUrl : null });
        }

        // The provider's published settings, fetched once and kept by the handler: without them there is nowhere to go.
        if (handlerOptions.Get(OidcOptions.Scheme).ConfigurationManager is { } provider)
        {
            try
            {
                await provider.GetConfigurationAsync(cancellationToken);
            }
            catch (Exception error) when (error is InvalidOperationException or HttpRequestException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                audit.SchoolAccountFailed($"the provider's settings could not be read from {oidc.Value.Authority}: {error.Message}");
                Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return View("Failed", true);
            }
        }

        // Only a page of the portal is carried through the provider, so its answer cannot send anyone elsewhere.
        var finish = Url.Action(nameof(Finish), new { returnUrl = Url.IsLocalUrl(returnUrl) ? returnUrl : null });
        return Challenge(new AuthenticationProperties { RedirectUri = finish }, OidcOptions.Scheme);
    }

    [HttpGet("signed-in")]
    public async Task<IActionResult> Finish(string? returnUrl, CancellationToken cancellationToken)
    {
        if (!oidc.Value.IsConfigured)
        {
            return NotFound();
        }

        var external = await HttpContext.AuthenticateAsync(IdentityConstants.ExternalScheme);
        await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme);
        if (external.Principal is null || SchoolAccount.From(external.Principal) is not { } account)
        {
            return RedirectToAction(nameof(Failed));
        }

        var outcome = await schoolAccounts.SignInAsync(account, cancellationToken);
        if (outcome == SchoolAccountOutcome.SignedIn)
        {
            TempData[ReturnedKey] = true;
            return Url.IsLocalUrl(returnUrl) ? LocalRedirect(returnUrl) : RedirectToAction(nameof(HomeController.Index), "Home");
        }

        if (outcome == SchoolAccountOutcome.Interrupted)
        {
            return RedirectToAction(nameof(Failed));
        }

        Response.StatusCode = StatusCodes.Status403Forbidden;
        return View("NotSetUp", new SchoolAccountRefusal(outcome, account.Email));
    }

    /// <summary>Where a sign-in with a school account that did not finish ends: cancelled, refused by the provider, or stale.</summary>
    [HttpGet("failed")]
    public IActionResult Failed() => oidc.Value.IsConfigured ? View("Failed", false) : NotFound();
}

/// <summary>Why a school account was refused, and the address the provider gave, to tell the school office.</summary>
public sealed record SchoolAccountRefusal(SchoolAccountOutcome Outcome, string? Email);
