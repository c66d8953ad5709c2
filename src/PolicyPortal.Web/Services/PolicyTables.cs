using Markdig.Extensions.Tables;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace PolicyPortal.Web.Services;

/// <summary>
/// Writes a policy's pipe tables for every reader: header cells that name their column, a caption where the text gives
/// one (a paragraph <c>Table: …</c> straight after the table, as Word's captions are imported), and a box that scrolls on
/// a narrow screen, named for screen readers. Alignment is a class, since the Content-Security-Policy allows no inline
/// styles.
/// </summary>
internal sealed class PolicyTables : HtmlObjectRenderer<Table>
{
    private const string CaptionPrefix = "Table: ";
    private static readonly object CaptionKey = new();
    private static readonly object LabelKey = new();

    /// <summary>Moves each <c>Table: …</c> paragraph that follows a table into that table as its caption, and names every table.</summary>
    public static void TakeCaptions(MarkdownDocument document)
    {
        var number = 0;
        foreach (var table in document.Descendants<Table>().ToList())
        {
            number++;
            var parent = table.Parent!;
            var index = parent.IndexOf(table);
            if (index + 1 < parent.Count
                && parent[index + 1] is ParagraphBlock { Inline.FirstChild: LiteralInline first } caption
                && first.Content.ToString().StartsWith(CaptionPrefix, StringComparison.Ordinal))
            {
                first.Content = new Markdig.Helpers.StringSlice(first.Content.ToString()[CaptionPrefix.Length..]);
                parent.RemoveAt(index + 1);
                table.SetData(CaptionKey, caption);
                table.SetData(LabelKey, PolicyText.PlainText(caption.Inline));
            }
            else
            {
                table.SetData(LabelKey, $"Table {number}");
            }
        }
    }

    /// <summary>The table's caption, taken by <see cref="TakeCaptions"/>, if the text gave it one.</summary>
    public static ParagraphBlock? CaptionOf(Table table) => table.GetData(CaptionKey) as ParagraphBlock;

    protected override void Write(HtmlRenderer renderer, Table table)
    {
        renderer.EnsureLine();
        renderer.Write("<div class=\"table-box\" role=\"region\" tabindex=\"0\" aria-label=\"")
            .WriteEscape(table.GetData(LabelKey) as string ?? "Table")
            .WriteLine("\">");
        renderer.Write("<table class=\"table\"").WriteAttributes(table).WriteLine('>');
        if (CaptionOf(table) is { } caption)
        {
            renderer.Write("<caption>").WriteLeafInline(caption).WriteLine("</caption>");
        }

        var section = string.Empty;
        foreach (var row in table.OfType<TableRow>())
        {
            var wanted = row.IsHeader ? "thead" : "tbody";
            if (section != wanted)
            {
                if (section.Length > 0)
                {
                    renderer.WriteLine($"</{section}>");
                }

                renderer.WriteLine($"<{wanted}>");
                section = wanted;
            }

            renderer.Write("<tr").WriteAttributes(row).WriteLine('>');
            for (var i = 0; i < row.Count; i++)
            {
                var cell = (TableCell)row[i];
                renderer.Write(row.IsHeader ? "<th scope=\"col\"" : "<td");
                if (cell.ColumnSpan != 1)
                {
                    renderer.Write($" colspan=\"{cell.ColumnSpan}\"");
                }

                if (Alignment(table, cell.ColumnIndex < 0 ? i : cell.ColumnIndex) is { } align)
                {
                    renderer.Write($" class=\"align-{align}\"");
                }

                renderer.Write('>');
                var implicitParagraph = renderer.ImplicitParagraph;
                renderer.ImplicitParagraph = cell.Count == 1;
                renderer.Write(cell);
                renderer.ImplicitParagraph = implicitParagraph;
                renderer.WriteLine(row.IsHeader ? "</th>" : "</td>");
            }

            renderer.WriteLine("</tr>");
        }

        if (section.Length > 0)
        {
            renderer.WriteLine($"</{section}>");
        }

        renderer.WriteLine("</table>");
        renderer.WriteLine("</div>");
    }

    private static string? Alignment(Table table, int column) =>
        column < table.ColumnDefinitions.Count
            ? table.ColumnDefinitions[column].Alignment switch
            {
                TableColumnAlign.Center => "center",
                TableColumnAlign.Right => "right",
                _ => null,
            }
            : null;
}
