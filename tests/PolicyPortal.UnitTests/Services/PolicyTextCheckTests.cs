using System.Text;
using PolicyPortal.Web.Data.Seeding;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Services;
using PolicyPortal.Web.Services.WordImport;

namespace PolicyPortal.UnitTests.Services;

/// <summary>
/// The one check every policy text passes before it is stored (<see cref="PolicyText.Problem"/>): shapes that would make
/// Markdig slow are refused before it parses them, and whatever Markdig cannot read is refused with where.
/// </summary>
public sealed class PolicyTextCheckTests
{
    private static string Repeat(string unit, int count) => new StringBuilder().Insert(0, unit, count).ToString();

    public static TheoryData<string, string, string> Refused() => new()
    {
        { "a list nested 200 deep on one line", "## Rules\n\n" + Repeat("+ ", 200) + "a", "Line 3 is nested too deeply" },
        { "quotes nested nine deep", ">>>>>>>>> Nine quotes deep.", "Line 1 is nested too deeply" },
        { "quotes and lists mixed on one line", "Text.\n\n" + Repeat("> - ", 5) + "a", "Line 3 is nested too deeply" },
        { "a list item 42 spaces in", "- a\n" + new string(' ', 42) + "- b", "Line 2 is nested too deeply" },
        { "49,000 unfinished links on one line", Repeat("[a](", 49_000), "Line 1 has more than 100 links or images" },
        { "unfinished links parted by Unicode line separators, which Markdig does not take for line ends", Repeat("[a](\u2028", 40_000), "Line 1 has more than 100 links or images" },
        { "101 links on one line", Repeat("[a](https://example.org) ", 101), "Line 1 has more than 100 links or images" },
        { "emphasis nested 100,000 deep", Repeat("*_", 100_000), "too many bold or italic marks (* or _) or open brackets ([) in long paragraphs: the limit is passed in the paragraph from line 1" },
        { "1,000 emphasis marks before 100,000 lines", Repeat("*a", 1_000) + Repeat("\na", 99_000), "the limit is passed in the paragraph from line 1" },
        { "emphasis parted by lines of no-break spaces, which Markdig does not take for blank", Repeat(Repeat("*a", 200) + "\n\u00a0\n", 300), "too many bold or italic marks" },
        { "images left open inside links", Repeat(Repeat("[![a](", 50) + "\n", 600), "too many bold or italic marks" },
        { "128 brackets left open in one paragraph", "## Scope\n\nText.\n\n" + new string('[', 128), "The paragraph from line 5 nests brackets, bold or italic marks, quotes or lists inside each other too deeply" },
        { "emphasis nested 256 deep in one run", new string('*', 256) + "a" + new string('*', 256), "The paragraph from line 1 nests" },
        { "a run of 17 backticks", "Code: " + new string('`', 17) + "x", "Line 1 has a run of 17 backticks" },
        { "1,001 headings", Repeat("## a\n\n", 1_001), "The text has 1,001 headings" },
        { "1,001 link definitions", Repeat("[a]: https://example.org\n", 1_001), "The text has 1,001 lines that start with a link or a definition" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_text_markdown_is_slow_on_or_cannot_read_is_refused_saying_where(string shape, string text, string reason)
    {
        var problem = PolicyText.Problem(text);

        Assert.True(problem is not null, shape);
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_text_that_cannot_be_shown_renders_as_a_message_in_its_place_and_no_contents()
    {
        var rendered = PolicyText.Render("## Scope\n\n" + Repeat("+ ", 200) + "a");

        Assert.Equal("Line 3 is nested too deeply: at most 8 quotes or list markers at the start of a line, and 40 spaces of indent. Simplify the quotes or lists there.", rendered.Problem);
        Assert.StartsWith("<div class=\"notice notice--problem\"><p>This version&#x27;s text cannot be shown: Line 3 is nested too deeply", rendered.Html, StringComparison.Ordinal);
        Assert.Empty(rendered.Contents);
    }

    [Fact]
    public void The_shipped_policies_pass()
    {
        Assert.All(PortalSeeder.ShippedPolicies(), policy => Assert.Null(PolicyText.Problem(policy.Body)));
    }

    [Theory]
    [InlineData("personal-use-of-social-media.docx")]
    [InlineData("table-caption-image.docx")]
    public void Policies_imported_from_word_pass(string fixture)
    {
        var conversion = WordConverter.Convert(new UploadedFile(fixture, File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "WordDocuments", fixture))));

        Assert.Null(PolicyText.Problem(conversion.Markdown));
    }

    [Fact]
    public void A_long_policy_with_deep_lists_big_tables_and_many_links_passes()
    {
        // As deep, as marked up and as linked as a policy gets, many times over: a 300-row table with bold and a link in
        // every row, lists ten deep, quotes in lists, 60 links on a line, footnotes, and the same heading again and again.
        var text = new StringBuilder("## Roles\n\n| Role | Who | Guidance |\n| --- | --- | --- |\n");
        for (var row = 1; row <= 300; row++)
        {
            text.Append($"| **Role {row}** | *Name {row}* | [guidance](https://example.org/{row}) |\n");
        }

        text.Append("\nTable: Who does what\n\n");
        for (var section = 1; section <= 50; section++)
        {
            text.Append("## Scope\n\n");
            for (var level = 0; level < 10; level++)
            {
                text.Append(new string(' ', 4 * level)).Append($"{level + 1}. Item **{level}** with _emphasis_ and a [link](#scope).\n");
            }

            text.Append("\n> - Quoted *list* item.\n>   > And a quote in it.\n\nSee ").AppendJoin(", ", Enumerable.Range(1, 60).Select(n => $"[page {n}](https://example.org/{n})")).Append(".[^1]\n\n");
        }

        text.Append("[^1]: A note.");

        Assert.Null(PolicyText.Problem(text.ToString()));
        Assert.True(text.Length > 30_000);
    }

    [Fact]
    public void A_draft_is_refused_a_text_that_cannot_be_shown_beside_its_text_field_and_keeps_its_own()
    {
        var policy = new Policy("p", "P", PolicyAudience.Staff, [], []);
        var draft = policy.StartDraft(DateTime.UnixEpoch, "## Scope\n\nText.");

        var refusal = Assert.Throws<InvalidDetailsException>(() => draft.Edit(Repeat("[a](", 49_000), null, ChangeKind.Initial));

        var problem = Assert.Single(refusal.Problems);
        Assert.Equal(nameof(PolicyRevision.Body), problem.Field);
        Assert.StartsWith("Line 1 has more than 100 links or images", problem.Message, StringComparison.Ordinal);
        Assert.Equal("## Scope\n\nText.", draft.Body);
    }
}
