using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.Options;

namespace PolicyPortal.Web;

/// <summary>
/// ASP.NET Core's cookie TempData provider, except that a page which looked for a notice and found none sends no
/// cookie. The framework's provider answers every such page (the policy page, My policies, People ...) with a
/// <c>Set-Cookie</c> deleting a TempData cookie the browser does not have: a header on every page, for nothing.
/// </summary>
internal sealed class QuietCookieTempDataProvider(CookieTempDataProvider cookies, IOptions<CookieTempDataProviderOptions> options) : ITempDataProvider
{
    public IDictionary<string, object> LoadTempData(HttpContext context) => cookies.LoadTempData(context);

    public void SaveTempData(HttpContext context, IDictionary<string, object> values)
    {
        // A chunked cookie keeps its first part under the name itself, so this sees one of any size.
        if (values.Count == 0 && !context.Request.Cookies.ContainsKey(options.Value.Cookie.Name!))
        {
            return;
        }

        cookies.SaveTempData(context, values);
    }
}
