using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PolicyPortal.Web.ViewModels.Shared;

namespace PolicyPortal.Web.Controllers;

/// <summary>Friendly pages for errors and bare status codes (e.g. a form without its antiforgery token).</summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class ErrorController : Controller
{
    [Route("error")]
    public IActionResult ServerError() => Problem(StatusCodes.Status500InternalServerError);

    // From the address only: a re-executed post still carries its form, which must not choose the page, and may not be readable at all.
    [Route("error/{code:int}")]
    public IActionResult Status([FromRoute] int code) => code is >= 400 and <= 599 ? Problem(code) : NotFound();

    private ViewResult Problem(int code)
    {
        var (title, explanation) = code switch
        {
            400 => ("We could not accept that", "Something in the request was not right. If you were sending a form, it may have expired: go back, reload the page and try again."),
            403 => ("You do not have access to this page", "Your account does not give access to this page. If you think it should, ask the Principal."),
            404 => ("Page not found", "There is no page at this address, or it is not yours to see. Check the address, or go back to My policies."),
            405 => ("That cannot be done here", "This address does not accept that kind of request. Go back and use the page's own buttons."),
            429 => ("Too many attempts", "There have been too many attempts from your connection in the last minute. Wait a minute, then try again."),
            >= 500 => ("Sorry, something went wrong", "The portal could not finish your request and nothing was changed. Please try again in a minute."),
            _ => ("We could not accept that", "The request could not be completed. Go back and try again."),
        };

        Response.StatusCode = code;
        return View("Problem", new ProblemViewModel(code, title, explanation));
    }
}
