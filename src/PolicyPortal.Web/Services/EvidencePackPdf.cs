using Markdig.Extensions.Footnotes;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.ViewModels.Compliance;

namespace PolicyPortal.Web.Services;

/// <summary>
/// The evidence pack as a PDF, written from the view model the printable page shows, so that both give the same facts
/// in the same order: the header, the text and its SHA-256, the adoption record, governors' reviews, the sign-off list
/// and the reminders sent. Pages are A4; a table that runs past a page goes on over the next with its header repeated;
/// every page's footer names the pack, when it was produced and "Page N of M". Only <see cref="PdfFonts"/>' fonts are
/// used, so the PDF looks the same whichever server wrote it.
/// </summary>
public sealed class EvidencePackPdf
{
    private const double PageWidth = 595.28;
    private const double PageHeight = 841.89;
    private const double Left = 42;
    private const double Right = PageWidth - 42;
    private const double Width = Right - Left;
    private const double Top = 48;
    private const double Bottom = PageHeight - 58;
    private const double FooterBaseline = PageHeight - 30;
    private const double Padding = 2.5;

    private const double TitleSize = 17;
    private const double SectionSize = 13.5;
    private const double SubsectionSize = 11.5;
    private const double BodySize = 9.5;
    private const double TableSize = 7.5;
    private const double HashSize = 6.5;

    private static readonly XBrush Ink = XBrushes.Black;
    private static readonly XBrush Quiet = new XSolidBrush(XColor.FromArgb(0x55, 0x55, 0x55));
    private static readonly XBrush Shade = new XSolidBrush(XColor.FromArgb(0xEE, 0xEE, 0xEE));
    private static readonly XPen Rule = new(XColor.FromArgb(0x99, 0x99, 0x99), 0.5);

    private readonly PdfDocument document = new();
    private readonly XFont[] body = Faces(BodySize);
    private readonly XFont[] cell = Faces(TableSize);
    private readonly XFont hash = new(PdfFonts.Family, HashSize);
    private readonly XFont small = new(PdfFonts.Family, 7.5);
    private readonly Dictionary<(XFont, string), double> widths = [];
    private readonly Dictionary<double, XFont[]> faces = [];
    private readonly List<double> contentsLines = [];
    private readonly List<int> sectionPages = [];
    private XGraphics? graphics;
    private double y;

    // A list item's number or bullet, drawn beside the next line of text wherever that line falls.
    private (string Text, double X)? marker;

    static EvidencePackPdf() => PdfFonts.Register();

    private EvidencePackPdf()
    {
    }

    private XGraphics Graphics => graphics ?? throw new InvalidOperationException("No page has been started.");

    /// <summary>The pack as the bytes of a PDF file.</summary>
    /// <param name="images">The text's images, by SHA-256; one missing, or in a format PDFsharp cannot read, is named instead.</param>
    public static byte[] Write(EvidencePackViewModel pack, IReadOnlyDictionary<string, byte[]> images)
    {
        var pdf = new EvidencePackPdf();
        pdf.Lay(pack, images);
        using var output = new MemoryStream();
        pdf.document.Save(output, closeStream: false);
        return output.ToArray();
    }

    /// <summary>
    /// The labelled lines at the head of the pack: what it is about and how to check it. A fact the pack gains is one
    /// more line here.
    /// </summary>
    private static IEnumerable<(string Label, string Value)> HeaderLines(EvidencePackViewModel pack) =>
    [
        ("Policy", pack.Title),
        ("Version", pack.Version),
        ("Status", pack.Status == RevisionStatus.Adopted ? "This version is in force." : "This version has been superseded."),
        ("Text SHA-256", pack.TextSha256),
        ("Produced", $"By PolicyPortal on {pack.GeneratedAt}"),
        .. pack.ChainHead is { } head
            ? [("Record's chain head", $"Entry {head.Sequence}, to compare on the portal's Verify the record page"), ("Its chain hash", head.ChainSha256)]
            : Array.Empty<(string, string)>(),
    ];

    private static readonly string[] Sections =
    [
        "1. The text and its SHA-256",
        "2. Adoption record",
        "3. Governors' reviews",
        "4. Sign-off list",
        "5. Reminders sent",
    ];

    private void Lay(EvidencePackViewModel pack, IReadOnlyDictionary<string, byte[]> images)
    {
        document.Info.Title = $"Evidence pack: {pack.Title}, version {pack.Version}";
        document.Info.Author = "PolicyPortal";
        document.Info.Creator = "PolicyPortal";
        document.Info.Subject = $"The text, adoption, reviews, sign-off and reminders of {pack.Title}, version {pack.Version}, produced on {pack.GeneratedAt}.";
        NewPage();

        Plain("Evidence pack", small, Quiet);
        Lines(Wrap([new($"{pack.Title}, version {pack.Version}", Style.Bold)], style => Face(style, TitleSize), Width), Left, TitleSize * 1.2);
        Gap(6);
        Details(HeaderLines(pack));

        Gap(8);
        Heading("Contents", SectionSize);
        foreach (var section in Sections)
        {
            Need(LineHeight(body[0]));
            contentsLines.Add(y);
            Lines(Wrap([new(section, Style.Regular)], style => body[(int)style], Width - 60), Left + 10, LineHeight(body[0]));
        }

        Section(Sections[0], newPage: false);
        Paragraph([new("SHA-256 of the text: ", Style.Regular), new(pack.TextSha256, Style.Bold), new(". Each signature below records the SHA-256 of the text its signer was shown.", Style.Regular)]);
        Gap(4);
        HorizontalRule();
        if (PolicyText.Problem(pack.TextSource.Markdown) is { } problem)
        {
            Paragraph([new($"This version's text cannot be shown: {problem}", Style.Italic)]);
        }
        else
        {
            Blocks(PolicyText.Parse(pack.TextSource.Markdown, pack.TextSource.Images, sha256 => sha256), Left, images);
        }

        HorizontalRule();

        Section(Sections[1], newPage: true);
        Details(pack.Adoption);

        Section(Sections[2], newPage: false);
        if (pack.Reviews.Count == 0)
        {
            Paragraph([new("No governor's review was recorded in the portal for this version (it may have been adopted before the portal).", Style.Regular)]);
        }
        else
        {
            Table(
                [new("Governor", 0.22), new("View", 0.16), new("Reason", 0.40), new("Recorded", 0.22)],
                pack.Reviews.Select(r => new[] { r.Governor, r.Verdict, r.Reason ?? "—", r.RecordedAt }));
        }

        Section(Sections[3], newPage: true);
        var totals = pack.Totals;
        Paragraph([new($"{totals.Signed} of {totals.InScope}", Style.Bold), new($" people now in scope have signed ({totals.Percent}%); {totals.Outstanding} outstanding.", Style.Regular)]);
        Gap(2);
        Table(
            [new("Name", 0.15), new("Email", 0.21), new("Role", 0.075), new("Job title", 0.115), new("Signed", 0.13), new("Version", 0.08), new("Text SHA-256", 0.24, Hash: true)],
            pack.SignOff.Select(r => new[] { r.Name, r.Email, r.Role, r.JobTitle ?? "—", r.SignedAt ?? "Not signed", r.VersionSigned ?? "—", r.TextSha256 ?? "—" }));
        if (pack.Leavers.Count > 0)
        {
            Heading("Signed, and have since left", SubsectionSize);
            Paragraph([new("Their signatures are kept as evidence and are not in the totals above.", Style.Regular)]);
            Table(
                [new("Name", 0.20), new("Email", 0.26), new("Signed", 0.18), new("Version", 0.08), new("Text SHA-256", 0.28, Hash: true)],
                pack.Leavers.Select(r => new[] { r.Name, r.Email, r.SignedAt ?? "—", r.VersionSigned ?? "—", r.TextSha256 ?? "—" }));
        }

        Section(Sections[4], newPage: false);
        if (pack.Reminders.Count == 0)
        {
            Paragraph([new("No reminders have been sent for this version.", Style.Regular)]);
        }
        else
        {
            Table(
                [new("Day", 0.3), new("How", 0.45), new("People reminded", 0.25)],
                pack.Reminders.Select(d => new[] { d.Day, d.Kind, d.People.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        }

        graphics?.Dispose();
        graphics = null;
        Footers(pack);
    }

    // Page numbers go into the contents and the footers once every page is laid out and the count is known.
    private void Footers(EvidencePackViewModel pack)
    {
        var count = document.PageCount;
        var label = $"Evidence pack: {pack.Title}, version {pack.Version}. Produced by PolicyPortal on {pack.GeneratedAt}.";
        for (var i = 0; i < count; i++)
        {
            using var page = XGraphics.FromPdfPage(document.Pages[i], XGraphicsPdfPageOptions.Append);
            graphics = page;
            var number = $"Page {i + 1} of {count}";
            var numberWidth = Measure(number, small);
            page.DrawLine(Rule, Left, FooterBaseline - 10, Right, FooterBaseline - 10);
            page.DrawString(Fit(label, small, Width - numberWidth - 12), small, Quiet, Left, FooterBaseline);
            page.DrawString(number, small, Quiet, Right - numberWidth, FooterBaseline);
            if (i == 0)
            {
                foreach (var (line, onPage) in contentsLines.Zip(sectionPages))
                {
                    var text = $"page {onPage}";
                    page.DrawString(text, body[0], Ink, Right - Measure(text, body[0]), line + Ascent(body[0]));
                }
            }
        }

        graphics = null;
    }

    private void NewPage()
    {
        graphics?.Dispose();
        var page = document.AddPage();
        page.Size = PageSize.A4;
        graphics = XGraphics.FromPdfPage(page);
        y = Top;
    }

    private bool AtTop => y <= Top;

    /// <summary>Starts a new page unless <paramref name="height"/> still fits on this one.</summary>
    private void Need(double height)
    {
        if (y + height > Bottom && !AtTop)
        {
            NewPage();
        }
    }

    private void Gap(double height)
    {
        if (!AtTop)
        {
            y += height;
        }
    }

    private void Section(string title, bool newPage)
    {
        if (newPage && !AtTop)
        {
            NewPage();
        }

        Heading(title, SectionSize, outline: true);
    }

    private void Heading(string text, double size, bool outline = false)
    {
        var lines = Wrap([new(text, Style.Bold)], style => Face(style, size), Width);
        var lineHeight = size * 1.25;
        Gap(size * 0.8);

        // A heading stays with the first lines of what follows it.
        Need((lines.Count * lineHeight) + (3 * LineHeight(body[0])));
        if (outline)
        {
            sectionPages.Add(document.PageCount);
            document.Outlines.Add(text, document.Pages[document.PageCount - 1], opened: true);
        }

        Lines(lines, Left, lineHeight);
        y += size * 0.3;
    }

    private void Plain(string text, XFont font, XBrush brush)
    {
        foreach (var line in Wrap([new(text, Style.Regular)], _ => font, Width))
        {
            Need(LineHeight(font));
            DrawLine(line, Left, LineHeight(font), brush);
        }
    }

    private void Paragraph(IReadOnlyList<Run> runs, double left = Left, bool italic = false)
    {
        var lines = Wrap(runs, style => body[(int)(italic ? style | Style.Italic : style)], Right - left);
        Lines(lines, left, LineHeight(body[0]));
        y += 4;
    }

    private void Lines(List<Line> lines, double left, double lineHeight)
    {
        foreach (var line in lines)
        {
            Need(lineHeight);
            DrawLine(line, left, lineHeight, Ink);
        }
    }

    private void DrawLine(Line line, double left, double lineHeight, XBrush brush)
    {
        var baseline = y + (lineHeight * 0.78);
        if (marker is var (text, x))
        {
            Graphics.DrawString(text, body[0], Ink, x, baseline);
            marker = null;
        }

        foreach (var segment in line)
        {
            Graphics.DrawString(segment.Text, segment.Font, brush, left + segment.X, baseline);
        }

        y += lineHeight;
    }

    private void HorizontalRule()
    {
        Need(8);
        y += 3;
        Graphics.DrawLine(Rule, Left, y, Right, y);
        y += 5;
    }

    // Labels in a column of their own, each value wrapped beside its label: the header and the adoption record.
    private void Details(IEnumerable<(string Label, string Value)> details)
    {
        // Leaves room for a SHA-256 in hex on one line, however few narrow letters (f) it has: about 340 points.
        const double LabelWidth = 130;
        var lineHeight = LineHeight(body[0]);
        foreach (var (label, value) in details)
        {
            var labels = Wrap([new(label, Style.Bold)], style => body[(int)style], LabelWidth - 8);
            var values = Wrap([new(value, Style.Regular)], style => body[(int)style], Width - LabelWidth);
            Need(Math.Min(Math.Max(labels.Count, values.Count), 3) * lineHeight);
            var top = y;
            Lines(labels, Left, lineHeight);
            var labelsEnd = y;
            y = top;
            Lines(values, Left + LabelWidth, lineHeight);
            y = Math.Max(y, labelsEnd) + 2;
        }
    }

    private sealed record Column(string Header, double Share, bool Hash = false);

    /// <summary>
    /// A table from <paramref name="left"/> to the right margin, the first column's cells in bold where they are row
    /// headers, as on the page. A row that does not fit goes to the next page, under the header drawn again; a row taller
    /// than a page is split across pages.
    /// </summary>
    private void Table(IReadOnlyList<Column> columns, IEnumerable<string[]> rows, double left = Left, bool rowHeaders = true)
    {
        var width = Right - left;
        var lefts = new double[columns.Count];
        var cellWidths = new double[columns.Count];
        var x = left;
        for (var i = 0; i < columns.Count; i++)
        {
            lefts[i] = x;
            cellWidths[i] = (columns[i].Share * width) - (2 * Padding);
            x += columns[i].Share * width;
        }

        var header = columns.Select((c, i) => Wrap([new(c.Header, Style.Bold)], style => cell[(int)style], cellWidths[i])).ToArray();
        var lineHeight = LineHeight(cell[0]);
        var headerHeight = (header.Max(h => h.Count) * lineHeight) + (2 * Padding);

        void DrawHeader()
        {
            Graphics.DrawRectangle(Shade, left, y, width, headerHeight);
            DrawCells(header, lefts, 0, int.MaxValue, lineHeight);
            y += headerHeight;
            Graphics.DrawLine(Rule, left, y, left + width, y);
        }

        Need(headerHeight + lineHeight + (2 * Padding));
        DrawHeader();
        foreach (var row in rows)
        {
            var lines = new List<Line>[columns.Count];
            for (var i = 0; i < columns.Count; i++)
            {
                var text = row[i];

                // A SHA-256 breaks into two halves rather than wherever a line happens to fill.
                if (columns[i].Hash && text.Length == 64)
                {
                    text = $"{text[..32]} {text[32..]}";
                }

                lines[i] = Wrap([new(text, i == 0 && rowHeaders ? Style.Bold : Style.Regular)], style => columns[i].Hash ? hash : cell[(int)style], cellWidths[i]);
            }

            var needed = lines.Max(l => l.Count);
            var from = 0;
            var freshPage = false;
            while (from < needed)
            {
                // A row goes whole onto the next page; only one taller than a page is split, and not to leave a lone line.
                var room = (int)((Bottom - y - (2 * Padding)) / lineHeight);
                var rest = needed - from;
                var tallerThanPage = rest > (int)((Bottom - Top - headerHeight - (2 * Padding)) / lineHeight);
                if (room < rest && !freshPage && (!tallerThanPage || room < 2))
                {
                    NewPage();
                    DrawHeader();
                    freshPage = true;
                    continue;
                }

                var count = Math.Clamp(room, 1, rest);
                DrawCells(lines, lefts, from, count, lineHeight);
                y += (count * lineHeight) + (2 * Padding);
                Graphics.DrawLine(Rule, left, y, left + width, y);
                from += count;
                freshPage = false;
            }
        }

        y += 6;
    }

    private void DrawCells(List<Line>[] cells, double[] lefts, int from, int count, double lineHeight)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            var baseline = y + Padding + (lineHeight * 0.78);
            foreach (var line in cells[i].Skip(from).Take(count))
            {
                foreach (var segment in line)
                {
                    Graphics.DrawString(segment.Text, segment.Font, Ink, lefts[i] + Padding + segment.X, baseline);
                }

                baseline += lineHeight;
            }
        }
    }

    // The policy's text, block by block: headings, paragraphs, lists, quotations, tables, images and footnotes.
    private void Blocks(ContainerBlock container, double left, IReadOnlyDictionary<string, byte[]> images)
    {
        foreach (var block in container)
        {
            switch (block)
            {
                case HeadingBlock heading:
                    Heading(PolicyText.PlainText(heading.Inline), heading.Level <= 2 ? SubsectionSize : BodySize + 0.5);
                    break;
                case ParagraphBlock paragraph when OnlyImages(paragraph) is { Count: > 0 } pictures:
                    foreach (var picture in pictures)
                    {
                        Image(picture, images, left);
                    }

                    break;
                case ParagraphBlock paragraph:
                    Paragraph(Runs(paragraph.Inline), left);
                    break;
                case ListBlock list:
                    var number = list.IsOrdered && int.TryParse(list.OrderedStart, out var start) ? start : 1;
                    foreach (var item in list.OfType<ListItemBlock>())
                    {
                        marker = (list.IsOrdered ? $"{number++}." : "•", left + 2);
                        Blocks(item, left + 16, images);
                        marker = null;
                    }

                    y += 2;
                    break;
                case QuoteBlock quote:
                    Blocks(quote, left + 16, images);
                    break;
                case ThematicBreakBlock:
                    HorizontalRule();
                    break;
                case CodeBlock code:
                    Paragraph([new(code.Lines.ToString(), Style.Regular)], left + 8);
                    break;
                case Table table:
                    PolicyTable(table, left);
                    break;
                case FootnoteGroup footnotes:
                    HorizontalRule();
                    foreach (var footnote in footnotes.OfType<Footnote>())
                    {
                        marker = ($"[{footnote.Order}]", left);
                        Blocks(footnote, left + 18, images);
                        marker = null;
                    }

                    break;
                case LinkReferenceDefinitionGroup:
                    break;
                case ContainerBlock inner:
                    Blocks(inner, left, images);
                    break;
                case LeafBlock { Inline: { } inline }:
                    Paragraph(Runs(inline), left);
                    break;
            }
        }
    }

    private void PolicyTable(Table table, double left)
    {
        var rows = table.OfType<TableRow>().ToList();
        var columns = Math.Max(table.ColumnDefinitions.Count, rows.Count == 0 ? 1 : rows.Max(r => r.Count));
        if (PolicyTables.CaptionOf(table) is { } caption)
        {
            Paragraph(Runs(caption.Inline), left, italic: true);
        }

        string[] Cells(TableRow row)
        {
            var cells = Enumerable.Repeat(string.Empty, columns).ToArray();
            for (var i = 0; i < row.Count && i < columns; i++)
            {
                cells[i] = string.Join(" ", ((TableCell)row[i]).OfType<LeafBlock>().Select(b => Flatten(Runs(b.Inline))));
            }

            return cells;
        }

        var headers = rows.TakeWhile(r => r.IsHeader).Select(Cells).ToList();
        var names = Enumerable.Range(0, columns).Select(i => string.Join(" ", headers.Select(h => h[i]))).ToArray();
        Table(
            [.. names.Select(n => new Column(n, 1.0 / columns))],
            rows.SkipWhile(r => r.IsHeader).Select(Cells),
            left,
            rowHeaders: false);
    }

    private static List<LinkInline> OnlyImages(ParagraphBlock paragraph)
    {
        var inlines = paragraph.Inline?.ToList() ?? [];
        var images = inlines.OfType<LinkInline>().Where(l => l.IsImage).ToList();
        var rest = inlines.Where(i => i is not LinkInline { IsImage: true } && !(i is LiteralInline l && l.Content.IsEmptyOrWhitespace()) && i is not LineBreakInline);
        return rest.Any() ? [] : images;
    }

    private void Image(LinkInline picture, IReadOnlyDictionary<string, byte[]> images, double left)
    {
        var alt = PolicyText.PlainText(picture);
        XImage? image = null;
        try
        {
            if (picture.Url is { } sha256 && images.TryGetValue(sha256, out var bytes))
            {
                image = XImage.FromStream(new MemoryStream(bytes, writable: false));
            }
        }
        catch (InvalidOperationException)
        {
            // PDFsharp reads PNG, JPEG and BMP; a GIF, or damaged bytes, it calls an unsupported format.
            image = null;
        }

        if (image is null)
        {
            Paragraph([new($"[Image: {(alt.Length > 0 ? alt : "no description")}]", Style.Italic)], left);
            return;
        }

        using (image)
        {
            var scale = Math.Min(1, Math.Min((Right - left) / image.PointWidth, (Bottom - Top) * 0.8 / image.PointHeight));
            var (w, h) = (image.PointWidth * scale, image.PointHeight * scale);
            Need(h + 4);
            Graphics.DrawImage(image, left, y, w, h);
            y += h + 6;
        }
    }

    [Flags]
    private enum Style
    {
        Regular = 0,
        Bold = 1,
        Italic = 2,
    }

    private readonly record struct Run(string Text, Style Style);

    private readonly record struct Segment(string Text, XFont Font, double X);

    private sealed class Line : List<Segment>;

    private static List<Run> Runs(ContainerInline? container, Style style = Style.Regular)
    {
        var runs = new List<Run>();
        AddRuns(container, style, runs);
        return runs;
    }

    private static void AddRuns(ContainerInline? container, Style style, List<Run> runs)
    {
        if (container is null)
        {
            return;
        }

        foreach (var inline in container)
        {
            switch (inline)
            {
                case LiteralInline literal:
                    runs.Add(new(literal.Content.ToString(), style));
                    break;
                case CodeInline code:
                    runs.Add(new(code.Content, style));
                    break;
                case EmphasisInline emphasis:
                    AddRuns(emphasis, style | (emphasis.DelimiterCount >= 2 ? Style.Bold : Style.Italic), runs);
                    break;
                case LinkInline { IsImage: true } image:
                    runs.Add(new($"[Image: {PolicyText.PlainText(image)}]", style | Style.Italic));
                    break;
                case LinkInline link:
                    AddRuns(link, style, runs);

                    // On paper a link is no use without its address.
                    if (link.Url is { } url && Uri.TryCreate(url, UriKind.Absolute, out _) && url != PolicyText.PlainText(link))
                    {
                        runs.Add(new($" ({url})", style));
                    }

                    break;
                case AutolinkInline autolink:
                    runs.Add(new(autolink.Url, style));
                    break;
                case LineBreakInline lineBreak:
                    runs.Add(new(lineBreak.IsHard ? "\n" : " ", style));
                    break;
                case HtmlEntityInline entity:
                    runs.Add(new(entity.Transcoded.ToString(), style));
                    break;
                case HtmlInline html:
                    runs.Add(new(html.Tag, style));
                    break;
                case FootnoteLink { IsBackLink: false } footnote:
                    runs.Add(new($"[{footnote.Footnote.Order}]", style));
                    break;
                case ContainerInline inner:
                    AddRuns(inner, style, runs);
                    break;
            }
        }
    }

    private static string Flatten(IEnumerable<Run> runs) => string.Concat(runs.Select(r => r.Text.Replace('\n', ' ')));

    /// <summary>
    /// Fills lines no wider than <paramref name="width"/> word by word, breaking at spaces; a word wider than a line (an
    /// address, a hash) is broken wherever it must be. Words of one face side by side are drawn as one string.
    /// </summary>
    private List<Line> Wrap(IReadOnlyList<Run> runs, Func<Style, XFont> fontOf, double width)
    {
        var lines = new List<Line> { new() };
        var x = 0.0;
        var space = false;

        void Place(string word, XFont font)
        {
            var wordWidth = Measure(word, font);
            var spaceWidth = space && x > 0 ? Measure(" ", font) : 0;
            if (x > 0 && x + spaceWidth + wordWidth > width)
            {
                lines.Add([]);
                x = spaceWidth = 0;
            }

            if (wordWidth > width && word.Length > 1)
            {
                var fits = 1;
                while (fits < word.Length && Measure(word[..(fits + 1)], font) <= width)
                {
                    fits++;
                }

                // An address breaks before its @ or after a dot or hyphen, if one comes late enough in the line.
                var at = word.LastIndexOf('@', fits - 1);
                var mark = Math.Max(at, word.LastIndexOfAny(['.', '-', '_', '/'], fits - 1) + 1);
                if (mark > fits / 2)
                {
                    fits = mark;
                }

                space = false;
                Place(word[..fits], font);
                lines.Add([]);
                x = 0;
                Place(word[fits..], font);
                return;
            }

            var line = lines[^1];
            if (line.Count > 0 && line[^1] is var last && last.Font == font && Math.Abs(last.X + Measure(last.Text, font) - x) < 0.01)
            {
                line[^1] = last with { Text = last.Text + (spaceWidth > 0 ? " " : string.Empty) + word };
            }
            else
            {
                line.Add(new(word, font, x + spaceWidth));
            }

            x += spaceWidth + wordWidth;
            space = false;
        }

        foreach (var run in runs)
        {
            var font = fontOf(run.Style);
            var text = run.Text;
            var i = 0;
            while (i < text.Length)
            {
                if (text[i] == '\n')
                {
                    lines.Add([]);
                    x = 0;
                    space = false;
                    i++;
                }
                else if (IsBreak(text[i]))
                {
                    space = true;
                    i++;
                }
                else
                {
                    var end = i;
                    while (end < text.Length && text[end] != '\n' && !IsBreak(text[end]))
                    {
                        end++;
                    }

                    Place(text[i..end], font);
                    i = end;
                }
            }
        }

        if (lines.Count > 1 && lines[^1].Count == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return lines;
    }

    // A no-break space keeps its words together.
    private static bool IsBreak(char c) => char.IsWhiteSpace(c) && c is not ('\u00A0' or '\u202F' or '\u2007');

    private double Measure(string text, XFont font)
    {
        if (!widths.TryGetValue((font, text), out var width))
        {
            width = Graphics.MeasureString(text, font).Width;
            if (text.Length <= 40)
            {
                widths[(font, text)] = width;
            }
        }

        return width;
    }

    // The longest start of the text, with an ellipsis, that fits the width.
    private string Fit(string text, XFont font, double width)
    {
        if (Measure(text, font) <= width)
        {
            return text;
        }

        var length = text.Length;
        while (length > 1 && Measure(string.Concat(text.AsSpan(0, length), "…"), font) > width)
        {
            length--;
        }

        return string.Concat(text.AsSpan(0, length).TrimEnd(), "…");
    }

    private static double LineHeight(XFont font) => font.Size * 1.3;

    private static double Ascent(XFont font) => LineHeight(font) * 0.78;

    private XFont Face(Style style, double size)
    {
        if (!faces.TryGetValue(size, out var ofSize))
        {
            faces[size] = ofSize = Faces(size);
        }

        return ofSize[(int)style];
    }

    private static XFont[] Faces(double size) =>
    [
        new(PdfFonts.Family, size, XFontStyleEx.Regular),
        new(PdfFonts.Family, size, XFontStyleEx.Bold),
        new(PdfFonts.Family, size, XFontStyleEx.Italic),
        new(PdfFonts.Family, size, XFontStyleEx.BoldItalic),
    ];
}
