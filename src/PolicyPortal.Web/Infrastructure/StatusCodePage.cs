using PolicyPortal.Web.ViewModels.Shared;

namespace PolicyPortal.Web.Infrastructure;

/// <summary>
/// The page a middleware chose for the status code it answered with. The status code pages re-execute the request at
/// <c>/error/{code}</c> with the same features, and the error page shows this one in place of the page for the bare code.
/// </summary>
internal sealed record StatusCodePage(ProblemViewModel Problem);

internal static class StatusCodePageExtensions
{
    /// <summary>Answers with <paramref name="problem"/>'s status code and, once the status code pages show it, its page.</summary>
    public static void AnswerWith(this HttpContext context, ProblemViewModel problem)
    {
        context.Response.StatusCode = problem.StatusCode;
        context.Features.Set(new StatusCodePage(problem));
    }
}
