using System.Diagnostics;
using System.Text;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Services;

namespace PolicyPortal.LoadClient;

/// <summary>
/// Times what the draft editor's preview does with a text (<see cref="PolicyText.Render(string, IReadOnlyCollection{RevisionAttachment}?, IReadOnlyList{PolicyLink}?, Func{string, string}?)"/>:
/// the check of its shape, then Markdig's parse and the HTML, or the refusal), for the shapes that make Markdig slow or
/// refuse, each as long as the editor takes, in this process, one call at a time. Saving a draft makes the same call.
/// </summary>
internal static class PolicyTextBenchmark
{
    private const int Length = PolicyRevision.BodyMaxLength;

    public static int Run(Options options)
    {
        var runs = options.Number("runs", 7);

        // A web server that previews texts has its code compiled and optimised long before; so has this one, then.
        var ordinary = Ordinary();
        for (var i = 0; i < 50; i++)
        {
            PolicyText.Render(ordinary);
        }

        Console.WriteLine($"Median of {runs} runs after one to warm up (and 50 renderings of an ordinary text before all), one call at a time on this thread; every text {Length:N0} characters or just under.");
        Console.WriteLine();
        Console.WriteLine("| Text | Median time | Answer | Target |");
        Console.WriteLine("| --- | --- | --- | --- |");
        foreach (var (name, text) in Texts())
        {
            Console.WriteLine(Row(name, () => PolicyText.Render(text), runs));
        }

        // A policy's page links the titles of the other policies in force in its text.
        var others = Enumerable.Range(1, 50).Select(n => new PolicyLink($"Trust Policy {n:D2}", $"trust-policy-{n:D2}")).ToList();
        Console.WriteLine(Row("The ordinary long policy as its page shows it, naming 2 of 50 other policies in force in each section", () => PolicyText.Render(ordinary, otherPolicies: others), runs));
        return 0;
    }

    private static IEnumerable<(string Name, string Text)> Texts()
    {
        yield return ("An ordinary long policy: sections, paragraphs, lists, links, bold, tables", Ordinary());

        var links = PolicyTextLimits.MaxLinksPerLine;
        yield return ("`[a](` 49,000 times on one line", Repeat("[a](", 49_000));
        yield return ($"`[a](` {links} times on each line, in one paragraph", Fill(Repeat("[a](", links), "\n"));
        yield return ($"`[a](` {links} times, then one word to the end of the line", Repeat("[a](", links) + new string('a', Length - (4 * links)));
        yield return ($"`[![a](` {links / 2} times on each line, in one paragraph", Fill(Repeat("[![a](", links / 2), "\n"));

        var nesting = PolicyTextLimits.MaxNesting;
        yield return ("`+ ` 100,000 times on one line: a list nested 100,000 deep", Repeat("+ ", 99_999) + "a");
        yield return ("`> ` 100,000 times on one line: quotes nested 100,000 deep", Repeat("> ", 99_999) + "a");
        yield return ($"Lines of {nesting} quote and list markers, `> - > - …`, under each other", Fill(Repeat("> - ", nesting / 2) + "a", "\n"));
        yield return ($"Lists nested by indent, {PolicyTextLimits.MaxIndent} spaces and {nesting} markers deep, again and again", Fill(IndentedLists(), "\n"));

        // The most marks that fit MaxInlineWork before the rest of the paragraph, and the most in a paragraph of their own.
        var marks = (int)(PolicyTextLimits.MaxInlineWork / (Length / 2));
        var alone = (int)Math.Sqrt(2 * PolicyTextLimits.MaxInlineWork);
        yield return ("`*_` 100,000 times: emphasis nested 100,000 deep", Repeat("*_", 100_000));
        yield return ($"{marks} emphasis marks, `*a`, then lines of one letter to the paragraph's end", Repeat("*a", marks) + Fill("\na", string.Empty, Length - (2 * marks)));
        yield return ($"{marks} emphasis marks, `*a`, then `]` to the paragraph's end", Repeat("*a", marks) + new string(']', Length - (2 * marks)));
        yield return ($"Paragraphs of {alone:N0} emphasis marks each, `*a_a*a_…`, to the editor's length", Fill(Repeat("*a_a", alone / 2), "\n\n"));
        yield return ($"One paragraph of {alone:N0} emphasis marks, `*a_a*a_…`, then ordinary paragraphs", Repeat("*a_a", alone / 2) + "\n\n" + Fill("Words of the policy.", "\n\n", Length - (2 * alone) - 2));
        yield return ("`[` 200,000 times: brackets left open", new string('[', Length));
        var ordinary = Ordinary();
        yield return ("The ordinary long policy ending in a paragraph of 128 open `[`, which Markdig refuses", ordinary[..ordinary.LastIndexOf("\n\n", StringComparison.Ordinal)] + "\n\n" + new string('[', 128));

        yield return ($"Backtick runs of 1 to {PolicyTextLimits.MaxBacktickRun} backticks, never closed", Fill(Backticks(), " "));
        yield return ("`# a` 50,000 times: the same heading again and again", Fill("# a", "\n"));
        yield return ($"{PolicyTextLimits.MaxHeadings:N0} headings with the same 190 characters", Repeat("## " + new string('a', 190) + "\n\n", PolicyTextLimits.MaxHeadings));
        yield return ($"{PolicyTextLimits.MaxHeadings:N0} headings with the same words, then text", Repeat("## Scope\n\n", PolicyTextLimits.MaxHeadings) + Fill("Words of the policy.", " ", Length - (10 * PolicyTextLimits.MaxHeadings)));
        var definitions = PolicyTextLimits.MaxDefinitions;
        yield return ($"{definitions:N0} link definitions, then links to them", Repeat("[a]: https://example.org\n", definitions - 1) + "\n" + Fill("[a]", " ", Length - (25 * definitions)));
        yield return ($"{definitions:N0} link definitions over two lines each, in one paragraph, then text", Repeat("[a]:\nb\n", definitions) + "\n" + Fill("Words of the policy.", " ", Length - (7 * definitions) - 1));
        var footnotes = string.Concat(Enumerable.Range(1, definitions).Select(n => $"[^{n}]: A note.\n\n"));
        yield return ($"{definitions:N0} footnotes, then references to them", footnotes + Fill("Text[^1]", " ", Length - footnotes.Length));
        yield return ("A table of two columns, as many rows as fit", "| A | B |\n| --- | --- |\n" + Fill("| a | *b* |", "\n", Length - 24));
        yield return ("A table of one row, 16,000 columns", "|" + Repeat(" a |", 16_000) + "\n|" + Repeat("---|", 16_000) + "\n|" + Repeat(" a |", 16_000));
        yield return ("One-cell tables, again and again", Fill("| a |\n| - |", "\n\n"));
        yield return ("One-cell tables with a caption, again and again", Fill("| a |\n| - |\n\nTable: b", "\n\n"));
        yield return ("A list of 50,000 items", Fill("- a", "\n"));
    }

    private static string Row(string name, Func<RenderedPolicyText> render, int runs)
    {
        var answer = Answer(render());
        var times = Enumerable.Range(0, runs).Select(_ => Measure(render)).Order().ToList();
        return $"| {name} | {times[runs / 2]:N0} ms | {answer} | < 1,000 ms |";
    }

    private static string Answer(RenderedPolicyText rendered) =>
        rendered.Problem is not { } problem ? "shown"
        : $"refused: \"{(problem.Length > 60 ? problem[..problem.LastIndexOf(' ', 60)] + " …" : problem)}\"";

    private static double Measure(Func<RenderedPolicyText> render)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var stopwatch = Stopwatch.StartNew();
        render();
        return stopwatch.Elapsed.TotalMilliseconds;
    }

    private static string Repeat(string unit, int count) => new StringBuilder(unit.Length * count).Insert(0, unit, count).ToString();

    /// <summary>The unit again and again, parted by the separator, as long as fits in <paramref name="length"/>.</summary>
    private static string Fill(string unit, string separator, int length = Length)
    {
        var text = new StringBuilder(length);
        while (text.Length + separator.Length + unit.Length <= length)
        {
            text.Append(text.Length == 0 ? string.Empty : separator).Append(unit);
        }

        return text.ToString();
    }

    /// <summary>A list twenty deep by indent, each item of which starts as many lists again as a line may.</summary>
    private static string IndentedLists()
    {
        var text = new StringBuilder();
        for (var level = 0; 2 * level <= PolicyTextLimits.MaxIndent; level++)
        {
            text.Append(' ', 2 * level).Append(Repeat("- ", PolicyTextLimits.MaxNesting)).Append("a\n");
        }

        return text.ToString().TrimEnd('\n');
    }

    private static string Backticks() =>
        string.Join(" a ", Enumerable.Range(1, PolicyTextLimits.MaxBacktickRun).Select(n => new string('`', n)));

    /// <summary>A policy as a school writes one, repeated to the editor's length.</summary>
    private static string Ordinary()
    {
        const string Section = """
            ## Use of social media

            Staff must not share **personal information** about pupils, parents or colleagues on any social media site. See
            the [guidance from the Department for Education](https://www.gov.uk/government/publications/keeping-children-safe-in-education--2)
            and the *staff code of conduct*.

            1. Keep accounts private.
            2. Do not accept pupils as friends or followers.
               - This includes former pupils under 18.
               - Report any request to the designated safeguarding lead.
            3. Report concerns to [the office](mailto:office@school.example).

            > Staff who break this policy may face disciplinary action under Trust Policy 07, as Trust Policy 42 says.

            | Who | What they do |
            | --- | --- |
            | Principal | Approves school accounts |
            | Staff | Keep their accounts private |

            Table: Responsibilities
            """;
        var text = new StringBuilder();
        for (var n = 1; text.Length + Section.Length + 2 <= Length; n++)
        {
            text.Append(text.Length == 0 ? string.Empty : "\n\n").Append(Section.Replace("social media", $"social media ({n})", StringComparison.Ordinal));
        }

        return text.ToString();
    }
}
