using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Infrastructure;
using PolicyPortal.Web.Services;
using PolicyPortal.Web.ViewModels.Account;
using PolicyPortal.Web.ViewModels.TwoStep;

namespace PolicyPortal.Web.Controllers;

/// <summary>
/// Sign-in, sign-out, and setting a password through an emailed link (an invitation, or a reset of a forgotten
/// password). There is no self-registration: accounts are created by the Principal.
/// </summary>
[Route("account")]
public sealed class AccountController(
    PortalSignInManager signInManager,
    PersonalData personalData,
    Passwords passwords,
    IOptions<AuthOptions> authOptions,
    UnknownAccountLockout unknownAccounts,
    AuthenticationAudit audit) : Controller
{
    internal const string NoticeKey = "AccountNotice";

    /// <summary>Said of a locked account, and of an address with no account after as many failures, so neither tells which it is.</summary>
    internal const string LockedMessage = "This account is locked for 15 minutes after too many failed attempts. To sign in sooner, choose a new password through \"Forgotten your password?\" on the sign-in page.";

    [AllowAnonymous]
    [HttpGet("sign-in")]
    public IActionResult ShowSignIn(string? returnUrl)
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            return RedirectToReturnUrl(returnUrl);
        }

        ViewData["Notice"] = TempData[NoticeKey] as string;
        return View("SignIn", new SignInForm { ReturnUrl = returnUrl });
    }

    [AllowAnonymous]
    [HttpPost("sign-in")]
    [EnableRateLimiting(SignInRateLimit.PolicyName)]
    [LargeForm(RequestLimits.PolicyTextForm)] // It may carry a form sent after the session ended, the draft editor's the largest.
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
            ? NoAccount(form)
            : await signInManager.PasswordSignInAsync(user, form.Password!, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            audit.SignedIn(user!.Id, form.Email!);
            if (user.TwoFactorEnabled)
            {
                audit.TwoStepPassed(user.Id, "RememberedBrowser");
            }

            // Only the person who sent it sends it again; for anyone else signing in here it is dropped, unseen.
            if (form.IsSentBy(user.Id, this))
            {
                return await this.SendAgainPageAsync(signInManager, user, form);
            }

            return RedirectToReturnUrl(form.ReturnUrl);
        }

        if (result.RequiresTwoFactor)
        {
            // The password was right; a code from the authenticator app comes next, on a page that carries on a form
            // waiting to be sent again, if it is this person's.
            var returnUrl = Url.IsLocalUrl(form.ReturnUrl) ? form.ReturnUrl : null;
            if (form.IsSentBy(user!.Id, this))
            {
                Response.StatusCode = StatusCodes.Status200OK;
                return View("~/Views/TwoStep/SecondStep.cshtml", new SecondStepForm { ReturnUrl = returnUrl, PendingAction = form.PendingAction, PendingSender = form.PendingSender, Pending = form.Pending });
            }

            return RedirectToAction(nameof(TwoStepController.ShowSecondStep), "TwoStep", new { returnUrl });
        }

        if (result.IsLockedOut && user is not null)
        {
            audit.LockedOut(form.Email!, user.Id);
            ModelState.AddModelError(string.Empty, LockedMessage);
        }
        else
        {
            audit.SignInFailed(form.Email!, user?.Id, user is null ? "NoSuchAccount" : result.IsNotAllowed ? "NotAllowed" : "WrongPassword");
            ModelState.AddModelError(string.Empty, result.IsLockedOut ? LockedMessage : "The email address or password is not right. Check them and try again.");
        }

        return SignInPage(form);
    }

    /// <summary>
    /// A sign-in with an address that has no account fails as a wrong password does: in as much time, and, after as many
    /// failures, "locked" as an account would be (<see cref="UnknownAccountLockout"/>).
    /// </summary>
    private Microsoft.AspNetCore.Identity.SignInResult NoAccount(SignInForm form)
    {
        signInManager.CheckPasswordOfNoAccount(form.Password!);
        var address = signInManager.UserManager.NormalizeName(form.Email!);
        return unknownAccounts.IsLockedOut(address) || unknownAccounts.Fail(address)
            ? Microsoft.AspNetCore.Identity.SignInResult.LockedOut
            : Microsoft.AspNetCore.Identity.SignInResult.Failed;
    }

    /// <summary>
    /// A form sent by someone no longer signed in, passed on here with its fields by the sign-in cookie's challenge
    /// (<see cref="UnsentForm"/>): the sign-in page, which carries the fields through signing in.
    /// </summary>
    [AllowAnonymous]
    [IgnoreAntiforgeryToken] // The form's token belonged to the session that ended. This page only shows a form.
    [HttpPost("session-ended")]
    [EnableRateLimiting(SignInRateLimit.PolicyName)]
    [LargeForm(RequestLimits.PolicyTextForm)]
    public async Task<IActionResult> SessionEnded([FromQuery] string? sentTo, [FromQuery] string? sender)
    {
        var form = new SignInForm();
        if (Url.IsLocalUrl(sentTo) && UnsentForm.IsCarried(Request) && UnsentForm.Unseal(HttpContext, sender) is not null)
        {
            form.PendingAction = sentTo;
            form.PendingSender = sender;
            form.Pending = await UnsentForm.FieldsOfAsync(Request);
        }
        else
        {
            ViewData["Notice"] = "You are not signed in, perhaps because you signed out in another tab, so what you sent was not saved. Sign in, then send it again.";
            ViewData["NoticeIsWarning"] = true;
        }

        return SignInPage(form, StatusCodes.Status200OK);
    }

    /// <summary>
    /// A form sent after the session ended, carried by the browser through signing in with a school account
    /// (<c>js/site.js</c>): sent on, as after signing in with a password, only if this person sent it.
    /// </summary>
    [HttpPost("send-again")]
    [LargeForm(RequestLimits.PolicyTextForm)]
    public IActionResult SendAgain(UnsentFormFields form) =>
        form.IsSentBy(User.UserId(), this)
            ? View("SendAgain", new SignInForm { PendingAction = form.PendingAction, Pending = form.Pending })
            : RedirectToAction(nameof(HomeController.Index), "Home");

    /// <summary>
    /// Signs out. A tab left open after signing out elsewhere may send this again: it is then told so, rather than
    /// refused for a form token that belonged to the session that ended.
    /// </summary>
    [AllowAnonymous]
    [IgnoreAntiforgeryToken]
    [HttpPost("sign-out")]
    public async Task<IActionResult> SignOut([FromServices] IAntiforgery antiforgery)
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            TempData[NoticeKey] = "You were already signed out.";
            return RedirectToAction(nameof(ShowSignIn));
        }

        if (!await antiforgery.IsRequestValidAsync(HttpContext))
        {
            return BadRequest();
        }

        // A new security stamp ends this session everywhere, not only in this browser: a copied cookie stops working at
        // the next stamp check, within a minute.
        if (await signInManager.UserManager.GetUserAsync(User) is { } user)
        {
            await signInManager.UserManager.UpdateSecurityStampAsync(user);
            audit.SignedOut(user.Id);
        }

        await signInManager.SignOutAsync();
        TempData[NoticeKey] = "You have signed out.";
        return RedirectToAction(nameof(ShowSignIn));
    }

    /// <summary>The page an invitation links to, where a new person sets their first password.</summary>
    [AllowAnonymous]
    [HttpGet("set-password")]
    public Task<IActionResult> ShowSetPassword(string? user, string? token) => LinkPageAsync(PasswordLink.Invitation, user, token);

    [AllowAnonymous]
    [HttpPost("set-password")]
    [EnableRateLimiting(SignInRateLimit.PolicyName)]
    public Task<IActionResult> SetPassword(SetPasswordForm form, CancellationToken cancellationToken) =>
        SetPasswordThroughLinkAsync(PasswordLink.Invitation, form, "Your password is set. Sign in with your email address and your new password.", cancellationToken);

    [AllowAnonymous]
    [HttpGet("forgot-password")]
    public IActionResult ShowForgotPassword()
    {
        ViewData["Notice"] = TempData[NoticeKey] as string;
        return View("ForgotPassword", new ForgotPasswordForm());
    }

    /// <summary>Sends a reset link if the address is an account's; the answer is the same either way.</summary>
    [AllowAnonymous]
    [HttpPost("forgot-password")]
    [EnableRateLimiting(SignInRateLimit.PolicyName)]
    public async Task<IActionResult> ForgotPassword(ForgotPasswordForm form, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("ForgotPassword", form);
        }

        var userId = await passwords.SendResetLinkAsync(form.Email!, cancellationToken);
        audit.PasswordResetRequested(form.Email!, userId);
        TempData[NoticeKey] = $"If {form.Email} is the address of a PolicyPortal account, we have emailed it a link to choose a new password. "
            + $"The link works for {authOptions.Value.PasswordResetMinutes} minutes. If nothing arrives within a few minutes, check the address or ask the Principal's office.";
        return RedirectToAction(nameof(ShowForgotPassword));
    }

    /// <summary>The page a password reset email links to.</summary>
    [AllowAnonymous]
    [HttpGet("reset-password")]
    public Task<IActionResult> ShowResetPassword(string? user, string? token) => LinkPageAsync(PasswordLink.Reset, user, token);

    [AllowAnonymous]
    [HttpPost("reset-password")]
    [EnableRateLimiting(SignInRateLimit.PolicyName)]
    public Task<IActionResult> ResetPassword(SetPasswordForm form, CancellationToken cancellationToken) =>
        SetPasswordThroughLinkAsync(
            PasswordLink.Reset,
            form,
            "Your new password is set, and any other browser signed in as you has been signed out. Sign in with your new password.",
            cancellationToken);

    /// <summary>My account: who the portal thinks I am, my password, and my data to download.</summary>
    [HttpGet("")]
    public async Task<IActionResult> Index()
    {
        var user = await signInManager.UserManager.GetUserAsync(User);
        ViewData["Notice"] = TempData[NoticeKey] as string;
        ViewData["TwoStepRequired"] = authOptions.Value.RolesRequiringTwoStep.Any(User.IsInRole);
        ViewData["HasPassword"] = user?.PasswordHash is not null;
        ViewData["SchoolAccountOnly"] = user?.SchoolAccountOnly == true;
        return View();
    }

    [HttpGet("change-password")]
    public IActionResult ShowChangePassword() => View("ChangePassword", new ChangePasswordForm());

    /// <summary>Changes the password; this browser stays signed in, every other one is signed out within a minute.</summary>
    [HttpPost("change-password")]
    [EnableRateLimiting(SignInRateLimit.PolicyName)]
    public async Task<IActionResult> ChangePassword(ChangePasswordForm form, CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            var problems = await passwords.ChangeAsync(User.UserId(), form.CurrentPassword!, form.Password!, cancellationToken);
            if (problems.Count == 0)
            {
                audit.PasswordSet(User.UserId(), "Change");

                // The new security stamp goes into this browser's cookie, so this session survives the next check.
                if (await signInManager.UserManager.GetUserAsync(User) is { } user)
                {
                    await signInManager.RefreshSignInAsync(user);
                }

                TempData[NoticeKey] = "Your password is changed. Any other browser signed in as you will be signed out within a minute.";
                return RedirectToAction(nameof(Index));
            }

            ModelState.AddProblems(problems);
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        form.CurrentPassword = form.Password = form.ConfirmPassword = null;
        return View("ChangePassword", form);
    }

    /// <summary>Everything the portal holds about me, as JSON: the answer to a subject access request.</summary>
    [HttpGet("data")]
    public async Task<IActionResult> Data(CancellationToken cancellationToken)
    {
        var data = await personalData.ForPersonAsync(User.UserId(), principal: null, cancellationToken);
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

    private async Task<IActionResult> LinkPageAsync(PasswordLink link, string? user, string? token)
    {
        var email = await passwords.CheckLinkAsync(link, user, token);
        return email is null ? LinkNotValid() : SetPasswordPage(link, new SetPasswordForm { User = user, Token = token }, email);
    }

    /// <summary>
    /// What an invitation's and a reset's forms both do: a link that does not work gets the same page whatever the reason;
    /// a refused password comes back with Identity's reasons; a password set sends the visitor to sign in.
    /// </summary>
    private async Task<IActionResult> SetPasswordThroughLinkAsync(PasswordLink link, SetPasswordForm form, string notice, CancellationToken cancellationToken)
    {
        var email = await passwords.CheckLinkAsync(link, form.User, form.Token);
        if (email is null)
        {
            return LinkNotValid();
        }

        if (ModelState.IsValid)
        {
            var result = await passwords.SetThroughLinkAsync(link, form.User, form.Token, form.Password!, cancellationToken);
            if (result.Outcome == PasswordLinkOutcome.LinkNotValid)
            {
                return LinkNotValid();
            }

            if (result.Outcome == PasswordLinkOutcome.PasswordSet)
            {
                audit.PasswordSet(form.User!, link.Name);

                // Whoever was signed in on this browser makes way for the account's sign-in with its new password.
                await signInManager.SignOutAsync();
                TempData[NoticeKey] = notice;
                return RedirectToAction(nameof(ShowSignIn));
            }

            ModelState.AddProblems(result.Problems);
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        form.Password = form.ConfirmPassword = null;
        return SetPasswordPage(link, form, email);
    }

    private ViewResult SetPasswordPage(PasswordLink link, SetPasswordForm form, string email) =>
        View("SetPassword", new SetPasswordViewModel(form, email, IsReset: link == PasswordLink.Reset));

    private ViewResult SignInPage(SignInForm form, int statusCode = StatusCodes.Status400BadRequest)
    {
        if (form.PendingAction is not null)
        {
            ViewData["Notice"] = "You are no longer signed in: your session ended after a time without use. Nothing you sent has been saved yet. Sign in again and it will be sent.";
            ViewData["NoticeIsWarning"] = true;
        }

        Response.StatusCode = statusCode;
        form.Password = null;
        return View("SignIn", form);
    }

    // Only to a page of the portal; otherwise, or with none, to My policies.
    private IActionResult RedirectToReturnUrl(string? returnUrl) =>
        Url.IsLocalUrl(returnUrl) ? LocalRedirect(returnUrl) : RedirectToAction(nameof(HomeController.Index), "Home");
}
