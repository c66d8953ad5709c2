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
        var tokens = new Interner();
        var result = new List<SectionComparison>();

        foreach (var step in Diff(tokens.Ids(before.Select(s => s.Heading)), tokens.Ids(after.Select(s => s.Heading))))
        {
            result.Add(step.Type switch
            {
                ChangeType.Deleted => Whole(before[step.OldIndex], ChangeType.Deleted),
                ChangeType.Inserted => Whole(after[step.NewIndex], ChangeType.Inserted),
                _ when before[step.OldIndex].Text == after[step.NewIndex].Text => Whole(after[step.NewIndex], ChangeType.Unchanged),
                _ => new SectionComparison(after[step.NewIndex].Heading, ChangeType.Unchanged, CompareBlocks(tokens, before[step.OldIndex].Text, after[step.NewIndex].Text)),
            });
        }

        return result;

        // A section whose text is the same on both sides gets the blocks comparing it word by word would give, without the work.
        static SectionComparison Whole(Section section, ChangeType type) =>
            new(section.Heading, type, [.. Blocks(section.Text).Select(b => new BlockComparison(b.Kind, type, [new TextChange(type, b.Text)]))]);
    }

    /// <summary>
    /// Word-level changes from <paramref name="from"/> to <paramref name="to"/>; white space is kept so the text reads as
    /// written. Changes separated only by white space read as one ("should not" → "must never"), not word by word.
    /// </summary>
    public static IReadOnlyList<TextChange> CompareWords(string from, string to)
    {
        var tokens = new Interner();
        return CompareTokens(tokens, tokens.Tokens(from), tokens.Tokens(to));
    }

    /// <summary>
    /// The blocks of two texts of one section, compared word by word. Each block starts with a token that stands for its
    /// kind, so a block's start is compared like a word: a paragraph that becomes a list item shows as the same words in
    /// a new block, and words are never matched across the start of a block.
    /// </summary>
    public static IReadOnlyList<BlockComparison> CompareBlocks(string from, string to) => CompareBlocks(new Interner(), from, to);

    /// <summary>The sections of one comparison share <paramref name="tokens"/>: one copy of each word for them all.</summary>
    private static List<BlockComparison> CompareBlocks(Interner tokens, string from, string to)
    {
        var changes = CompareTokens(tokens, BlockTokens(tokens, from), BlockTokens(tokens, to));
        var blocks = new List<BlockComparison>();
        var kind = BlockKind.Paragraph;
        var runs = new Runs();
        foreach (var change in changes)
        {
            // Read by position, not by cutting the text again after each block: an unchanged stretch can hold thousands.
            var text = change.Text;
            var position = 0;
            int start;
            while ((start = text.IndexOf(BlockStart, position)) >= 0)
            {
                AddRun(change.Type, text.AsSpan(position, start - position));
                EndBlock();
                kind = (BlockKind)(text[start + 1] - '0');
                position = start + 2;
            }

            AddRun(change.Type, text.AsSpan(position));
        }

        EndBlock();
        return blocks;

        void AddRun(ChangeType type, ReadOnlySpan<char> text)
        {
            // White space alone, inserted or deleted, is where blocks were joined or split: the words read the same.
            if (text.IsEmpty || (type == ChangeType.Deleted && text.IsWhiteSpace()))
            {
                return;
            }

            runs.Add(type == ChangeType.Inserted && text.IsWhiteSpace() ? ChangeType.Unchanged : type, text);
        }

        void EndBlock()
        {
            var changes = runs.Take();
            if (changes.Count > 0)
            {
                // Wholly inserted or deleted by its own words, whichever side of the diff its start fell on.
                var change = changes.All(r => r.Type == ChangeType.Inserted) ? ChangeType.Inserted
                    : changes.All(r => r.Type == ChangeType.Deleted) ? ChangeType.Deleted
                    : ChangeType.Unchanged;
                blocks.Add(new BlockComparison(kind, change, changes));
            }
        }
    }

    private static List<TextChange> CompareTokens(Interner tokens, List<int> before, List<int> after)
    {
        var changes = new Runs();
        var deleted = new StringBuilder();
        var inserted = new StringBuilder();
        string deletedGap = string.Empty, insertedGap = string.Empty, trailing = string.Empty;

        foreach (var step in Diff(before, after))
        {
            var token = tokens.Text(step.Type == ChangeType.Deleted ? before[step.OldIndex] : after[step.NewIndex]);
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
                    changes.Add(ChangeType.Unchanged, token);
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
        return changes.Take();

        void Flush()
        {
            if (deleted.Length == 0 && inserted.Length == 0)
            {
                return;
            }

            // White space at the end of a change that the text keeps anyway belongs to the unchanged text after it.
            var kept = deleted.Length == 0 ? TrailingSpace(inserted)
                : inserted.Length == 0 ? TrailingSpace(deleted)
                : TrailingSpace(deleted) == TrailingSpace(inserted) ? TrailingSpace(deleted)
                : string.Empty;
            deleted.Length = Math.Max(0, deleted.Length - kept.Length);
            inserted.Length = Math.Max(0, inserted.Length - kept.Length);

            changes.Add(ChangeType.Deleted, deleted.ToString());
            changes.Add(ChangeType.Inserted, inserted.ToString());
            changes.Add(ChangeType.Unchanged, kept + trailing);
            deleted.Clear();
            inserted.Clear();
            deletedGap = insertedGap = trailing = string.Empty;
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

    /// <summary>
    /// Changes as they are found, each joined to the one before it when both are of the same type. The text of a run is
    /// built up in one buffer: joining strings one token at a time would copy a long unchanged stretch once per token.
    /// </summary>
    private sealed class Runs
    {
        private readonly StringBuilder text = new();
        private List<TextChange> changes = [];
        private ChangeType type;

        public void Add(ChangeType type, ReadOnlySpan<char> text)
        {
            if (text.IsEmpty)
            {
                return;
            }

            if (this.text.Length > 0 && this.type != type)
            {
                End();
            }

            this.type = type;
            this.text.Append(text);
        }

        /// <summary>The changes so far, after which it starts again empty.</summary>
        public List<TextChange> Take()
        {
            End();
            var taken = changes;
            changes = [];
            return taken;
        }

        private void End()
        {
            if (text.Length > 0)
            {
                changes.Add(new TextChange(type, text.ToString()));
                text.Clear();
            }
        }
    }

    /// <summary>
    /// Gives each distinct token (a word, a run of white space, a heading, a block's start) a number, so the diff compares
    /// numbers rather than strings, and keeps one copy of each token's text.
    /// </summary>
    private sealed class Interner
    {
        private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> ids =
            new Dictionary<string, int>(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

        private readonly List<string> texts = [];

        public string Text(int id) => texts[id];

        /// <summary>The token's number; its text is copied only the first time it is seen.</summary>
        public int Id(ReadOnlySpan<char> token)
        {
            if (!ids.TryGetValue(token, out var id))
            {
                id = texts.Count;
                texts.Add(token.ToString());
                ids.Dictionary.Add(texts[id], id);
            }

            return id;
        }

        public List<int> Ids(IEnumerable<string> tokens) => [.. tokens.Select(t => Id(t))];

        /// <summary>Adds the words and white space of <paramref name="text"/>, as <see cref="TokenPattern"/> splits it.</summary>
        public List<int> Tokens(ReadOnlySpan<char> text, List<int>? tokens = null)
        {
            tokens ??= [];
            foreach (var token in TokenPattern().EnumerateMatches(text))
            {
                tokens.Add(Id(text.Slice(token.Index, token.Length)));
            }

            return tokens;
        }
    }

    private readonly record struct Step(ChangeType Type, int OldIndex, int NewIndex);

    /// <summary>Beyond this many edits a section counts as rewritten: shown wholly deleted and inserted, in bounded time.</summary>
    private const int MaxEdits = 2_000;

    /// <summary>How many steps of the search apart its furthest points are kept for the way back.</summary>
    private const int CheckpointEvery = 50;

    /// <summary>
    /// Myers' O((N+M)D) shortest edit script from <paramref name="a"/> to <paramref name="b"/>, deletions before
    /// insertions at each point: unchanged tokens between the edits, which <see cref="Edits"/> finds.
    /// </summary>
    private static IEnumerable<Step> Diff(List<int> a, List<int> b)
    {
        if (Edits(a, b) is not { } edits)
        {
            for (var i = 0; i < a.Count; i++)
            {
                yield return new Step(ChangeType.Deleted, i, 0);
            }

            for (var j = 0; j < b.Count; j++)
            {
                yield return new Step(ChangeType.Inserted, 0, j);
            }

            yield break;
        }

        int x = 0, y = 0;
        foreach (var edit in edits)
        {
            while (x < edit.OldIndex)
            {
                yield return new Step(ChangeType.Unchanged, x++, y++);
            }

            yield return edit;
            (x, y) = edit.Type == ChangeType.Deleted ? (x + 1, y) : (x, y + 1);
        }

        while (x < a.Count)
        {
            yield return new Step(ChangeType.Unchanged, x++, y++);
        }
    }

    /// <summary>
    /// The edits of Myers' greedy search from the start of the texts, in order, or null beyond <see cref="MaxEdits"/>.
    /// The way back from the end needs each step's furthest point on each diagonal. Keeping every step's would take memory
    /// in proportion to the square of the edits (16 MB at 2,000 edits), so only every <see cref="CheckpointEvery"/>th step's
    /// are kept, and the steps between are worked out again from the nearest one on the way back: the search runs twice,
    /// in a fixed and small amount of memory, and finds the same edits as keeping them all would.
    /// </summary>
    private static List<Step>? Edits(List<int> a, List<int> b)
    {
        // Step d's furthest x on diagonal k = x - y (k = -d, -d + 2, ..., d) is kept at [(k + d) / 2].
        var width = Math.Min(a.Count + b.Count, MaxEdits) + 1;
        var current = new int[width];
        var next = new int[width];
        var checkpoints = new List<int[]>();
        var edits = 0;
        while (!Search(a, b, edits, current, next))
        {
            if (edits % CheckpointEvery == 0)
            {
                checkpoints.Add(next[..(edits + 1)]);
            }

            if (++edits > MaxEdits)
            {
                return null;
            }

            (current, next) = (next, current);
        }

        var steps = new List<Step>(edits);
        var between = new int[Math.Min(CheckpointEvery, edits)][];
        int x = a.Count, y = b.Count;
        for (var top = edits; top > 0;)
        {
            var checkpoint = (top - 1) / CheckpointEvery * CheckpointEvery;
            int[] Furthest(int d) => d == checkpoint ? checkpoints[d / CheckpointEvery] : between[d - checkpoint - 1];
            for (var d = checkpoint + 1; d < top; d++)
            {
                Search(a, b, d, Furthest(d - 1), between[d - checkpoint - 1] ??= new int[width]);
            }

            for (var d = top; d > checkpoint; d--)
            {
                var before = Furthest(d - 1);
                int At(int k) => before[(k + d - 1) / 2];
                var k = x - y;
                var previousK = k == -d || (k != d && At(k - 1) < At(k + 1)) ? k + 1 : k - 1;
                var previousX = At(previousK);
                var previousY = previousX - previousK;
                while (x > previousX && y > previousY)
                {
                    x--;
                    y--;
                }

                steps.Add(x == previousX ? new Step(ChangeType.Inserted, x, --y) : new Step(ChangeType.Deleted, --x, y));
            }

            top = checkpoint;
        }

        steps.Reverse();
        return steps;
    }

    /// <summary>
    /// Step <paramref name="d"/> of the greedy search: from each diagonal's furthest point after d - 1 edits, one more edit
    /// (an insertion from the diagonal above, or a deletion from the one below, whichever reached further) and then as
    /// many equal tokens as follow. True once a diagonal reaches the end of both texts.
    /// </summary>
    private static bool Search(List<int> a, List<int> b, int d, int[] before, int[] after)
    {
        for (var i = 0; i <= d; i++)
        {
            var k = (2 * i) - d;
            var x = d == 0 ? 0 : k == -d || (k != d && before[i - 1] < before[i]) ? before[i] : before[i - 1] + 1;
            var y = x - k;
            while (x < a.Count && y < b.Count && a[x] == b[y])
            {
                x++;
                y++;
            }

            after[i] = x;
            if (x >= a.Count && y >= b.Count)
            {
                return true;
            }
        }

        return false;
    }

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

    private static List<int> BlockTokens(Interner tokens, string text)
    {
        var ids = new List<int>();
        foreach (var block in Blocks(text))
        {
            ids.Add(tokens.Id([BlockStart, (char)('0' + (int)block.Kind)]));
            tokens.Tokens(block.Text, ids);
        }

        return ids;
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
    private static partial Regex TokenPattern();
}
