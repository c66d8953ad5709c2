using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Services;
using PolicyPortal.Web.ViewModels.Account;

namespace PolicyPortal.Web.Controllers;

/// <summary>Sign-in and sign-out. There is no self-registration: accounts are created by the Principal.</summary>
[Route("account")]
public sealed class AccountController(SignInManager<PortalUser> signInManager, PersonalData personalData, Invitations invitations, AuthenticationAudit audit) : Controller
{
    private const string NoticeKey = "AccountNotice";

    [AllowAnonymous]
    [HttpGet("sign-in")]
    public IActionResult ShowSignIn(string? returnUrl)
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            return LocalRedirect(SafeReturnUrl(returnUrl));
        }

        ViewData["Notice"] = TempData[NoticeKey] as string;
        return View("SignIn", new SignInForm { ReturnUrl = returnUrl });
    }

    [AllowAnonymous]
    [HttpPost("sign-in")]
    [EnableRateLimiting(SignInRateLimit.PolicyName)]
    public async Task<IActionResult> SignIn(SignInForm form)
    {
        if (!ModelState.IsValid)
        {
            return SignInPage(form);
        }

        // Found here rather than inside Identity so the audit log can tell an unknown address from a wrong password.
        // The visitor is told the same either way.
        var user = await signInManager.UserManager.FindByNameAsync(form.Email!);
        var result = user is null
            ? Microsoft.AspNetCore.Identity.SignInResult.Failed
            : await signInManager.PasswordSignInAsync(user, form.Password!, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            audit.SignedIn(user!.Id, form.Email!);
            return LocalRedirect(SafeReturnUrl(form.ReturnUrl));
        }

        if (result.IsLockedOut)
        {
            audit.LockedOut(form.Email!, user!.Id);
            ModelState.AddModelError(string.Empty, "This account is locked for 15 minutes after too many failed attempts. If you need to sign in sooner, ask the Principal.");
        }
        else
        {
            audit.SignInFailed(form.Email!, user?.Id, user is null ? "NoSuchAccount" : result.IsNotAllowed ? "NotAllowed" : "WrongPassword");
            ModelState.AddModelError(string.Empty, "The email address or password is not right. Check them and try again.");
        }

        return SignInPage(form);
    }

    [HttpPost("sign-out")]
    public new async Task<IActionResult> SignOut()
    {
        // A new security stamp ends this session everywhere, not only in this browser: a copied cookie stops working at
        // the next stamp check, within a minute.
        if (await signInManager.UserManager.GetUserAsync(User) is { } user)
        {
            await signInManager.UserManager.UpdateSecurityStampAsync(user);
            audit.SignedOut(user.Id);
        }

        await signInManager.SignOutAsync();
        return RedirectToAction(nameof(ShowSignIn));
    }

    /// <summary>The page an invitation links to, where a new person sets their first password.</summary>
    [AllowAnonymous]
    [HttpGet("set-password")]
    public async Task<IActionResult> ShowSetPassword(string? user, string? token)
    {
        var email = await invitations.CheckAsync(user, token);
        return email is null
            ? LinkNotValid()
            : View("SetPassword", new SetPasswordViewModel(new SetPasswordForm { User = user, Token = token }, email));
    }

    [AllowAnonymous]
    [HttpPost("set-password")]
    [EnableRateLimiting(SignInRateLimit.PolicyName)]
    public async Task<IActionResult> SetPassword(SetPasswordForm form, CancellationToken cancellationToken)
    {
        var email = await invitations.CheckAsync(form.User, form.Token);
        if (email is null)
        {
            return LinkNotValid();
        }

        if (ModelState.IsValid)
        {
            var result = await invitations.AcceptAsync(form.User, form.Token, form.Password!, cancellationToken);
            if (result.Outcome == InvitationOutcome.LinkNotValid)
            {
                return LinkNotValid();
            }

            if (result.Outcome == InvitationOutcome.PasswordSet)
            {
                audit.PasswordSet(form.User!, "Invitation");

                // Whoever was signed in on this browser makes way for the new account's first sign-in.
                await signInManager.SignOutAsync();
                TempData[NoticeKey] = "Your password is set. Sign in with your email address and your new password.";
                return RedirectToAction(nameof(ShowSignIn));
            }

            foreach (var problem in result.Problems)
            {
                ModelState.AddModelError(nameof(SetPasswordForm.Password), problem);
            }
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        form.Password = form.ConfirmPassword = null;
        return View("SetPassword", new SetPasswordViewModel(form, email));
    }

    /// <summary>My account: who the portal thinks I am, and my data to download.</summary>
    [HttpGet("")]
    public IActionResult Index() => View();

    /// <summary>Everything the portal holds about me, as JSON: the answer to a subject access request.</summary>
    [HttpGet("data")]
    public async Task<IActionResult> Data(CancellationToken cancellationToken)
    {
        var data = await personalData.ForPersonAsync(User.UserId(), cancellationToken);
        if (data is null)
        {
            return NotFound();
        }

        var json = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(data, JsonOptions);
        // Personal data: no copy kept by the browser's or a proxy's cache.
        Response.Headers.CacheControl = "no-store";
        return File(json, "application/json", "policyportal-my-data.json");
    }

    private static readonly System.Text.Json.JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    // Used, expired, replaced or made up: the same page, which says nothing about whether the account exists.
    private ViewResult LinkNotValid()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View("LinkNotValid");
    }

    private ViewResult SignInPage(SignInForm form)
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        form.Password = null;
        return View("SignIn", form);
    }

    private string SafeReturnUrl(string? returnUrl) => Url.IsLocalUrl(returnUrl) ? returnUrl : "/";
}
