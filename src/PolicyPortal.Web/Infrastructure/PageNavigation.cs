using Microsoft.Extensions.Primitives;

namespace PolicyPortal.Web.Infrastructure;

/// <summary>Whether a request is a person opening a page, by what the browser says the request is for.</summary>
public static class PageNavigation
{
    /// <summary>
    /// A page opened to be read: the browser says <c>Sec-Fetch-Dest: document</c>, and it is not fetched ahead of time
    /// (<c>Sec-Purpose: prefetch</c>, with or without <c>;prerender</c>, or the older <c>Purpose: prefetch</c>). An image,
    /// a frame, a script's fetch or a prefetch is not, though the page still answers it.
    /// </summary>
    /// <remarks>
    /// A request without <c>Sec-Fetch-Dest</c> counts as opened: browsers without Fetch Metadata (Safari before 16.4,
    /// Firefox before 90) would otherwise leave a person's real reading off the record, and the loads such a browser could
    /// make unseen are closed another way: another site's image or frame comes without the sign-in cookie (SameSite=Lax),
    /// and the portal's own Markdown cannot point at its pages.
    /// </remarks>
    public static bool IsPageNavigation(this HttpRequest request)
    {
        var destination = request.Headers["Sec-Fetch-Dest"];
        return (StringValues.IsNullOrEmpty(destination) || destination == "document") && !request.IsPrefetch();
    }

    /// <summary>Whether the browser fetches the page ahead of time (a prefetch, or a prerender), before anyone opens it.</summary>
    public static bool IsPrefetch(this HttpRequest request) =>
        IsPrefetch(request.Headers["Sec-Purpose"]) || IsPrefetch(request.Headers["Purpose"]);

    private static bool IsPrefetch(StringValues purpose) =>
        purpose.Any(value => value?.TrimStart().StartsWith("prefetch", StringComparison.OrdinalIgnoreCase) == true);
}
