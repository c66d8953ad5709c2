using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Services;
using PolicyPortal.Web.ViewModels.Account;

namespace PolicyPortal.Web.Controllers;

/// <summary>
/// A person confirms, from the link sent to their current address, the new sign-in address the Principal asked for.
/// Opening the link changes nothing (a mail scanner may open it); the button on the page does.
/// </summary>
[AllowAnonymous]
[Route("account/confirm-email")]
public sealed class EmailChangesController(People people) : Controller
{
    [HttpGet("")]
    public IActionResult Show(string? user, string? email, string? token) =>
        View("~/Views/Account/ConfirmEmail.cshtml", new ConfirmEmailForm { User = user, Email = email, Token = token });

    [HttpPost("")]
    [EnableRateLimiting(SignInRateLimit.PolicyName)]
    public async Task<IActionResult> Confirm(ConfirmEmailForm form)
    {
        if (!await people.ConfirmEmailChangeAsync(form.User, form.Email, form.Token))
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("~/Views/Account/LinkNotValid.cshtml");
        }

        TempData[AccountController.NoticeKey] = $"Your sign-in address is now {form.Email}. Sign in with it and your password, or with your school account as before.";
        return RedirectToAction(nameof(AccountController.ShowSignIn), "Account");
    }
}
