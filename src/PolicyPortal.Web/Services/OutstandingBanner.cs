using PolicyPortal.Web.Authorization;

namespace PolicyPortal.Web.Services;

/// <summary>
/// The count behind the banner on every page while a person has policies to sign. The layout asks it directly: as a
/// view component it cost about 4% of a policy page's time, in finding and rendering a view of one sentence.
/// </summary>
public sealed class OutstandingBanner(PolicyCatalogue catalogue)
{
    /// <summary>How many policies the signed-in person has to sign; 0 for a visitor, and on an error page.</summary>
    public async Task<int> CountAsync(HttpContext context)
    {
        // The page for a server error or a busy database must not need the database: it may be what failed.
        if (context.User.Identity?.IsAuthenticated != true || context.Response.StatusCode >= StatusCodes.Status500InternalServerError)
        {
            return 0;
        }

        return await catalogue.OutstandingCountAsync(context.User.UserId(), Roles.AudienceOf(context.User), context.RequestAborted);
    }
}
