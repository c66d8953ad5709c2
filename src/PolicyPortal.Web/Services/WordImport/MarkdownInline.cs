using System.Text;

namespace PolicyPortal.Web.Services.WordImport;

internal enum SegmentKind
{
    /// <summary>Text as the reader sees it, to be escaped.</summary>
    Text,

    /// <summary>A line break inside the paragraph.</summary>
    Break,

    /// <summary>Markdown written already: an image, a footnote reference.</summary>
    Markdown,

    LinkStart,

    /// <summary>The end of a link; Text holds its destination.</summary>
    LinkEnd,
}

/// <summary>A piece of a paragraph, in reading order.</summary>
internal readonly record struct Segment(SegmentKind Kind, string Text, bool Bold = false, bool Italic = false);

/// <summary>Where inline Markdown goes, which decides what must be escaped and what a line break becomes.</summary>
internal enum InlineContext
{
    /// <summary>A paragraph, list item or footnote: a line can start a block, so its start is escaped too.</summary>
    Block,

    /// <summary>A heading or a caption: one line, no emphasis (its style is its formatting).</summary>
    Heading,

    /// <summary>A table cell: one line, and | ends a cell.</summary>
    TableCell,
}

/// <summary>
/// Writes a paragraph's segments as CommonMark that renders as the text itself: every character that Markdown would read
/// as syntax is escaped, emphasis markers sit against the words they mark (CommonMark does not read "** word**" as bold),
/// and adjacent runs with the same formatting share one pair of markers.
/// </summary>
internal sealed class MarkdownInline
{
    private readonly StringBuilder _out = new();
    private readonly InlineContext _context;
    private readonly List<string> _open = [];
    private bool _atLineStart = true;

    private MarkdownInline(InlineContext context) => _context = context;

    public static string Write(IReadOnlyList<Segment> segments, InlineContext context)
    {
        var writer = new MarkdownInline(context);
        var links = PairedLinks(segments);
        for (var i = 0; i < segments.Count; i++)
        {
            writer.Add(segments[i], links.Contains(i));
        }

        writer.CloseEmphasis();
        return writer._out.ToString().TrimEnd();
    }

    /// <summary>The plain text of the segments, as a heading's or title's text and for the checks on a paragraph.</summary>
    public static string PlainText(IReadOnlyList<Segment> segments)
    {
        var text = new StringBuilder();
        foreach (var segment in segments)
        {
            if (segment.Kind == SegmentKind.Text)
            {
                text.Append(segment.Text);
            }
            else if (segment.Kind == SegmentKind.Break)
            {
                text.Append(' ');
            }
        }

        return text.ToString().Trim();
    }

    /// <summary>The indexes of link starts and ends that pair up: a field's link can start in one paragraph and end in the next.</summary>
    private static HashSet<int> PairedLinks(IReadOnlyList<Segment> segments)
    {
        var paired = new HashSet<int>();
        int? start = null;
        for (var i = 0; i < segments.Count; i++)
        {
            if (segments[i].Kind == SegmentKind.LinkStart)
            {
                start = i;
            }
            else if (segments[i].Kind == SegmentKind.LinkEnd && start is int s)
            {
                paired.Add(s);
                paired.Add(i);
                start = null;
            }
        }

        return paired;
    }

    private void Add(Segment segment, bool pairedLink)
    {
        switch (segment.Kind)
        {
            case SegmentKind.Text:
                AddText(segment);
                break;
            case SegmentKind.Break when _context == InlineContext.Block:
                CloseEmphasis();
                TrimEnd();
                if (!_atLineStart && _out.Length > 0)
                {
                    _out.Append("\\\n");
                    _atLineStart = true;
                }

                break;
            case SegmentKind.Break:
                _out.Append(' ');
                break;
            case SegmentKind.Markdown:
                _out.Append(segment.Text);
                _atLineStart = false;
                break;
            case SegmentKind.LinkStart when pairedLink:
                CloseEmphasis();
                _out.Append('[');
                _atLineStart = false;
                break;
            case SegmentKind.LinkEnd when pairedLink:
                CloseEmphasis();
                _out.Append("](").Append(Destination(segment.Text)).Append(')');
                break;
        }
    }

    private void AddText(Segment segment)
    {
        var text = segment.Text;
        if (_context == InlineContext.Heading || string.IsNullOrWhiteSpace(text))
        {
            Escape(text);
            return;
        }

        var lead = text.Length - text.AsSpan().TrimStart().Length;
        Escape(text[..lead]);
        SetEmphasis(segment.Bold, segment.Italic);
        Escape(text[lead..]);
    }

    private void SetEmphasis(bool bold, bool italic)
    {
        List<string> wanted = (bold, italic) switch
        {
            (true, true) => ["**", "*"],
            (true, false) => ["**"],
            (false, true) => ["*"],
            _ => [],
        };
        if (_open.SequenceEqual(wanted))
        {
            return;
        }

        // Keep what is open when only more is wanted ("**bold *and italic*"), else close all and open afresh.
        if (_open.Count > wanted.Count || !wanted.Take(_open.Count).SequenceEqual(_open))
        {
            CloseEmphasis();
        }

        foreach (var marker in wanted.Skip(_open.Count))
        {
            _out.Append(marker);
            _open.Add(marker);
            _atLineStart = false;
        }
    }

    private void CloseEmphasis()
    {
        if (_open.Count == 0)
        {
            return;
        }

        // The closing marker goes against the last word, with the spaces after it.
        var spaces = _out.Length;
        TrimEnd();
        spaces -= _out.Length;
        for (var i = _open.Count - 1; i >= 0; i--)
        {
            _out.Append(_open[i]);
        }

        _open.Clear();
        _out.Append(' ', spaces);
    }

    private void TrimEnd()
    {
        while (_out.Length > 0 && _out[^1] == ' ')
        {
            _out.Length--;
        }
    }

    private void Escape(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\t' or '\r' or '\n')
            {
                c = ' ';
            }

            if (_atLineStart && _context == InlineContext.Block)
            {
                if (c == ' ')
                {
                    continue;
                }

                _atLineStart = false;
                if (c is '#' or '-' or '+' or '=')
                {
                    _out.Append('\\').Append(c);
                    continue;
                }

                if (char.IsAsciiDigit(c))
                {
                    // "1." or "1)" at the start of a line would begin a numbered list.
                    var end = i;
                    while (end < text.Length && char.IsAsciiDigit(text[end]))
                    {
                        end++;
                    }

                    if (end < text.Length && text[end] is '.' or ')')
                    {
                        _out.Append(text, i, end - i).Append('\\').Append(text[end]);
                        i = end;
                        continue;
                    }
                }
            }

            switch (c)
            {
                case '\\' or '`' or '*' or '[' or ']' or '<' or '>':
                    _out.Append('\\').Append(c);
                    break;
                case '#' when _context == InlineContext.Heading:
                    _out.Append("\\#");
                    break;
                case '|' when _context == InlineContext.TableCell:
                    _out.Append("\\|");
                    break;
                case '_' when !(i > 0 && char.IsLetterOrDigit(text[i - 1]) && i + 1 < text.Length && char.IsLetterOrDigit(text[i + 1])):
                    // Inside a word (file_name) an underscore cannot start emphasis, so it is left as it is there.
                    _out.Append("\\_");
                    break;
                case '&' when StartsEntity(text, i):
                    _out.Append("\\&");
                    break;
                default:
                    _out.Append(c);
                    break;
            }
        }
    }

    /// <summary>True when the text at i reads as an HTML entity ("&amp;copy;"), which Markdown would turn into its character.</summary>
    private static bool StartsEntity(string text, int i)
    {
        var end = i + 1;
        if (end < text.Length && text[end] == '#')
        {
            end++;
        }

        var nameStart = end;
        while (end < text.Length && char.IsAsciiLetterOrDigit(text[end]))
        {
            end++;
        }

        return end > nameStart && end < text.Length && text[end] == ';';
    }

    /// <summary>A link destination that Markdown reads back as it is: no spaces or angle brackets, parentheses escaped.</summary>
    private static string Destination(string url)
    {
        var destination = new StringBuilder(url.Length);
        foreach (var c in url)
        {
            switch (c)
            {
                case ' ':
                    destination.Append("%20");
                    break;
                case '<':
                    destination.Append("%3C");
                    break;
                case '>':
                    destination.Append("%3E");
                    break;
                case '(' or ')' or '\\':
                    destination.Append('\\').Append(c);
                    break;
                default:
                    if (!char.IsControl(c))
                    {
                        destination.Append(c);
                    }

                    break;
            }
        }

        return destination.ToString();
    }
}
