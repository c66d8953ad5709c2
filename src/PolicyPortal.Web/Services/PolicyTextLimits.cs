namespace PolicyPortal.Web.Services;

/// <summary>
/// The shapes of Markdown that make Markdig slow (its time grows with the square of their number) or deep enough for it to
/// refuse, found in one pass over the text before it is parsed. Each limit is far beyond what a policy needs, and together
/// they keep any text the editor takes quick to render (docs/performance.md, "Rendering hostile texts").
/// </summary>
public static class PolicyTextLimits
{
    /// <summary>Quote and list markers at the start of one line, at most: a policy needs two or three.</summary>
    public const int MaxNesting = 8;

    /// <summary>Spaces of indent at the start of a line, at most (a tab counts four): lists ten deep.</summary>
    public const int MaxIndent = 40;

    /// <summary>
    /// <c>](</c> on one line, at most: each one that does not make a link has Markdig read on to the end of the line's
    /// word, so a long line of them (<c>[a]([a]([a](…</c>) takes minutes.
    /// </summary>
    public const int MaxLinksPerLine = 100;

    /// <summary>
    /// The work of Markdig's inline parsing, at most, counted as it does it: it puts each mark (<c>* _ [ ] ` ! &lt; &amp; \ |</c>)
    /// and each line of a paragraph inside every emphasis mark and open bracket before it in the paragraph, walking down
    /// through all of them. A long paragraph after thousands of marks takes seconds; a policy's longest table, a few
    /// hundred thousand.
    /// </summary>
    public const long MaxInlineWork = 10_000_000;

    /// <summary>Backticks in one run, at most: each length without a closing run has Markdig read to the paragraph's end.</summary>
    public const int MaxBacktickRun = 16;

    /// <summary>Headings in one text, at most: Markdig gives each of those with the same words the next free number by counting up.</summary>
    public const int MaxHeadings = 1_000;

    /// <summary>
    /// Lines that start with <c>[</c> or have <c>]:</c> in them, at most: the link and footnote definitions
    /// (<c>[name]: address</c>, <c>[^1]: note</c>), which Markdig reads slowly, are among them.
    /// </summary>
    public const int MaxDefinitions = 1_000;

    /// <summary>Why the text's shape cannot be rendered quickly, naming where, or null when it can.</summary>
    public static string? Problem(string text)
    {
        int number = 0, headings = 0, definitions = 0, paragraphStart = 0;

        // Within a paragraph: the emphasis marks and open brackets so far, and how many of them there are; over the text,
        // the inline work (MaxInlineWork).
        int depth = 0, open = 0;
        long work = 0;
        var previousBlank = true;

        // Lines as Markdig reads them: parted by \n, \r or both (not by the other characters .NET takes for line ends), and
        // blank only when they hold nothing but spaces and tabs.
        for (int lineStart = 0, lineEnd; lineStart <= text.Length; lineStart = lineEnd + (text.AsSpan(lineEnd).StartsWith("\r\n") ? 2 : 1))
        {
            lineEnd = text.AsSpan(lineStart).IndexOfAny('\n', '\r') is var found and >= 0 ? lineStart + found : text.Length;
            var line = text.AsSpan(lineStart, lineEnd - lineStart);
            number++;
            if (line.IndexOfAnyExcept(' ', '\t') < 0)
            {
                depth = open = 0;
                previousBlank = true;
                continue;
            }

            if (previousBlank)
            {
                paragraphStart = number;
            }
            else
            {
                // The line break before this line.
                work += depth;
            }

            var (markers, indent, start) = Prefix(line);
            if (markers > MaxNesting || indent > MaxIndent)
            {
                return $"Line {number} is nested too deeply: at most {MaxNesting} quotes or list markers at the start of a line, and {MaxIndent} spaces of indent. Simplify the quotes or lists there.";
            }

            var rest = line[start..];
            if (IsHeading(rest) || (!previousBlank && IsUnderline(line)))
            {
                headings++;
            }

            if (rest.StartsWith('[') || rest.Contains("]:", StringComparison.Ordinal))
            {
                definitions++;
            }

            var links = 0;
            for (var i = 0; i < rest.Length; i++)
            {
                var c = rest[i];
                if (c is not ('*' or '_' or '`' or '[' or ']' or '!' or '<' or '&' or '\\' or '|'))
                {
                    continue;
                }

                work += depth;
                if (c == '\\')
                {
                    // An escaped mark is text: \* \_ \` \] are not marks.
                    i++;
                }
                else if (c is '*' or '_' or '`')
                {
                    var run = 1;
                    while (i + 1 < rest.Length && rest[i + 1] == c)
                    {
                        run++;
                        i++;
                    }

                    if (c == '`' && run > MaxBacktickRun)
                    {
                        return $"Line {number} has a run of {run} backticks (`); at most {MaxBacktickRun} can mark code. Remove some.";
                    }

                    depth += c == '`' ? 0 : 1;
                }
                else if (c == '[')
                {
                    open++;
                    depth++;
                }
                else if (c == ']')
                {
                    if (open > 0)
                    {
                        open--;
                        depth--;
                    }

                    if (i + 1 < rest.Length && rest[i + 1] == '(' && ++links > MaxLinksPerLine)
                    {
                        return $"Line {number} has more than {MaxLinksPerLine} links or images. Split it into shorter lines.";
                    }
                }
            }

            if (work > MaxInlineWork)
            {
                return $"The text has too many bold or italic marks (* or _) or open brackets ([) in long paragraphs: the limit is passed in the paragraph from line {paragraphStart}. Split long paragraphs with blank lines, or write \\* for a star that is not a mark.";
            }

            previousBlank = false;
        }

        if (headings > MaxHeadings)
        {
            return $"The text has {headings:N0} headings; at most {MaxHeadings:N0} can be shown. Join some sections.";
        }

        return definitions > MaxDefinitions
            ? $"The text has {definitions:N0} lines that start with a link or a definition ([name]: or [^1]:); at most {MaxDefinitions:N0} can be shown. Join some of them."
            : null;
    }

    /// <summary>
    /// The quote and list markers a line starts with, the spaces of indent among them (the one space after each marker
    /// aside), and where the rest of the line starts.
    /// </summary>
    private static (int Markers, int Indent, int Start) Prefix(ReadOnlySpan<char> line)
    {
        int markers = 0, spaces = 0, i = 0;
        while (i < line.Length)
        {
            var c = line[i];
            if (c is ' ' or '\t')
            {
                spaces += c == '\t' ? 4 : 1;
                i++;
            }
            else if (c == '>')
            {
                markers++;
                i++;
            }
            else if (MarkerLength(line[i..]) is > 0 and var length)
            {
                markers++;
                i += length;
            }
            else
            {
                break;
            }
        }

        return (markers, Math.Max(0, spaces - markers), i);
    }

    /// <summary>The length of the list marker the text starts with (<c>-</c>, <c>+</c>, <c>*</c>, <c>1.</c>, <c>1)</c>), or 0.</summary>
    private static int MarkerLength(ReadOnlySpan<char> text)
    {
        var length = text[0] is '-' or '+' or '*' ? 1 : 0;
        if (length == 0)
        {
            while (length < text.Length && length < 10 && char.IsAsciiDigit(text[length]))
            {
                length++;
            }

            if (length is 0 or 10 || length >= text.Length || text[length] is not ('.' or ')'))
            {
                return 0;
            }

            length++;
        }

        // A marker is followed by a space, or ends the line.
        return length == text.Length || text[length] is ' ' or '\t' ? length : 0;
    }

    private static bool IsHeading(ReadOnlySpan<char> rest)
    {
        var hashes = 0;
        while (hashes < rest.Length && rest[hashes] == '#')
        {
            hashes++;
        }

        return hashes is >= 1 and <= 6 && (hashes == rest.Length || rest[hashes] is ' ' or '\t');
    }

    /// <summary>A line of = or of - under a paragraph line, which makes that line a heading.</summary>
    private static bool IsUnderline(ReadOnlySpan<char> line)
    {
        var trimmed = line.Trim(" \t");
        return trimmed.Length > 0 && (trimmed.TrimStart('=').IsEmpty || trimmed.TrimStart('-').IsEmpty);
    }
}
