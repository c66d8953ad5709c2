using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Html;
using PolicyPortal.Web.Services;

namespace PolicyPortal.Web.ViewModels.Shared;

/// <summary>
/// Writes a section's changes as one run of HTML: insertions in &lt;ins&gt;, deletions in &lt;del&gt;, each also announced in
/// words for screen readers. Long unchanged stretches are cut to the words around each change. Built in code because the
/// text is shown with its own line breaks, where a template's white space would show too.
/// </summary>
public static partial class Redline
{
    private const int ContextWords = 15;

    public static IHtmlContent Render(IReadOnlyList<TextChange> changes)
    {
        var html = new HtmlContentBuilder();
        for (var i = 0; i < changes.Count; i++)
        {
            var change = changes[i];
            switch (change.Type)
            {
                case ChangeType.Inserted:
                    if (i > 0 && changes[i - 1].Type == ChangeType.Deleted)
                    {
                        html.Append(" "); // so that "not" replaced by "never" does not read "notnever"
                    }

                    Marked(html, "ins", "redline-ins", "inserted", change.Text);
                    break;
                case ChangeType.Deleted:
                    Marked(html, "del", "redline-del", "deleted", change.Text);
                    break;
                default:
                    html.Append(Context(change.Text, keepStart: i > 0, keepEnd: i < changes.Count - 1));
                    break;
            }
        }

        return html;
    }

    private static void Marked(HtmlContentBuilder html, string tag, string cssClass, string label, string text) =>
        html.AppendHtml($"<{tag} class=\"{cssClass}\"><span class=\"visually-hidden\">[{label}: </span>")
            .Append(text)
            .AppendHtml($"<span class=\"visually-hidden\">]</span></{tag}>");

    // Unchanged text keeps the words next to a change on either side; the rest becomes an ellipsis.
    private static string Context(string text, bool keepStart, bool keepEnd)
    {
        var words = Words().Matches(text).Select(m => m.Value).ToList();
        var keep = (keepStart ? ContextWords : 0) + (keepEnd ? ContextWords : 0);
        if (words.Count <= keep + 5)
        {
            return text;
        }

        var start = keepStart ? string.Concat(words.Take(ContextWords)) : string.Empty;
        var end = keepEnd ? string.Concat(words.TakeLast(ContextWords)) : string.Empty;
        return $"{start}… {end}";
    }

    [GeneratedRegex(@"\s*\S+\s*")]
    private static partial Regex Words();
}
