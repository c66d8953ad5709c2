using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Html;
using PolicyPortal.Web.Services;

namespace PolicyPortal.Web.ViewModels.Shared;

/// <summary>
/// Writes a comparison as a reader sees the text: paragraphs, list items and subheadings, with insertions in &lt;ins&gt;
/// and deletions in &lt;del&gt;, each also announced in words for screen readers. Only the blocks that changed are shown,
/// and long unchanged stretches within them are cut to the words around each change.
/// </summary>
public static partial class Redline
{
    private const int ContextWords = 15;

    /// <summary>A section's changed blocks, each run of unchanged blocks between them shown as an ellipsis.</summary>
    public static IHtmlContent RenderBlocks(IReadOnlyList<BlockComparison> blocks)
    {
        var html = new HtmlContentBuilder();
        string? openList = null;
        var leftOut = false;
        foreach (var block in blocks)
        {
            if (!block.HasChanges)
            {
                leftOut = true;
                continue;
            }

            var list = block.Kind is BlockKind.Bullet or BlockKind.Numbered ? ListClass(block.Kind) : null;
            if (openList is not null && (leftOut || list != openList))
            {
                html.AppendHtml("</ul>");
                openList = null;
            }

            if (leftOut)
            {
                Gap(html);
                leftOut = false;
            }

            if (list is not null && openList is null)
            {
                html.AppendHtml($"<ul class=\"{list}\">");
                openList = list;
            }

            var (tag, cssClass) = list is not null ? ("li", "") : block.Kind == BlockKind.Heading ? ("p", " class=\"redline-heading\"") : ("p", "");
            html.AppendHtml($"<{tag}{cssClass}>").AppendHtml(Render(block.Changes)).AppendHtml($"</{tag}>");
        }

        if (openList is not null)
        {
            html.AppendHtml("</ul>");
        }

        if (leftOut)
        {
            Gap(html);
        }

        return html;

        static string ListClass(BlockKind kind) => kind == BlockKind.Numbered ? "redline-list redline-list--numbered" : "redline-list";

        static void Gap(HtmlContentBuilder html) =>
            html.AppendHtml("<p class=\"redline-gap\">…<span class=\"visually-hidden\"> (unchanged text left out)</span></p>");
    }

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
        // Each word with the white space around it; together they are the whole text, so the words kept are where it is cut.
        var words = 0;
        foreach (var _ in Words().EnumerateMatches(text))
        {
            words++;
        }

        var keep = (keepStart ? ContextWords : 0) + (keepEnd ? ContextWords : 0);
        if (words <= keep + 5)
        {
            return text;
        }

        int startEnds = 0, endStarts = text.Length, word = 0;
        foreach (var match in Words().EnumerateMatches(text))
        {
            word++;
            if (word == ContextWords)
            {
                startEnds = match.Index + match.Length;
            }

            if (word == words - ContextWords + 1)
            {
                endStarts = match.Index;
            }
        }

        var start = keepStart ? text[..startEnds] : string.Empty;
        var end = keepEnd ? text[endStarts..] : string.Empty;
        return $"{start}… {end}";
    }

    [GeneratedRegex(@"\s*\S+\s*")]
    private static partial Regex Words();
}
