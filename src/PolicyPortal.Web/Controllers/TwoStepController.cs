using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Infrastructure;
using PolicyPortal.Web.ViewModels.TwoStep;
using QRCoder;

namespace PolicyPortal.Web.Controllers;

/// <summary>
/// Two-step sign-in: a code from an authenticator app after the password. Setting it up (the key as text and as a QR
/// code, confirmed with a code), recovery codes shown once, the second step of signing in, and turning it off.
/// </summary>
[Route("account/two-step")]
public sealed class TwoStepController(PortalSignInManager signInManager, IOptions<AuthOptions> authOptions, AuthenticationAudit audit) : Controller
{
    private const int RecoveryCodeCount = 10;

    private UserManager<PortalUser> Users => signInManager.UserManager;

    /// <summary>The second step, for someone whose password was right and who has two-step sign-in set up.</summary>
    [AllowAnonymous]
    [HttpGet("")]
    public async Task<IActionResult> ShowSecondStep(string? returnUrl) =>
        await signInManager.GetTwoFactorAuthenticationUserAsync() is null
            ? StartAgain()
            : View("SecondStep", new SecondStepForm { ReturnUrl = returnUrl });

    [AllowAnonymous]
    [HttpPost("")]
    [EnableRateLimiting(SignInRateLimit.PolicyName)]
    [LargeForm(RequestLimits.PolicyTextForm)] // It may carry a form sent after the session ended, as the sign-in form may.
    public async Task<IActionResult> SecondStep(SecondStepForm form)
    {
        var user = await signInManager.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return StartAgain();
        }

        if (!ModelState.IsValid)
        {
            return SecondStepPage(form);
        }

        var code = AuthenticatorCode(form.Code!);
        var how = code is null ? "RecoveryCode" : "AuthenticatorCode";
        var result = code is null
            ? await signInManager.TwoFactorRecoveryCodeSignInAsync(form.Code!.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant())
            : await signInManager.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: form.RememberBrowser);
        if (result.Succeeded)
        {
            audit.TwoStepPassed(user.Id, how);
            audit.SignedIn(user.Id, user.Email!);
            if (form.IsSentBy(user.Id, this))
            {
                return await this.SendAgainPageAsync(signInManager, user, form);
            }

            return Url.IsLocalUrl(form.ReturnUrl) ? LocalRedirect(form.ReturnUrl) : RedirectToAction(nameof(HomeController.Index), "Home");
        }

        audit.TwoStepFailed(user.Id, how, result.IsLockedOut);
        ModelState.AddModelError(nameof(form.Code), result.IsLockedOut
            ? AccountController.LockedMessage
            : "That code is not right, or has been used already. Enter the code your app shows now, or an unused recovery code.");
        return SecondStepPage(form);
    }

    /// <summary>The key for an authenticator app, as text and as a QR code, and a field for the code it then shows.</summary>
    [HttpGet("set-up")]
    public async Task<IActionResult> ShowSetUp()
    {
        var user = await Users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (user.TwoFactorEnabled)
        {
            return RedirectToAction(nameof(AccountController.Index), "Account");
        }

        return await SetUpPageAsync(user, new SetUpForm(), StatusCodes.Status200OK);
    }

    [HttpPost("set-up")]
    [EnableRateLimiting(SignInRateLimit.PolicyName)]
    public async Task<IActionResult> SetUp([Bind(Prefix = nameof(SetUpViewModel.Form))] SetUpForm form)
    {
        var user = await Users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (user.TwoFactorEnabled)
        {
            return RedirectToAction(nameof(AccountController.Index), "Account");
        }

        if (ModelState.IsValid)
        {
            var code = AuthenticatorCode(form.Code!);
            if (code is not null && await Users.VerifyTwoFactorTokenAsync(user, Users.Options.Tokens.AuthenticatorTokenProvider, code))
            {
                await Users.SetTwoFactorEnabledAsync(user, true);
                var recoveryCodes = await Users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount);
                await signInManager.RefreshSignInAsync(user);
                audit.TwoStepChanged(user.Id, "SetUp");

                // Shown this once only: the portal keeps them hashed.
                Response.Headers.CacheControl = "no-store";
                return View("RecoveryCodes", recoveryCodes!.ToList());
            }

            ModelState.AddModelError($"{nameof(SetUpViewModel.Form)}.{nameof(form.Code)}", "That code is not right. Check that your app was set up with the key below, then enter the code it shows now.");
        }

        return await SetUpPageAsync(user, form, StatusCodes.Status400BadRequest);
    }

    /// <summary>New recovery codes in place of the old ones, which stop working.</summary>
    [HttpPost("recovery-codes")]
    public async Task<IActionResult> NewRecoveryCodes()
    {
        var user = await Users.GetUserAsync(User);
        if (user is not { TwoFactorEnabled: true })
        {
            return RedirectToAction(nameof(AccountController.Index), "Account");
        }

        var recoveryCodes = await Users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount);
        audit.TwoStepChanged(user.Id, "NewRecoveryCodes");
        Response.Headers.CacheControl = "no-store";
        return View("RecoveryCodes", recoveryCodes!.ToList());
    }

    /// <summary>Turns two-step sign-in off, forgetting its key and every remembered browser; not for a role that requires it.</summary>
    [HttpPost("turn-off")]
    public async Task<IActionResult> TurnOff()
    {
        var user = await Users.GetUserAsync(User);
        if (user is not { TwoFactorEnabled: true })
        {
            return RedirectToAction(nameof(AccountController.Index), "Account");
        }

        if (authOptions.Value.RolesRequiringTwoStep.Any(User.IsInRole))
        {
            TempData[AccountController.NoticeKey] = "Two-step sign-in is required for your role, so it stays on.";
            return RedirectToAction(nameof(AccountController.Index), "Account");
        }

        await Users.SetTwoFactorEnabledAsync(user, false);
        await Users.ResetAuthenticatorKeyAsync(user);
        await signInManager.ForgetTwoFactorClientAsync();
        await signInManager.RefreshSignInAsync(user);
        audit.TwoStepChanged(user.Id, "TurnedOff");
        TempData[AccountController.NoticeKey] = "Two-step sign-in is off. You sign in with your password alone.";
        return RedirectToAction(nameof(AccountController.Index), "Account");
    }

    /// <summary>Six digits, as typed with or without spaces; null for anything else, which may be a recovery code.</summary>
    private static string? AuthenticatorCode(string typed)
    {
        var code = typed.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
        return code.Length == 6 && code.All(char.IsAsciiDigit) ? code : null;
    }

    private async Task<IActionResult> SetUpPageAsync(PortalUser user, SetUpForm form, int statusCode)
    {
        var key = await Users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            // A new key changes the security stamp: this browser's cookie gets the new one, so the session goes on.
            await Users.ResetAuthenticatorKeyAsync(user);
            await signInManager.RefreshSignInAsync(user);
            key = await Users.GetAuthenticatorKeyAsync(user);
        }

        var uri = $"otpauth://totp/{UrlEncoder.Default.Encode("PolicyPortal")}:{UrlEncoder.Default.Encode(user.Email!)}?secret={key}&issuer={UrlEncoder.Default.Encode("PolicyPortal")}&digits=6";
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(4);

        Response.StatusCode = statusCode;
        Response.Headers.CacheControl = "no-store";
        form.Code = statusCode == StatusCodes.Status200OK ? null : form.Code;
        return View("SetUp", new SetUpViewModel(form, key!, svg, authOptions.Value.RolesRequiringTwoStep.Any(User.IsInRole)));
    }

    private ViewResult SecondStepPage(SecondStepForm form)
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View("SecondStep", form);
    }

    // The password step was too long ago, or never taken here.
    private RedirectToActionResult StartAgain()
    {
        TempData[AccountController.NoticeKey] = "Sign in with your password first.";
        return RedirectToAction(nameof(AccountController.ShowSignIn), "Account");
    }
}
