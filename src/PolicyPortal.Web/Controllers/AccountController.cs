using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Services;
using PolicyPortal.Web.ViewModels.Account;

namespace PolicyPortal.Web.Controllers;

/// <summary>Sign-in and sign-out. There is no self-registration: accounts are created by the Principal.</summary>
[Route("account")]
public sealed class AccountController(SignInManager<PortalUser> signInManager, PersonalData personalData, ILogger<AccountController> logger) : Controller
{
    [AllowAnonymous]
    [HttpGet("sign-in")]
    public IActionResult ShowSignIn(string? returnUrl)
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            return LocalRedirect(SafeReturnUrl(returnUrl));
        }

        return View("SignIn", new SignInForm { ReturnUrl = returnUrl });
    }

    [AllowAnonymous]
    [HttpPost("sign-in")]
    public async Task<IActionResult> SignIn(SignInForm form)
    {
        if (!ModelState.IsValid)
        {
            return SignInPage(form);
        }

        var result = await signInManager.PasswordSignInAsync(form.Email!, form.Password!, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return LocalRedirect(SafeReturnUrl(form.ReturnUrl));
        }

        if (result.IsLockedOut)
        {
            logger.LogWarning("Sign-in refused: account locked out after repeated failures");
            ModelState.AddModelError(string.Empty, "This account is locked for 15 minutes after too many failed attempts. If you need to sign in sooner, ask the Principal.");
        }
        else
        {
            logger.LogInformation("Sign-in failed: wrong email address or password");
            ModelState.AddModelError(string.Empty, "The email address or password is not right. Check them and try again.");
        }

        return SignInPage(form);
    }

    [HttpPost("sign-out")]
    public new async Task<IActionResult> SignOut()
    {
        await signInManager.SignOutAsync();
        return RedirectToAction(nameof(ShowSignIn));
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
        return File(json, "application/json", "policyportal-my-data.json");
    }

    private static readonly System.Text.Json.JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    private ViewResult SignInPage(SignInForm form)
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        form.Password = null;
        return View("SignIn", form);
    }

    private string SafeReturnUrl(string? returnUrl) => Url.IsLocalUrl(returnUrl) ? returnUrl : "/";
}
