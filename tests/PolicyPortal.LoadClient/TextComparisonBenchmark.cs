using System.Diagnostics;
using System.Text;
using System.Text.Encodings.Web;
using PolicyPortal.Web.Services;
using PolicyPortal.Web.ViewModels.Shared;

namespace PolicyPortal.LoadClient;

/// <summary>
/// Times the comparison page's work on long policies: <see cref="TextComparison.Compare"/> and the redline HTML of every
/// changed section, in this process, one call at a time. The texts are made from a fixed seed, so every run compares the
/// same two texts.
/// </summary>
internal static class TextComparisonBenchmark
{
    private const int Words = 30_000;
    private const int ChangedWords = 300;

    private static readonly string[] Vocabulary =
    [
        "the", "school", "staff", "must", "should", "not", "never", "any", "pupil", "student", "parent", "governor", "policy",
        "use", "social", "media", "personal", "account", "post", "share", "photograph", "image", "online", "safe", "safety",
        "report", "concern", "designated", "safeguarding", "lead", "principal", "member", "of", "to", "and", "or", "in", "on",
        "for", "with", "a", "an", "is", "are", "be", "may", "will", "where", "when", "if", "this", "that", "these", "all",
        "each", "every", "time", "day", "week", "term", "year", "record", "data", "protection", "consent", "information",
        "email", "device", "phone", "laptop", "network", "password", "access", "training", "review", "annual", "governing",
        "body", "meeting", "minutes", "responsible", "ensure", "keep", "confidential", "professional", "conduct", "behaviour",
        "complaint", "disciplinary", "procedure", "local", "authority", "trust", "external", "agency", "visitor", "volunteer",
        "contractor", "classroom", "trip", "event", "website", "newsletter", "group", "chat", "message", "friend", "follow",
        "public", "private", "setting", "risk", "harm", "abuse", "bullying", "incident", "log", "evidence", "retain", "delete",
        "months", "years", "after", "before", "during", "within", "without", "unless", "including", "such", "as", "other",
    ];

    public static int Run(Options options)
    {
        var runs = options.Number("runs", 7);
        var (pagesFrom, pagesTo, pageWords) = Texts(new Random(2026), withSections: true);
        var (sectionFrom, sectionTo, sectionWords) = Texts(new Random(2027), withSections: false);

        Console.WriteLine($"Median of {runs} runs after one to warm up, one call at a time on this thread.");
        Console.WriteLine();
        Console.WriteLine("| Comparison | Median time | Allocated | Target |");
        Console.WriteLine("| --- | --- | --- | --- |");
        Console.WriteLine(Row($"Two 100-page revisions ({pageWords:N0} words, {Sections(pagesFrom)} sections), {ChangedWords} words changed", pagesFrom, pagesTo, runs, "< 150 ms, < 20 MB"));
        Console.WriteLine(Row($"One section of {sectionWords:N0} words, {ChangedWords} words changed", sectionFrom, sectionTo, runs, "for comparison"));

        // The longest text the editor takes, as one unchanged run but for one word: once quadratic in the run's length.
        var (longFrom, longTo) = OneWordChanged(string.Join(' ', Enumerable.Range(0, 30_000).Select(i => Vocabulary[(i * 7919) % Vocabulary.Length]))[..LongText]);
        Console.WriteLine(Row($"One section of {LongText:N0} characters, one word changed", longFrom, longTo, runs, "< 500 ms"));
        var (craftedFrom, craftedTo) = OneWordChanged(string.Concat(Enumerable.Repeat("a ", LongText / 2)));
        Console.WriteLine(Row($"\"a a a …\", {LongText:N0} characters, one word changed", craftedFrom, craftedTo, runs, "< 500 ms"));
        return 0;
    }

    private const int LongText = 150_000;

    // The text, and the same with its middle word replaced.
    private static (string From, string To) OneWordChanged(string text)
    {
        var middle = text.IndexOf(' ', text.Length / 2) + 1;
        var end = text.IndexOf(' ', middle);
        return (text, string.Concat(text.AsSpan(0, middle), "changed", text.AsSpan(end)));
    }

    private static string Row(string name, string from, string to, int runs, string target)
    {
        Measure(from, to);
        var measures = Enumerable.Range(0, runs).Select(_ => Measure(from, to)).ToList();
        var time = measures.Select(m => m.Milliseconds).Order().ElementAt(runs / 2);
        var megabytes = measures.Select(m => m.Megabytes).Order().ElementAt(runs / 2);
        return $"| {name} | {time:N0} ms | {megabytes:N1} MB | {target} |";
    }

    /// <summary>What the comparison page does with two texts: compare them, then write each changed section's redline.</summary>
    private static (double Milliseconds, double Megabytes) Measure(string from, string to)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var stopwatch = Stopwatch.StartNew();

        using var html = new StringWriter();
        foreach (var section in TextComparison.Compare(from, to).Where(s => s.HasChanges))
        {
            Redline.RenderBlocks(section.Blocks).WriteTo(html, HtmlEncoder.Default);
        }

        stopwatch.Stop();
        return (stopwatch.Elapsed.TotalMilliseconds, (GC.GetAllocatedBytesForCurrentThread() - allocated) / 1_048_576.0);
    }

    /// <summary>
    /// A policy of about <see cref="Words"/> words as a school writes one: paragraphs, bulleted and numbered lists, a
    /// subheading now and then, and (<paramref name="withSections"/>) a "## " heading every few blocks; and the same text
    /// with <see cref="ChangedWords"/> words, scattered through it, each replaced by another.
    /// </summary>
    private static (string From, string To, int Words) Texts(Random random, bool withSections)
    {
        var blocks = new List<(string Marker, List<string> Words)>();
        var words = 0;
        var section = 0;
        blocks.Add(("## ", Sentence(random, 3)));
        while (words < Words)
        {
            var kind = random.Next(10);
            if (withSections && blocks.Count % 5 == 0)
            {
                blocks.Add(("## ", [$"{++section}.", .. Sentence(random, random.Next(2, 5))]));
            }
            else if (kind < 6)
            {
                blocks.Add((string.Empty, Paragraph(random)));
            }
            else if (kind < 9)
            {
                var numbered = kind == 8;
                var items = random.Next(3, 7);
                for (var i = 1; i <= items; i++)
                {
                    blocks.Add((numbered ? $"{i}. " : "- ", Sentence(random, random.Next(5, 20))));
                }
            }
            else
            {
                blocks.Add(("### ", Sentence(random, random.Next(2, 5))));
            }

            words += blocks[^1].Words.Count;
        }

        var from = Markdown(blocks);
        var changed = blocks.Select(b => (b.Marker, Words: b.Words.ToList())).ToList();
        var places = changed
            .Select((b, i) => (b, i))
            .Where(p => p.b.Marker != "## ")
            .SelectMany(p => Enumerable.Range(0, p.b.Words.Count).Select(w => (Block: p.i, Word: w)))
            .ToList();
        foreach (var (block, word) in places.OrderBy(_ => random.Next()).Take(ChangedWords))
        {
            var old = changed[block].Words[word];
            string replacement;
            do
            {
                replacement = Vocabulary[random.Next(Vocabulary.Length)];
            }
            while (replacement == old.TrimEnd('.', ','));

            changed[block].Words[word] = replacement + old[old.TrimEnd('.', ',').Length..];
        }

        return (from, Markdown(changed), words);
    }

    private static List<string> Paragraph(Random random)
    {
        var words = new List<string>();
        for (var sentences = random.Next(2, 6); sentences > 0; sentences--)
        {
            words.AddRange(Sentence(random, random.Next(8, 25)));
        }

        return words;
    }

    private static List<string> Sentence(Random random, int length)
    {
        var words = Enumerable.Range(0, length).Select(_ => Vocabulary[random.Next(Vocabulary.Length)]).ToList();
        words[0] = char.ToUpperInvariant(words[0][0]) + words[0][1..];
        if (length > 6)
        {
            words[random.Next(2, length - 2)] += ",";
        }

        words[^1] += ".";
        return words;
    }

    private static string Markdown(List<(string Marker, List<string> Words)> blocks)
    {
        var text = new StringBuilder();
        for (var i = 0; i < blocks.Count; i++)
        {
            var (marker, words) = blocks[i];
            text.Append(i == 0 ? string.Empty : IsItem(marker) && IsItem(blocks[i - 1].Marker) ? "\n" : "\n\n");

            // Long paragraphs are written over several lines, as an editor wraps them.
            text.Append(marker);
            for (var w = 0; w < words.Count; w++)
            {
                text.Append(w == 0 ? string.Empty : w % 14 == 0 && marker.Length == 0 ? "\n" : " ").Append(words[w]);
            }
        }

        return text.ToString();
    }

    private static bool IsItem(string marker) => marker == "- " || (marker.Length > 0 && char.IsAsciiDigit(marker[0]));

    private static int Sections(string markdown) => markdown.Split('\n').Count(l => l.StartsWith("## ", StringComparison.Ordinal));
}
