using Microsoft.AspNetCore.Mvc;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Services;

namespace PolicyPortal.Web.ViewComponents;

/// <summary>The banner on every page while I have policies to sign.</summary>
public sealed class OutstandingPoliciesViewComponent(PolicyCatalogue catalogue) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        // The page for a server error or a busy database must not need the database: it may be what failed.
        if (User.Identity?.IsAuthenticated != true || HttpContext.Response.StatusCode >= StatusCodes.Status500InternalServerError)
        {
            return Content(string.Empty);
        }

        var count = await catalogue.OutstandingCountAsync(UserClaimsPrincipal.UserId(), Roles.AudienceOf(UserClaimsPrincipal));
        return count == 0 ? Content(string.Empty) : View(count);
    }
}
