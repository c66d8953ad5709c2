using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Markdig.Helpers;
using A = DocumentFormat.OpenXml.Drawing;
using DW = DocumentFormat.OpenXml.Drawing.Wordprocessing;
using M = DocumentFormat.OpenXml.Math;
using V = DocumentFormat.OpenXml.Vml;

namespace PolicyPortal.Web.Services.WordImport;

/// <summary>
/// Converts one opened Word document to portal Markdown, keeping what its reader sees: headings by outline level, lists
/// from the numbering definitions, tables, links, footnotes and images. What cannot be carried over is counted, so the
/// Principal is told, and what was guessed (a bold line taken as a heading) is named in a warning.
/// </summary>
internal sealed partial class DocxToMarkdown
{
    private const string WordNamespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    private const string PictureUri = "http://schemas.openxmlformats.org/drawingml/2006/picture";
    private const string ChartUri = "http://schemas.openxmlformats.org/drawingml/2006/chart";
    private const string DiagramUri = "http://schemas.openxmlformats.org/drawingml/2006/diagram";

    private const int MaxBoldHeadingWords = 12;

    private readonly MainDocumentPart _main;
    private readonly WordStyles _styles;
    private readonly WordNumbering _numbering;
    private readonly StringBuilder _markdown = new();
    private readonly List<string> _warnings = [];
    private readonly NotCarriedOver _notCarried = new();
    private readonly List<ImportedImage> _images = [];
    private readonly Dictionary<Uri, string?> _imageByPart = [];
    private readonly Dictionary<string, string> _imageByContent = new(StringComparer.Ordinal);
    private readonly List<(int Number, OpenXmlElement Note, OpenXmlPart Part)> _notes = [];
    private readonly Stack<Field> _fields = new();
    private readonly Dictionary<string, string> _headingAnchors = new(StringComparer.Ordinal);
    private readonly List<OpenList> _lists = [];
    private Dictionary<long, Footnote>? _footnotes;
    private Dictionary<long, Endnote>? _endnotes;
    private OpenXmlPart _part;
    private int _tableCount;

    public DocxToMarkdown(MainDocumentPart main)
    {
        _main = main;
        _part = main;
        _styles = new WordStyles(main);
        _numbering = new WordNumbering(main);
    }

    private bool Suppressed => _fields.Any(f => !f.InResult || f.Kind == FieldKind.TableOfContents);

    /// <exception cref="WordImportRefusedException">The document has tracked changes or no text.</exception>
    public WordConversion Convert(string fallbackTitle)
    {
        var body = _main.Document?.Body ?? throw new WordImportRefusedException(WordRefusals.NotWord);
        if (HasTrackedChanges(body) || HasTrackedChanges(_main.FootnotesPart?.Footnotes) || HasTrackedChanges(_main.EndnotesPart?.Endnotes))
        {
            throw new WordImportRefusedException(WordRefusals.TrackedChanges);
        }

        var blocks = Blocks(body).ToList();
        var (titleParagraph, title) = FindTitle(blocks);
        var topLevel = blocks.OfType<Paragraph>()
            .Where(p => p != titleParagraph && HeadingLevel(p) is not null && SimpleText(p).Length > 0)
            .Select(p => HeadingLevel(p)!.Value)
            .DefaultIfEmpty(1)
            .Min();
        CollectHeadingAnchors(blocks);

        var previousHeading = 1;
        for (var i = 0; i < blocks.Count; i++)
        {
            if (blocks[i] == titleParagraph)
            {
                continue;
            }

            if (blocks[i] is Table table)
            {
                List<Segment>? caption = null;
                if (i + 1 < blocks.Count && blocks[i + 1] is Paragraph after && IsCaption(after))
                {
                    caption = ReadParagraph(after);
                    i++;
                }

                WriteTable(table, caption);
                continue;
            }

            var paragraph = (Paragraph)blocks[i];
            if (IsCaption(paragraph) && i + 1 < blocks.Count && blocks[i + 1] is Table next)
            {
                WriteTable(next, ReadParagraph(paragraph));
                i++;
                continue;
            }

            previousHeading = WriteParagraph(paragraph, topLevel, previousHeading);
        }

        WriteNotes();
        if (_markdown.Length == 0 && titleParagraph is null)
        {
            throw new WordImportRefusedException(WordRefusals.Empty);
        }

        var markdown = _markdown.Length == 0 ? string.Empty : _markdown.Append('\n').ToString();

        CountOutsideTheBody();
        return new WordConversion(title ?? fallbackTitle, markdown, _images, _notCarried.Sentences(), _warnings);
    }

    /// <returns>The level of the last heading written, for a bold line that follows.</returns>
    private int WriteParagraph(Paragraph paragraph, int topLevel, int previousHeading)
    {
        var segments = ReadParagraph(paragraph);
        var text = MarkdownInline.PlainText(segments);
        var style = ParagraphStyle(paragraph);
        var (numId, ilvl) = Numbering(paragraph, style);

        if (HeadingLevel(paragraph) is int level && text.Length > 0)
        {
            if (numId is int headingNumId && _numbering.NextItem(headingNumId, ilvl) is not null)
            {
                _notCarried.HeadingNumbers++;
            }

            var outputLevel = Math.Clamp(level - topLevel + 2, 2, 6);
            WriteHeading(outputLevel, segments);
            return outputLevel;
        }

        if (text.Length == 0 && !segments.Any(s => s.Kind == SegmentKind.Markdown))
        {
            return previousHeading;
        }

        if (numId is int id && _numbering.NextItem(id, ilvl) is { } item)
        {
            WriteListItem(id, ilvl, item, segments);
            return previousHeading;
        }

        if (IsBoldHeading(segments, text))
        {
            WriteHeading(Math.Clamp(previousHeading + 1, 2, 6), segments);
            _warnings.Add($"'{text}' was bold text used as a heading: check its level");
            return previousHeading;
        }

        if (_lists.Count > 0 && ContinuesListItem(paragraph, style) is { } list)
        {
            _markdown.Append("\n\n").Append(' ', list.ContentColumn);
            _markdown.Append(Indent(MarkdownInline.Write(segments, InlineContext.Block), list.ContentColumn));
            return previousHeading;
        }

        StartBlock();
        _markdown.Append(MarkdownInline.Write(segments, InlineContext.Block));
        return previousHeading;
    }

    private void WriteHeading(int level, List<Segment> segments)
    {
        StartBlock();
        _markdown.Append('#', level).Append(' ').Append(MarkdownInline.Write(segments, InlineContext.Heading));
    }

    private void WriteListItem(int numId, int ilvl, ListLevel item, List<Segment> segments)
    {
        var continuing = _lists.Count > 0;
        while (_lists.Count > 0 && _lists[^1].Level > ilvl)
        {
            _lists.RemoveAt(_lists.Count - 1);
        }

        var indent = _lists.Count > 0 ? _lists[^1].ContentColumn : 0;
        var delimiter = item.Ordered ? '.' : '-';
        if (_lists.Count > 0 && _lists[^1].Level == ilvl)
        {
            var sibling = _lists[^1];
            indent = sibling.Indent;
            _lists.RemoveAt(_lists.Count - 1);

            // Markdown joins two lists of one kind that touch; another marker keeps a new Word list apart.
            if (sibling.Ordered == item.Ordered)
            {
                delimiter = sibling.NumId == numId ? sibling.Delimiter : Other(sibling.Delimiter);
            }
        }

        var marker = item.Ordered ? $"{item.Number}{delimiter} " : $"{delimiter} ";
        if (continuing)
        {
            _markdown.Append('\n');
        }
        else
        {
            StartBlock();
        }

        var list = new OpenList(ilvl, numId, item.Ordered, delimiter, indent, indent + marker.Length, item.IndentLeft);
        _lists.Add(list);
        _markdown.Append(' ', indent).Append(marker)
            .Append(Indent(MarkdownInline.Write(segments, InlineContext.Block), list.ContentColumn));

        static char Other(char delimiter) => delimiter switch
        {
            '.' => ')',
            ')' => '.',
            '-' => '*',
            _ => '-',
        };
    }

    /// <summary>
    /// The list item that an unnumbered paragraph belongs to: Word shows a second paragraph of an item indented like the
    /// item's text, without a number.
    /// </summary>
    private OpenList? ContinuesListItem(Paragraph paragraph, StyleMeaning style)
    {
        var properties = paragraph.ParagraphProperties;
        var indent = WordStyles.Twips(properties?.Indentation?.Left?.Value ?? properties?.Indentation?.Start?.Value) ?? style.IndentLeft;
        if (indent is not > 0)
        {
            return null;
        }

        return _lists.LastOrDefault(l => l.IndentLeft is int itemIndent && indent >= itemIndent - 20);
    }

    private void StartBlock()
    {
        _lists.Clear();
        if (_markdown.Length > 0)
        {
            _markdown.Append("\n\n");
        }
    }

    private static string Indent(string text, int columns) =>
        text.Contains('\n', StringComparison.Ordinal) ? text.Replace("\n", "\n" + new string(' ', columns), StringComparison.Ordinal) : text;

    private bool IsBoldHeading(List<Segment> segments, string text)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        return words is > 0 and <= MaxBoldHeadingWords
            && !text.EndsWith('.')
            && segments.All(s => s.Kind == SegmentKind.Text && (s.Bold || string.IsNullOrWhiteSpace(s.Text)));
    }

    private void WriteTable(Table table, List<Segment>? caption)
    {
        var number = ++_tableCount;
        var rows = new List<List<string>>();
        var merged = false;
        var nested = false;
        foreach (var row in Descendants<TableRow>(table, stopAt: typeof(TableRow)))
        {
            var cells = new List<string>();
            var before = row.TableRowProperties?.GetFirstChild<GridBefore>()?.Val?.Value ?? 0;
            cells.AddRange(Enumerable.Repeat(string.Empty, Math.Clamp(before, 0, 63)));
            foreach (var cell in Descendants<TableCell>(row, stopAt: typeof(TableCell)))
            {
                var properties = cell.TableCellProperties;
                var span = Math.Clamp(properties?.GridSpan?.Val?.Value ?? 1, 1, 63);
                var continuesAbove = properties?.VerticalMerge is { } vMerge && vMerge.Val?.Value != MergedCellValues.Restart;
                merged |= span > 1 || continuesAbove;
                cells.Add(continuesAbove ? string.Empty : CellText(cell, ref nested));
                cells.AddRange(Enumerable.Repeat(string.Empty, span - 1));
            }

            rows.Add(cells);
        }

        var columns = rows.Count == 0 ? 0 : rows.Max(r => r.Count);
        if (columns == 0)
        {
            return;
        }

        StartBlock();
        for (var r = 0; r < rows.Count; r++)
        {
            var cells = rows[r];
            cells.AddRange(Enumerable.Repeat(string.Empty, columns - cells.Count));
            _markdown.Append("| ").AppendJoin(" | ", cells).Append(" |\n");
            if (r == 0)
            {
                _markdown.Append('|').Append(string.Concat(Enumerable.Repeat(" --- |", columns))).Append('\n');
            }
        }

        _markdown.Length--;
        if (caption is not null && MarkdownInline.PlainText(caption).Length > 0)
        {
            StartBlock();
            _markdown.Append("Table: ").Append(MarkdownInline.Write(caption, InlineContext.Heading));
        }

        if (merged)
        {
            _warnings.Add($"Table {number} had merged cells; each is shown once, with empty cells beside it");
        }

        if (nested)
        {
            _warnings.Add($"Table {number} had a table inside a cell; its text is shown in that cell");
        }
    }

    private string CellText(TableCell cell, ref bool nested)
    {
        var parts = new List<string>();
        foreach (var block in Blocks(cell))
        {
            if (block is Table inner)
            {
                nested = true;
                foreach (var innerCell in inner.Descendants<TableCell>())
                {
                    parts.Add(CellText(innerCell, ref nested));
                }
            }
            else if (block is Paragraph paragraph)
            {
                parts.Add(MarkdownInline.Write(ReadParagraph(paragraph), InlineContext.TableCell));
            }
        }

        return string.Join(' ', parts.Where(p => p.Length > 0));
    }

    private void WriteNotes()
    {
        // A note can refer to another note, which is then added to the list being written.
        for (var n = 0; n < _notes.Count; n++)
        {
            var (number, note, part) = _notes[n];
            _part = part;
            var paragraphs = Blocks(note).OfType<Paragraph>()
                .Select(p => MarkdownInline.Write(ReadParagraph(p), InlineContext.Block))
                .Where(p => p.Length > 0)
                .Select(p => Indent(p, 4))
                .ToList();
            StartBlock();
            _markdown.Append("[^").Append(number).Append("]:");
            if (paragraphs.Count > 0)
            {
                _markdown.Append(' ').AppendJoin("\n\n    ", paragraphs);
            }
        }

        _part = _main;
    }

    private List<Segment> ReadParagraph(Paragraph paragraph)
    {
        var segments = new List<Segment>();
        var style = ParagraphStyle(paragraph);
        ReadInlines(paragraph, segments, style);
        return segments;
    }

    private void ReadInlines(OpenXmlElement container, List<Segment> output, StyleMeaning style)
    {
        foreach (var child in container.ChildElements)
        {
            switch (child)
            {
                case Run run:
                    ReadRun(run, run.ChildElements, output, style);
                    break;
                case Hyperlink hyperlink:
                    ReadHyperlink(hyperlink, output, style);
                    break;
                case SimpleField field:
                    ReadSimpleField(field, output, style);
                    break;
                case SdtRun sdt:
                    ReadInlines(sdt.SdtContentRun ?? (OpenXmlElement)sdt, output, style);
                    break;
                case M.OfficeMath or M.Paragraph:
                    if (!Suppressed)
                    {
                        _notCarried.Equations++;
                    }

                    break;
                case AlternateContent alternate:
                    if (alternate.GetFirstChild<AlternateContentChoice>() is { } choice)
                    {
                        ReadInlines(choice, output, style);
                    }

                    break;
                case CustomXmlRun or SdtContentRun:
                    ReadInlines(child, output, style);
                    break;
                case OpenXmlUnknownElement { LocalName: "smartTag", NamespaceUri: WordNamespace } when !Suppressed:
                    // Word 2003's smart tags are unknown to the SDK, and so are the runs inside them: their text is kept, plainly.
                    output.AddRange(child.Descendants()
                        .Where(e => e.LocalName == "t" && e.NamespaceUri == WordNamespace)
                        .Select(t => new Segment(SegmentKind.Text, t.InnerText)));
                    break;
            }
        }
    }

    private void ReadRun(Run run, IEnumerable<OpenXmlElement> content, List<Segment> output, StyleMeaning paragraphStyle)
    {
        var properties = run.RunProperties;
        var characterStyle = _styles.Character(properties?.RunStyle?.Val?.Value);
        var hidden = (properties?.Vanish is { } vanish ? vanish.Val?.Value ?? true : characterStyle.Hidden || paragraphStyle.Hidden)
            || properties?.WebHidden is not null;
        var bold = properties?.Bold is { } b ? b.Val?.Value ?? true : characterStyle.Bold ?? paragraphStyle.Bold ?? false;
        var italic = properties?.Italic is { } it ? it.Val?.Value ?? true : characterStyle.Italic ?? paragraphStyle.Italic ?? false;

        foreach (var child in content)
        {
            switch (child)
            {
                case FieldChar fieldChar:
                    ReadFieldChar(fieldChar, output);
                    continue;
                case FieldCode code:
                    if (_fields.TryPeek(out var field) && !field.InResult)
                    {
                        field.Instruction.Append(code.Text);
                    }

                    continue;
                case AlternateContent alternate:
                    if (alternate.GetFirstChild<AlternateContentChoice>() is { } choice)
                    {
                        ReadRun(run, choice.ChildElements, output, paragraphStyle);
                    }

                    continue;
            }

            if (Suppressed || hidden)
            {
                continue;
            }

            switch (child)
            {
                case Text text:
                    output.Add(new Segment(SegmentKind.Text, text.Text, bold, italic));
                    break;
                case TabChar or PositionalTab:
                    output.Add(new Segment(SegmentKind.Text, " ", bold, italic));
                    break;
                case NoBreakHyphen:
                    output.Add(new Segment(SegmentKind.Text, "\u2011", bold, italic));
                    break;
                case Break br when br.Type is null || br.Type.Value == BreakValues.TextWrapping:
                case CarriageReturn:
                    output.Add(new Segment(SegmentKind.Break, string.Empty));
                    break;
                case FootnoteReference footnote when footnote.Id?.Value is long id:
                    AddNote(output, Footnote(id));
                    break;
                case EndnoteReference endnote when endnote.Id?.Value is long id:
                    AddNote(output, Endnote(id));
                    break;
                case Drawing drawing:
                    ReadDrawing(drawing, output);
                    break;
                case Picture picture:
                    ReadVml(picture, output);
                    break;
                case EmbeddedObject:
                    _notCarried.EmbeddedObjects++;
                    break;
            }
        }
    }

    private void AddNote(List<Segment> output, (OpenXmlElement Note, OpenXmlPart Part)? note)
    {
        if (note is not { } found)
        {
            return;
        }

        var number = _notes.Count + 1;
        _notes.Add((number, found.Note, found.Part));
        output.Add(new Segment(SegmentKind.Markdown, $"[^{number}]"));
    }

    private (OpenXmlElement, OpenXmlPart)? Footnote(long id)
    {
        var part = _main.FootnotesPart;
        _footnotes ??= part?.Footnotes?.Elements<Footnote>().Where(f => f.Id is not null).DistinctBy(f => f.Id!.Value).ToDictionary(f => f.Id!.Value) ?? [];
        return part is not null && _footnotes.TryGetValue(id, out var note) ? (note, part) : null;
    }

    private (OpenXmlElement, OpenXmlPart)? Endnote(long id)
    {
        var part = _main.EndnotesPart;
        _endnotes ??= part?.Endnotes?.Elements<Endnote>().Where(f => f.Id is not null).DistinctBy(f => f.Id!.Value).ToDictionary(f => f.Id!.Value) ?? [];
        return part is not null && _endnotes.TryGetValue(id, out var note) ? (note, part) : null;
    }

    private void ReadHyperlink(Hyperlink hyperlink, List<Segment> output, StyleMeaning style)
    {
        var inner = new List<Segment>();
        ReadInlines(hyperlink, inner, style);
        if (inner.Count == 0)
        {
            return;
        }

        string? url = null;
        if (hyperlink.Id?.Value is { } id)
        {
            url = _part.HyperlinkRelationships.FirstOrDefault(r => r.Id == id)?.Uri.OriginalString;
        }

        if (hyperlink.Anchor?.Value is { } anchor)
        {
            url = url is null ? (_headingAnchors.TryGetValue(anchor, out var slug) ? "#" + slug : null) : url + "#" + anchor;
        }

        AddLink(url, inner, output);
    }

    private void AddLink(string? url, List<Segment> inner, List<Segment> output)
    {
        if (url is null)
        {
            output.AddRange(inner);
            return;
        }

        var text = MarkdownInline.PlainText(inner);
        if (!IsKeptUrl(url))
        {
            _warnings.Add($"The link on '{text}' to {Shorten(url)} was left out: only web (http, https) and email (mailto) links are kept");
            output.AddRange(inner);
            return;
        }

        output.Add(new Segment(SegmentKind.LinkStart, string.Empty));
        output.AddRange(inner);
        output.Add(new Segment(SegmentKind.LinkEnd, url));
    }

    /// <summary>Web and email addresses, and a heading of the document: a link to a file beside the Word file leads nowhere in the portal.</summary>
    private static bool IsKeptUrl(string url) =>
        PolicyText.IsAllowedUrl(url)
        && (url.StartsWith('#') || (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "mailto"));

    private static string Shorten(string url) => url.Length <= 60 ? url : url[..57] + "...";

    private void ReadSimpleField(SimpleField field, List<Segment> output, StyleMeaning style)
    {
        var instruction = field.Instruction?.Value ?? string.Empty;
        if (Suppressed)
        {
            return;
        }

        switch (FieldKindOf(instruction, out var url))
        {
            case FieldKind.TableOfContents:
                _notCarried.TableOfContents = true;
                break;
            case FieldKind.Hyperlink:
                var inner = new List<Segment>();
                ReadInlines(field, inner, style);
                AddLink(url, inner, output);
                break;
            default:
                _notCarried.Fields++;
                ReadInlines(field, output, style);
                break;
        }
    }

    private void ReadFieldChar(FieldChar fieldChar, List<Segment> output)
    {
        var type = fieldChar.FieldCharType?.Value;
        if (type == FieldCharValues.Begin)
        {
            _fields.Push(new Field());
        }
        else if (type == FieldCharValues.Separate && _fields.TryPeek(out var field) && !field.InResult)
        {
            var suppressed = Suppressed && _fields.Skip(1).Any(f => !f.InResult || f.Kind == FieldKind.TableOfContents);
            field.InResult = true;
            field.Kind = FieldKindOf(field.Instruction.ToString(), out var url);
            if (suppressed)
            {
                return;
            }

            switch (field.Kind)
            {
                case FieldKind.TableOfContents:
                    _notCarried.TableOfContents = true;
                    break;
                case FieldKind.Hyperlink when url is not null && IsKeptUrl(url):
                    output.Add(new Segment(SegmentKind.LinkStart, string.Empty));
                    field.Url = url;
                    break;
                case FieldKind.Hyperlink:
                    _warnings.Add($"A link to {Shorten(url ?? "an address")} was left out: only web (http, https) and email (mailto) links are kept");
                    break;
                default:
                    _notCarried.Fields++;
                    break;
            }
        }
        else if (type == FieldCharValues.End && _fields.TryPop(out var ended) && ended.Url is not null)
        {
            output.Add(new Segment(SegmentKind.LinkEnd, ended.Url));
        }
    }

    private static FieldKind FieldKindOf(string instruction, out string? url)
    {
        url = null;
        var trimmed = instruction.TrimStart();
        if (trimmed.StartsWith("TOC", StringComparison.OrdinalIgnoreCase))
        {
            return FieldKind.TableOfContents;
        }

        if (!trimmed.StartsWith("HYPERLINK", StringComparison.OrdinalIgnoreCase))
        {
            return FieldKind.Other;
        }

        var match = HyperlinkField().Match(trimmed);
        if (match.Success)
        {
            url = match.Groups["anchor"].Success ? null : match.Groups["url"].Value;
        }

        return FieldKind.Hyperlink;
    }

    [GeneratedRegex("""^HYPERLINK\s+(?<anchor>\\l\s+)?"(?<url>[^"]*)"(\s+\\l\s+"(?<fragment>[^"]*)")?""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HyperlinkField();

    private void ReadDrawing(Drawing drawing, List<Segment> output)
    {
        var uri = drawing.Descendants<A.GraphicData>().FirstOrDefault()?.Uri?.Value;
        if (uri == ChartUri)
        {
            _notCarried.Charts++;
            return;
        }

        if (uri == DiagramUri)
        {
            _notCarried.SmartArt++;
            return;
        }

        var textBoxes = drawing.Descendants().Count(e => e.LocalName == "txbx");
        _notCarried.TextBoxes += textBoxes;
        var properties = drawing.Descendants<DW.DocProperties>().FirstOrDefault();
        var alt = NonEmpty(properties?.Description?.Value) ?? NonEmpty(properties?.Title?.Value);
        var pictures = 0;
        foreach (var blip in drawing.Descendants<A.Blip>())
        {
            pictures++;
            if (blip.Embed?.Value is { } id)
            {
                AddImage(id, alt, output);
            }
            else if (blip.Link is not null)
            {
                _notCarried.LinkedImages++;
            }
        }

        if (pictures == 0 && textBoxes == 0 && uri != PictureUri)
        {
            _notCarried.Shapes++;
        }
    }

    private void ReadVml(Picture picture, List<Segment> output)
    {
        var textBoxes = picture.Descendants<V.TextBox>().Count();
        _notCarried.TextBoxes += textBoxes;
        var images = picture.Descendants<V.ImageData>().Where(i => i.RelationshipId?.Value is not null).ToList();
        foreach (var image in images)
        {
            var shape = image.Parent as V.Shape;
            AddImage(image.RelationshipId!.Value!, NonEmpty(shape?.Alternate?.Value) ?? NonEmpty(image.Title?.Value), output);
        }

        if (images.Count == 0 && textBoxes == 0)
        {
            _notCarried.Shapes++;
        }
    }

    private void AddImage(string relationshipId, string? alt, List<Segment> output)
    {
        if (!_part.Parts.Any(p => p.RelationshipId == relationshipId) || _part.GetPartById(relationshipId) is not ImagePart part)
        {
            return;
        }

        if (!_imageByPart.TryGetValue(part.Uri, out var fileName))
        {
            fileName = StoreImage(part);
            _imageByPart[part.Uri] = fileName;
        }

        if (fileName is null)
        {
            return;
        }

        var text = alt ?? $"Image {_images.FindIndex(i => i.FileName == fileName) + 1}";
        var escaped = new StringBuilder();
        foreach (var c in text)
        {
            escaped.Append(c is '[' or ']' or '\\' ? "\\" + c : char.IsControl(c) ? " " : c.ToString());
        }

        output.Add(new Segment(SegmentKind.Markdown, $"![{escaped}]({fileName})"));
    }

    /// <summary>Keeps an image the portal can show, once however often it appears, and returns its file name.</summary>
    private string? StoreImage(ImagePart part)
    {
        var contentType = part.ContentType.ToLowerInvariant();
        var extension = contentType switch
        {
            "image/png" => ".png",
            "image/jpeg" or "image/jpg" => ".jpg",
            "image/gif" => ".gif",
            _ => null,
        };
        if (extension is null)
        {
            _notCarried.UnsupportedImageFormats.Add(Path.GetExtension(part.Uri.OriginalString).TrimStart('.').ToUpperInvariant() is { Length: > 0 } format ? format : contentType);
            _notCarried.UnsupportedImages++;
            return null;
        }

        using var stream = part.GetStream();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var content = copy.ToArray();
        var hash = System.Convert.ToHexString(SHA256.HashData(content));
        if (_imageByContent.TryGetValue(hash, out var known))
        {
            return known;
        }

        var fileName = $"image{_images.Count + 1}{extension}";
        _images.Add(new ImportedImage(fileName, extension == ".jpg" ? "image/jpeg" : contentType, content));
        _imageByContent[hash] = fileName;
        return fileName;
    }

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private (Paragraph? Paragraph, string? Title) FindTitle(List<OpenXmlElement> blocks)
    {
        var titled = blocks.OfType<Paragraph>().FirstOrDefault(p => ParagraphStyle(p).IsTitle && SimpleText(p).Length > 0);
        if (titled is not null)
        {
            return (titled, SimpleText(titled));
        }

        var first = blocks.FirstOrDefault(b => b is Table || (b is Paragraph p && SimpleText(p).Length > 0));
        if (first is not Paragraph firstParagraph)
        {
            return (null, null);
        }

        // The first heading is the title only when no other heading is as high: a document whose headings are all
        // "Heading 1" has sections, not a title.
        if (HeadingLevel(firstParagraph) is int level)
        {
            var asHigh = blocks.OfType<Paragraph>().Any(p => p != firstParagraph && HeadingLevel(p) <= level && SimpleText(p).Length > 0);
            return asHigh ? (null, null) : (firstParagraph, SimpleText(firstParagraph));
        }

        return (null, null);
    }

    private void CollectHeadingAnchors(List<OpenXmlElement> blocks)
    {
        foreach (var paragraph in blocks.OfType<Paragraph>())
        {
            if (HeadingLevel(paragraph) is null || paragraph.Descendants<BookmarkStart>().ToList() is not { Count: > 0 } bookmarks)
            {
                continue;
            }

            var slug = LinkHelper.UrilizeAsGfm(SimpleText(paragraph));
            foreach (var bookmark in bookmarks)
            {
                if (bookmark.Name?.Value is { } name && slug.Length > 0)
                {
                    _headingAnchors.TryAdd(name, slug);
                }
            }
        }
    }

    private bool IsCaption(Paragraph paragraph) => ParagraphStyle(paragraph).IsCaption && SimpleText(paragraph).Length > 0;

    private StyleMeaning ParagraphStyle(Paragraph paragraph) =>
        _styles.Paragraph(paragraph.ParagraphProperties?.ParagraphStyleId?.Val?.Value);

    private int? HeadingLevel(Paragraph paragraph)
    {
        if (paragraph.ParagraphProperties?.OutlineLevel?.Val?.Value is int outline)
        {
            return outline is >= 0 and < 9 ? outline + 1 : null;
        }

        return ParagraphStyle(paragraph).HeadingLevel;
    }

    private (int? NumId, int Ilvl) Numbering(Paragraph paragraph, StyleMeaning style)
    {
        var numbering = paragraph.ParagraphProperties?.NumberingProperties;
        var numId = numbering?.NumberingId?.Val?.Value ?? style.NumberingId;
        var ilvl = numbering?.NumberingLevelReference?.Val?.Value ?? style.NumberingLevel ?? 0;
        return (numId is > 0 ? numId : null, Math.Clamp(ilvl, 0, 8));
    }

    /// <summary>The paragraph's visible text without any conversion, for the title and the choice of headings.</summary>
    private static string SimpleText(Paragraph paragraph)
    {
        var text = new StringBuilder();
        foreach (var element in paragraph.Descendants())
        {
            if (element is Text t && t.Parent is Run run && run.RunProperties?.Vanish is null)
            {
                text.Append(t.Text);
            }
            else if (element is TabChar)
            {
                text.Append(' ');
            }
        }

        return text.ToString().Trim();
    }

    /// <summary>The paragraphs and tables of a body, cell or note, including those inside content controls.</summary>
    private static IEnumerable<OpenXmlElement> Blocks(OpenXmlElement container)
    {
        foreach (var child in container.ChildElements)
        {
            switch (child)
            {
                case Paragraph or Table:
                    yield return child;
                    break;
                case SdtBlock sdt:
                    foreach (var block in Blocks(sdt.SdtContentBlock ?? (OpenXmlElement)sdt))
                    {
                        yield return block;
                    }

                    break;
                case CustomXmlBlock or SdtContentBlock:
                    foreach (var block in Blocks(child))
                    {
                        yield return block;
                    }

                    break;
            }
        }
    }

    /// <summary>The rows of a table or the cells of a row, through content controls, without entering a nested table.</summary>
    private static IEnumerable<T> Descendants<T>(OpenXmlElement container, Type stopAt)
        where T : OpenXmlElement
    {
        foreach (var child in container.ChildElements)
        {
            if (child is T found)
            {
                yield return found;
            }
            else if (child.GetType() != stopAt && child is not Table && child.HasChildren)
            {
                foreach (var inner in Descendants<T>(child, stopAt))
                {
                    yield return inner;
                }
            }
        }
    }

    private static bool HasTrackedChanges(OpenXmlElement? root) =>
        root?.Descendants().Any(e => e.NamespaceUri == WordNamespace && e.LocalName is "ins" or "del" or "moveFrom" or "moveTo") == true;

    private void CountOutsideTheBody()
    {
        _notCarried.Comments = _main.WordprocessingCommentsPart?.Comments?.Elements<Comment>().Count() ?? 0;
        _notCarried.Header = _main.HeaderParts.Any(h => !string.IsNullOrWhiteSpace(h.Header?.InnerText));
        _notCarried.Footer = _main.FooterParts.Any(f => !string.IsNullOrWhiteSpace(f.Footer?.InnerText));
    }

    private enum FieldKind
    {
        Other,
        Hyperlink,
        TableOfContents,
    }

    /// <summary>A complex field (w:fldChar) being read: its instruction, then its last result, which is what the reader sees.</summary>
    private sealed class Field
    {
        public StringBuilder Instruction { get; } = new();

        public bool InResult { get; set; }

        public FieldKind Kind { get; set; }

        public string? Url { get; set; }
    }

    /// <summary>A list being written: its Word level and the column its items' text starts at, where a nested list goes.</summary>
    private sealed record OpenList(int Level, int NumId, bool Ordered, char Delimiter, int Indent, int ContentColumn, int? IndentLeft);
}
