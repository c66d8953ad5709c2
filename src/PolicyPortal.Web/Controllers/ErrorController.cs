using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PolicyPortal.Web.Infrastructure;
using PolicyPortal.Web.ViewModels.Shared;

namespace PolicyPortal.Web.Controllers;

/// <summary>Friendly pages for errors and bare status codes (e.g. a form without its antiforgery token).</summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[IgnoreForm]
public sealed class ErrorController : Controller
{
    [Route("error")]
    public IActionResult ServerError() => Problem(StatusCodes.Status500InternalServerError);

    // From the address, or the page the refusal chose: a re-executed post still carries its form, which must not choose
    // the page, and may not be readable at all ([IgnoreForm]).
    [Route("error/{code:int}")]
    public IActionResult Status([FromRoute] int code) => code is >= 400 and <= 599 ? Problem(code) : NotFound();

    private ViewResult Problem(int code)
    {
        Response.StatusCode = code;
        var chosen = HttpContext.Features.Get<StatusCodePage>()?.Problem;
        return View("Problem", chosen?.StatusCode == code ? chosen : ProblemViewModel.ForStatus(code));
    }
}
