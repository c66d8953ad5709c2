using Microsoft.AspNetCore.Html;

namespace PolicyPortal.Web.ViewModels.Shared;

/// <summary>The count after a menu item, e.g. "Reviews 2": read out as "2 to do"; nothing when there is nothing to do.</summary>
public static class MenuCount
{
    public static IHtmlContent Of(int count) =>
        count <= 0
            ? HtmlString.Empty
            : new HtmlContentBuilder()
                .AppendHtml(" <span class=\"menu-count\">")
                .Append(count.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .AppendHtml("<span class=\"visually-hidden\"> to do</span></span>");
}
