using System.Text;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using PolicyPortal.Web.Services;
using PolicyPortal.Web.Services.WordImport;

namespace PolicyPortal.UnitTests.Services.WordImport;

/// <summary>Word files saved by a real word processor (LibreOffice Writer; tests/PolicyPortal.Testing/WordDocuments/make-fixtures.sh makes them again).</summary>
public sealed class WordFixtureTests
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().Build();

    [Fact]
    public void The_seed_policy_saved_as_Word_comes_back_with_every_heading_paragraph_and_list_item()
    {
        var seed = SeedMarkdown();

        var draft = Convert("personal-use-of-social-media.docx");

        // No difference is allowed: the one thing the Word file adds, its title as the first heading, becomes the
        // draft's Title instead of a heading (the seed keeps its title in the front matter).
        Assert.Equal(Blocks(seed), Blocks(draft.Markdown));
        Assert.Equal(PolicyText.Render(seed).Contents, PolicyText.Render(draft.Markdown).Contents);
        Assert.Empty(draft.Warnings);
        Assert.Empty(draft.Images);
    }

    [Fact]
    public void The_seed_policy_saved_as_Word_takes_its_title_from_the_first_heading()
    {
        var draft = Convert("personal-use-of-social-media.docx");

        Assert.Equal("Personal Use of Social Media Sites", draft.Title);
        Assert.DoesNotContain("Personal Use of Social Media Sites", draft.Markdown.Split('\n')[0], StringComparison.Ordinal);
        Assert.StartsWith("## Scope\n\n", draft.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void A_table_with_a_caption_and_a_picture_becomes_a_pipe_table_a_caption_and_an_image()
    {
        var draft = Convert("table-caption-image.docx");

        Assert.Equal("Visitors", draft.Title);
        Assert.Equal(
            """
            Every visitor signs in at reception, and wears a badge.

            | Time | Who |
            | --- | --- |
            | Before 9:00 | The site manager |
            | After 9:00 | Reception \| office |

            Table: Table 1: Who signs visitors in

            The badge looks like this:

            ![Visitor badge](image1.png)

            """.ReplaceLineEndings("\n"),
            draft.Markdown);
        var image = Assert.Single(draft.Images);
        Assert.Equal(("image1.png", "image/png"), (image.FileName, image.ContentType));
        Assert.Equal(["1 field, shown as its last result"], draft.NotCarriedOver);
    }

    [Fact]
    public void Changing_only_the_picture_changes_the_image_and_not_the_text()
    {
        var before = Convert("table-caption-image.docx");
        var after = Convert("table-caption-other-image.docx");

        Assert.Equal(before.Markdown, after.Markdown);
        Assert.Equal(before.Images.Single().FileName, after.Images.Single().FileName);
        Assert.NotEqual(before.Images.Single().Content, after.Images.Single().Content);
    }

    private static WordConversion Convert(string fixture) =>
        WordConverter.Convert(new UploadedFile(fixture, File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "WordDocuments", fixture))));

    /// <summary>The shipped seed policy's Markdown without its front matter.</summary>
    private static string SeedMarkdown()
    {
        using var stream = typeof(PolicyText).Assembly.GetManifestResourceStream("Seed/personal-use-of-social-media.md")!;
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd().ReplaceLineEndings("\n");
        return text[(text.IndexOf("\n---\n", 4, StringComparison.Ordinal) + 5)..];
    }

    /// <summary>What a reader sees, block by block: its kind, its level (heading level or list depth) and its plain text.</summary>
    private static List<(string Kind, int Level, string Text)> Blocks(string markdown)
    {
        var blocks = new List<(string, int, string)>();
        foreach (var block in Markdown.Parse(markdown, Pipeline).Descendants<LeafBlock>())
        {
            var text = PlainText(block.Inline);
            switch (block)
            {
                case HeadingBlock heading:
                    blocks.Add(("heading", heading.Level, text));
                    break;
                case ParagraphBlock when block.Parent is ListItemBlock item:
                    var depth = 0;
                    for (var parent = item.Parent; parent is not null; parent = parent.Parent)
                    {
                        depth += parent is ListBlock ? 1 : 0;
                    }

                    var ordered = ((ListBlock)item.Parent!).IsOrdered;
                    blocks.Add((item.IndexOf(block) == 0 ? ordered ? "numbered item" : "bulleted item" : "item paragraph", depth, text));
                    break;
                default:
                    blocks.Add((block.GetType().Name, 0, text));
                    break;
            }
        }

        return blocks;
    }

    private static string PlainText(ContainerInline? inline)
    {
        var text = new StringBuilder();
        foreach (var node in inline?.Descendants() ?? [])
        {
            text.Append(node switch
            {
                LiteralInline literal => literal.Content.ToString(),
                CodeInline code => code.Content,
                LineBreakInline => " ",
                _ => string.Empty,
            });
        }

        return text.ToString();
    }
}
