using System.Text;
using System.Text.RegularExpressions;

namespace PolicyPortal.Web.Services;

public enum ChangeType
{
    Unchanged,
    Inserted,
    Deleted,
}

/// <summary>A run of text that is unchanged, inserted or deleted.</summary>
public sealed record TextChange(ChangeType Type, string Text);

/// <summary>What a Markdown block is to a reader: a paragraph, a bulleted or numbered list item, or a subheading.</summary>
public enum BlockKind
{
    Paragraph,
    Bullet,
    Numbered,
    Heading,
}

/// <summary>
/// One block of a comparison, as a reader sees it (its Markdown marker left out), with its word-level changes. A block
/// only in the newer text is inserted, one only in the older text deleted.
/// </summary>
public sealed record BlockComparison(BlockKind Kind, ChangeType BlockChange, IReadOnlyList<TextChange> Changes)
{
    public bool HasChanges => BlockChange != ChangeType.Unchanged || Changes.Any(c => c.Type != ChangeType.Unchanged);
}

/// <summary>One section of a comparison: its heading and its blocks.</summary>
public sealed record SectionComparison(string Heading, ChangeType SectionChange, IReadOnlyList<BlockComparison> Blocks)
{
    public bool HasChanges => SectionChange != ChangeType.Unchanged || Blocks.Any(b => b.HasChanges);

    /// <summary>Every change in the section, block after block.</summary>
    public IEnumerable<TextChange> Changes => Blocks.SelectMany(b => b.Changes);
}

/// <summary>
/// Compares two policy texts word by word, grouped by their "## " sections, so that governors and staff see exactly
/// which words were inserted and which deleted. Sections are matched by heading; a section only in one text is wholly
/// inserted or deleted. Within a section the comparison keeps the Markdown blocks (paragraphs, list items,
/// subheadings), so a page can show a list as a list rather than its "- " markers.
/// </summary>
public static partial class TextComparison
{
    public static IReadOnlyList<SectionComparison> Compare(string from, string to)
    {
        var before = Sections(from);
        var after = Sections(to);
        var result = new List<SectionComparison>();

        foreach (var step in Diff(before.Select(s => s.Heading).ToList(), after.Select(s => s.Heading).ToList()))
        {
            result.Add(step.Type switch
            {
                ChangeType.Deleted => Whole(before[step.OldIndex], ChangeType.Deleted),
                ChangeType.Inserted => Whole(after[step.NewIndex], ChangeType.Inserted),
                _ => new SectionComparison(after[step.NewIndex].Heading, ChangeType.Unchanged, CompareBlocks(before[step.OldIndex].Text, after[step.NewIndex].Text)),
            });
        }

        return result;

        static SectionComparison Whole(Section section, ChangeType type) =>
            new(section.Heading, type, [.. Blocks(section.Text).Select(b => new BlockComparison(b.Kind, type, [new TextChange(type, b.Text)]))]);
    }

    /// <summary>
    /// Word-level changes from <paramref name="from"/> to <paramref name="to"/>; white space is kept so the text reads as
    /// written. Changes separated only by white space read as one ("should not" → "must never"), not word by word.
    /// </summary>
    public static IReadOnlyList<TextChange> CompareWords(string from, string to) =>
        CompareTokens(Tokens().Matches(from).Select(m => m.Value).ToList(), Tokens().Matches(to).Select(m => m.Value).ToList());

    /// <summary>
    /// The blocks of two texts of one section, compared word by word. Each block starts with a token that stands for its
    /// kind, so a block's start is compared like a word: a paragraph that becomes a list item shows as the same words in
    /// a new block, and words are never matched across the start of a block.
    /// </summary>
    public static IReadOnlyList<BlockComparison> CompareBlocks(string from, string to)
    {
        var changes = CompareTokens(BlockTokens(from), BlockTokens(to));
        var blocks = new List<BlockComparison>();
        var kind = BlockKind.Paragraph;
        var runs = new List<TextChange>();
        foreach (var change in changes)
        {
            var text = change.Text;
            int start;
            while ((start = text.IndexOf(BlockStart)) >= 0)
            {
                AddRun(change.Type, text[..start]);
                EndBlock();
                kind = (BlockKind)(text[start + 1] - '0');
                text = text[(start + 2)..];
            }

            AddRun(change.Type, text);
        }

        EndBlock();
        return blocks;

        void AddRun(ChangeType type, string text)
        {
            // White space alone, inserted or deleted, is where blocks were joined or split: the words read the same.
            if (text.Length == 0 || (type == ChangeType.Deleted && string.IsNullOrWhiteSpace(text)))
            {
                return;
            }

            var shown = type == ChangeType.Inserted && string.IsNullOrWhiteSpace(text) ? ChangeType.Unchanged : type;
            if (runs.Count > 0 && runs[^1].Type == shown)
            {
                runs[^1] = runs[^1] with { Text = runs[^1].Text + text };
            }
            else
            {
                runs.Add(new TextChange(shown, text));
            }
        }

        void EndBlock()
        {
            if (runs.Count > 0)
            {
                // Wholly inserted or deleted by its own words, whichever side of the diff its start fell on.
                var change = runs.All(r => r.Type == ChangeType.Inserted) ? ChangeType.Inserted
                    : runs.All(r => r.Type == ChangeType.Deleted) ? ChangeType.Deleted
                    : ChangeType.Unchanged;
                blocks.Add(new BlockComparison(kind, change, [.. runs]));
                runs.Clear();
            }
        }
    }

    private static IReadOnlyList<TextChange> CompareTokens(List<string> before, List<string> after)
    {
        var changes = new List<TextChange>();
        var deleted = new StringBuilder();
        var inserted = new StringBuilder();
        string deletedGap = string.Empty, insertedGap = string.Empty, trailing = string.Empty;

        foreach (var step in Diff(before, after))
        {
            var token = step.Type == ChangeType.Deleted ? before[step.OldIndex] : after[step.NewIndex];
            var inChange = deleted.Length > 0 || inserted.Length > 0;
            switch (step.Type)
            {
                case ChangeType.Unchanged when inChange && string.IsNullOrWhiteSpace(token):
                    // White space inside a run of changes: it joins the words on either side if the run goes on.
                    deletedGap += token;
                    insertedGap += token;
                    trailing += token;
                    break;
                case ChangeType.Unchanged:
                    Flush();
                    Add(ChangeType.Unchanged, token);
                    break;
                case ChangeType.Deleted:
                    deleted.Append(deleted.Length > 0 ? deletedGap : string.Empty).Append(token);
                    deletedGap = trailing = string.Empty;
                    break;
                case ChangeType.Inserted:
                    inserted.Append(inserted.Length > 0 ? insertedGap : string.Empty).Append(token);
                    insertedGap = trailing = string.Empty;
                    break;
            }
        }

        Flush();
        return changes;

        void Flush()
        {
            // White space at the end of a change that the text keeps anyway belongs to the unchanged text after it.
            var kept = deleted.Length == 0 ? TrailingSpace(inserted)
                : inserted.Length == 0 ? TrailingSpace(deleted)
                : TrailingSpace(deleted) == TrailingSpace(inserted) ? TrailingSpace(deleted)
                : string.Empty;
            deleted.Length = Math.Max(0, deleted.Length - kept.Length);
            inserted.Length = Math.Max(0, inserted.Length - kept.Length);

            Add(ChangeType.Deleted, deleted.ToString());
            Add(ChangeType.Inserted, inserted.ToString());
            Add(ChangeType.Unchanged, kept + trailing);
            deleted.Clear();
            inserted.Clear();
            deletedGap = insertedGap = trailing = string.Empty;
        }

        void Add(ChangeType type, string text)
        {
            if (text.Length == 0)
            {
                return;
            }

            if (changes.Count > 0 && changes[^1].Type == type)
            {
                changes[^1] = changes[^1] with { Text = changes[^1].Text + text };
            }
            else
            {
                changes.Add(new TextChange(type, text));
            }
        }
    }

    private static string TrailingSpace(StringBuilder text)
    {
        var length = 0;
        while (length < text.Length && char.IsWhiteSpace(text[text.Length - 1 - length]))
        {
            length++;
        }

        return text.ToString(text.Length - length, length);
    }

    private readonly record struct Step(ChangeType Type, int OldIndex, int NewIndex);

    /// <summary>Beyond this many edits a section counts as rewritten: shown wholly deleted and inserted, in bounded time and memory.</summary>
    private const int MaxEdits = 2_000;

    /// <summary>
    /// Myers' O((N+M)D) shortest edit script, deletions before insertions at each point. Each step keeps only the diagonals it
    /// can reach (2d + 3 numbers), so memory grows with D², capped by <see cref="MaxEdits"/>.
    /// </summary>
    private static List<Step> Diff(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        int n = a.Count, m = b.Count, max = n + m;
        var v = new int[(2 * max) + 3];
        var trace = new List<int[]>();
        for (var d = 0; d <= max; d++)
        {
            if (d > MaxEdits)
            {
                return Rewritten(n, m);
            }

            var window = new int[(2 * d) + 3];
            Array.Copy(v, max - d, window, 0, window.Length);
            trace.Add(window);
            for (var k = -d; k <= d; k += 2)
            {
                var x = k == -d || (k != d && v[k - 1 + max + 1] < v[k + 1 + max + 1]) ? v[k + 1 + max + 1] : v[k - 1 + max + 1] + 1;
                var y = x - k;
                while (x < n && y < m && a[x] == b[y])
                {
                    x++;
                    y++;
                }

                v[k + max + 1] = x;
                if (x >= n && y >= m)
                {
                    return Backtrack(trace, n, m);
                }
            }
        }

        return [];
    }

    private static List<Step> Backtrack(List<int[]> trace, int n, int m)
    {
        var steps = new List<Step>();
        int x = n, y = m;
        for (var d = trace.Count - 1; d >= 0; d--)
        {
            var window = trace[d];
            int At(int k) => window[k + d + 1];
            var k = x - y;
            var previousK = k == -d || (k != d && At(k - 1) < At(k + 1)) ? k + 1 : k - 1;
            var previousX = d == 0 ? 0 : At(previousK);
            var previousY = previousX - previousK;
            while (x > previousX && y > previousY)
            {
                steps.Add(new Step(ChangeType.Unchanged, --x, --y));
            }

            if (d > 0)
            {
                steps.Add(x == previousX ? new Step(ChangeType.Inserted, x, --y) : new Step(ChangeType.Deleted, --x, y));
            }
        }

        steps.Reverse();
        return steps;
    }

    private static List<Step> Rewritten(int n, int m) =>
        [.. Enumerable.Range(0, n).Select(i => new Step(ChangeType.Deleted, i, 0)), .. Enumerable.Range(0, m).Select(j => new Step(ChangeType.Inserted, 0, j))];

    private sealed record Section(string Heading, string Text);

    private static List<Section> Sections(string markdown)
    {
        var sections = new List<Section>();
        var heading = string.Empty;
        var lines = new List<string>();
        foreach (var line in markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                Add();
                heading = line[3..].Trim();
                lines.Clear();
            }
            else
            {
                lines.Add(line);
            }
        }

        Add();
        return sections;

        void Add()
        {
            var text = string.Join('\n', lines).Trim('\n');
            if (heading.Length > 0 || text.Length > 0)
            {
                sections.Add(new Section(heading, text));
            }
        }
    }

    /// <summary>Marks the start of a block in a token stream; the character after it is the block's kind.</summary>
    private const char BlockStart = '\uE000';

    private static List<string> BlockTokens(string text)
    {
        var tokens = new List<string>();
        foreach (var block in Blocks(text))
        {
            tokens.Add($"{BlockStart}{(char)('0' + (int)block.Kind)}");
            tokens.AddRange(Tokens().Matches(block.Text).Select(m => m.Value));
        }

        return tokens;
    }

    private sealed record Block(BlockKind Kind, string Text);

    /// <summary>
    /// A section's Markdown as a reader sees its blocks: a blank line ends a paragraph; "- ", "* ", "+ " or "1. " starts a
    /// list item; "### " a subheading. The lines of one block are joined with spaces, as a browser shows them.
    /// </summary>
    private static List<Block> Blocks(string markdown)
    {
        var blocks = new List<Block>();
        var kind = BlockKind.Paragraph;
        var lines = new List<string>();
        var text = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Replace(BlockStart, '\uFFFD');
        foreach (var line in text.Split('\n'))
        {
            var marker = BlockMarker().Match(line);
            if (line.Trim().Length == 0 || ThematicBreak().IsMatch(line))
            {
                Add();
            }
            else if (marker.Success)
            {
                Add();
                kind = marker.Groups["heading"].Success ? BlockKind.Heading
                    : marker.Groups["number"].Success ? BlockKind.Numbered
                    : BlockKind.Bullet;

                // A numbered item keeps its number: shown on its own, a list would number it from 1.
                lines.Add(kind == BlockKind.Numbered ? line.Trim() : line[marker.Length..].Trim());
                if (kind == BlockKind.Heading)
                {
                    Add();
                }
            }
            else
            {
                lines.Add(line.Trim());
            }
        }

        Add();
        return blocks;

        void Add()
        {
            var text = string.Join(' ', lines).Trim();
            if (text.Length > 0)
            {
                blocks.Add(new Block(kind, text));
            }

            lines.Clear();
            kind = BlockKind.Paragraph;
        }
    }

    // A list item at any depth: a nested item is an item of its own, not words of the one above it.
    [GeneratedRegex(@"^\s*(?:(?<heading>#{3,6})|(?<number>\d{1,9}[.)])|[-*+])\s+")]
    private static partial Regex BlockMarker();

    /// <summary>A line of three or more -, * or _ (a rule between parts): it ends a block and is not text.</summary>
    [GeneratedRegex(@"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")]
    private static partial Regex ThematicBreak();

    [GeneratedRegex(@"\S+|\s+")]
    private static partial Regex Tokens();
}
