using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Services;
using PolicyPortal.Web.ViewModels.Account;

namespace PolicyPortal.Web.Controllers;

/// <summary>
/// Sign-in, sign-out, and setting a password through an emailed link (an invitation, or a reset of a forgotten
/// password). There is no self-registration: accounts are created by the Principal.
/// </summary>
[Route("account")]
public sealed class AccountController(
    PortalSignInManager signInManager,
    PersonalData personalData,
    Invitations invitations,
    Passwords passwords,
    IOptions<AuthOptions> authOptions,
    AuthenticationAudit audit) : Controller
{
    private const string NoticeKey = "AccountNotice";

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
    public async Task<IActionResult> SignIn(SignInForm form)
    {
        if (!ModelState.IsValid)
        {
            return SignInPage(form);
        }

        // Found here rather than inside Identity so the audit log can tell an unknown address from a wrong password.
        // The visitor is told the same either way.
        var user = await signInManager.UserManager.FindByNameAsync(form.Email!);
        if (user is null)
        {
            signInManager.CheckPasswordOfNoAccount(form.Password!);
        }

        var result = user is null
            ? Microsoft.AspNetCore.Identity.SignInResult.Failed
            : await signInManager.PasswordSignInAsync(user, form.Password!, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            audit.SignedIn(user!.Id, form.Email!);
            return RedirectToReturnUrl(form.ReturnUrl);
        }

        if (result.IsLockedOut)
        {
            audit.LockedOut(form.Email!, user!.Id);
            ModelState.AddModelError(string.Empty, "This account is locked for 15 minutes after too many failed attempts. To sign in sooner, choose a new password through \"Forgotten your password?\" below.");
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
    public Task<IActionResult> SetPassword(SetPasswordForm form, CancellationToken cancellationToken) =>
        SetPasswordThroughLinkAsync(
            form,
            isReset: false,
            () => invitations.CheckAsync(form.User, form.Token),
            () => invitations.AcceptAsync(form.User, form.Token, form.Password!, cancellationToken),
            "Your password is set. Sign in with your email address and your new password.");

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
    public async Task<IActionResult> ShowResetPassword(string? user, string? token)
    {
        var email = await passwords.CheckResetLinkAsync(user, token);
        return email is null
            ? LinkNotValid()
            : View("SetPassword", new SetPasswordViewModel(new SetPasswordForm { User = user, Token = token }, email, IsReset: true));
    }

    [AllowAnonymous]
    [HttpPost("reset-password")]
    [EnableRateLimiting(SignInRateLimit.PolicyName)]
    public Task<IActionResult> ResetPassword(SetPasswordForm form, CancellationToken cancellationToken) =>
        SetPasswordThroughLinkAsync(
            form,
            isReset: true,
            () => passwords.CheckResetLinkAsync(form.User, form.Token),
            () => passwords.ResetAsync(form.User, form.Token, form.Password!, cancellationToken),
            "Your new password is set, and any other browser signed in as you has been signed out. Sign in with your new password.");

    /// <summary>My account: who the portal thinks I am, my password, and my data to download.</summary>
    [HttpGet("")]
    public IActionResult Index()
    {
        ViewData["Notice"] = TempData[NoticeKey] as string;
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

            foreach (var problem in problems)
            {
                ModelState.AddModelError(problem.StartsWith("Your current password", StringComparison.Ordinal) ? nameof(ChangePasswordForm.CurrentPassword) : nameof(ChangePasswordForm.Password), problem);
            }
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        form.CurrentPassword = form.Password = form.ConfirmPassword = null;
        return View("ChangePassword", form);
    }

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

    /// <summary>
    /// The shared half of the invitation and reset forms: a link that does not work gets the same page whatever the
    /// reason; a refused password comes back with Identity's reasons; a password set sends the visitor to sign in.
    /// </summary>
    private async Task<IActionResult> SetPasswordThroughLinkAsync(
        SetPasswordForm form, bool isReset, Func<Task<string?>> check, Func<Task<PasswordLinkResult>> apply, string notice)
    {
        var email = await check();
        if (email is null)
        {
            return LinkNotValid();
        }

        if (ModelState.IsValid)
        {
            var result = await apply();
            if (result.Outcome == PasswordLinkOutcome.LinkNotValid)
            {
                return LinkNotValid();
            }

            if (result.Outcome == PasswordLinkOutcome.PasswordSet)
            {
                audit.PasswordSet(form.User!, isReset ? "PasswordReset" : "Invitation");

                // Whoever was signed in on this browser makes way for the account's sign-in with its new password.
                await signInManager.SignOutAsync();
                TempData[NoticeKey] = notice;
                return RedirectToAction(nameof(ShowSignIn));
            }

            foreach (var problem in result.Problems)
            {
                ModelState.AddModelError(nameof(SetPasswordForm.Password), problem);
            }
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        form.Password = form.ConfirmPassword = null;
        return View("SetPassword", new SetPasswordViewModel(form, email, isReset));
    }

    private ViewResult SignInPage(SignInForm form)
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        form.Password = null;
        return View("SignIn", form);
    }

    // Only to a page of the portal; otherwise, or with none, to My policies.
    private IActionResult RedirectToReturnUrl(string? returnUrl) =>
        Url.IsLocalUrl(returnUrl) ? LocalRedirect(returnUrl) : RedirectToAction(nameof(HomeController.Index), "Home");
}
