using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using PolicyPortal.Web.Services;
using static PolicyPortal.UnitTests.Services.WordImport.TestDocument;
using A = DocumentFormat.OpenXml.Drawing;
using DW = DocumentFormat.OpenXml.Drawing.Wordprocessing;
using PIC = DocumentFormat.OpenXml.Drawing.Pictures;
using V = DocumentFormat.OpenXml.Vml;

namespace PolicyPortal.UnitTests.Services.WordImport;

public sealed class WordConverterTests
{
    [Fact]
    public void The_title_style_gives_the_title_and_headings_start_at_level_two()
    {
        var draft = Convert(Create(Styled("Title", "Anti-Bullying Policy"), Styled("Heading1", "Scope"), P("Text."), Styled("Heading2", "Detail"), P("More.")));

        Assert.Equal("Anti-Bullying Policy", draft.Title);
        Assert.Equal("## Scope\n\nText.\n\n### Detail\n\nMore.\n", draft.Markdown);
    }

    [Fact]
    public void Without_a_title_or_a_lone_first_heading_the_title_is_the_file_name()
    {
        var draft = Convert(Create(Styled("Heading1", "Scope"), P("Text."), Styled("Heading1", "Purpose"), P("More.")), "Policies/E-Safety Policy.docx");

        Assert.Equal("E-Safety Policy", draft.Title);
        Assert.StartsWith("## Scope\n\nText.\n\n## Purpose", draft.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Smart_quotes_dashes_and_non_breaking_spaces_are_kept_as_they_are()
    {
        const string text = "The school\u2019s \u201cfair use\u201d rule \u2013 and its 10\u00a0MB limit \u2014 apply.";

        var draft = Convert(Create(P(text)));

        Assert.Equal(text + "\n", draft.Markdown);
    }

    [Fact]
    public void Text_inside_content_controls_and_smart_tags_is_kept()
    {
        var smartTag = new OpenXmlUnknownElement("w", "smartTag", "http://schemas.openxmlformats.org/wordprocessingml/2006/main");
        smartTag.Append(R("Leicester"));

        var draft = Convert(Create(P(R("Held in "), smartTag, R(" on "), new SdtRun(new SdtContentRun(R("1 May"))), R("."))));

        Assert.Equal("Held in Leicester on 1 May.\n", draft.Markdown);
    }

    [Fact]
    public void Characters_that_Markdown_reads_as_syntax_are_shown_as_typed()
    {
        string[] lines =
        [
            "# not a heading",
            "1. not a list",
            "- not a list either",
            "+ nor this",
            "Stars *here*, _underscores_, [brackets](x), `ticks`, <b>tags</b>, a \\ and &copy; stay as typed.",
        ];

        var draft = Convert(Create(lines.Select(l => (OpenXmlElement)P(l)).ToArray()));

        var html = PolicyText.Render(draft.Markdown).Html;
        Assert.Equal(string.Concat(lines.Select(l => $"<p>{System.Net.WebUtility.HtmlEncode(l).Replace("&#39;", "'", StringComparison.Ordinal)}</p>\n")), html.Replace("&quot;", "\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Bold_and_italic_runs_become_emphasis_with_the_spaces_outside_the_markers()
    {
        var draft = Convert(Create(P(R("Staff "), R("must ", bold: true), R("not", bold: true), R(" share "), R("passwords ", italic: true), R("or "), R("codes", bold: true, italic: true), R("."))));

        Assert.Equal("Staff **must not** share *passwords* or ***codes***.\n", draft.Markdown);
        Assert.Contains("<strong>must not</strong>", PolicyText.Render(draft.Markdown).Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Line_breaks_become_hard_breaks_and_page_breaks_and_tabs_do_not_show()
    {
        var draft = Convert(Create(P(R("Line one"), new Run(new Break()), R("line two"), new Run(new Break { Type = BreakValues.Page }), R("\tend"), new Run(new TabChar()), R("x"))));

        Assert.Equal("Line one\\\nline two end x\n", draft.Markdown);
    }

    [Fact]
    public void A_short_bold_paragraph_becomes_a_heading_below_the_last_one_with_a_warning()
    {
        var draft = Convert(Create(Styled("Title", "E-Safety"), Styled("Heading1", "Scope"), P("Text."), P(R("Purpose", bold: true)), P("More."), P(R("A whole bold sentence that ends with a full stop.", bold: true))));

        Assert.Equal("## Scope\n\nText.\n\n### Purpose\n\nMore.\n\n**A whole bold sentence that ends with a full stop.**\n", draft.Markdown);
        Assert.Equal(["'Purpose' was bold text used as a heading: check its level"], draft.Warnings);
    }

    [Fact]
    public void Nested_numbered_and_bulleted_lists_keep_their_levels_and_numbers()
    {
        var draft = Convert(Create(
            P("Steps:"),
            Item(Numbers, 0, "Report it"),
            Item(Numbers, 1, "to the Principal"),
            Item(Numbers, 1, "in writing"),
            Item(Numbers, 0, "Keep a copy"),
            P("Then:"),
            Item(Numbers, 0, "Wait"),
            Item(Bullets, 0, "A bullet"),
            Item(Bullets, 1, "Below it"),
            Item(Bullets, 2, "Further below")));

        Assert.Equal(
            "Steps:\n\n1. Report it\n   - to the Principal\n   - in writing\n2. Keep a copy\n\nThen:\n\n3. Wait\n- A bullet\n  - Below it\n    - Further below\n",
            draft.Markdown);
        var html = PolicyText.Render(draft.Markdown).Html;
        Assert.Contains("<ol start=\"3\">", html, StringComparison.Ordinal);
        Assert.Contains("<li>Report it\n<ul>\n<li>to the Principal</li>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_paragraph_indented_under_a_list_item_stays_in_the_item()
    {
        var continuation = new Paragraph(new ParagraphProperties(new Indentation { Left = "720" }), R("More about the first."));

        var draft = Convert(Create(Item(Bullets, 0, "First"), continuation, Item(Bullets, 0, "Second"), P("After.")));

        Assert.Equal("- First\n\n  More about the first.\n- Second\n\nAfter.\n", draft.Markdown);
    }

    [Fact]
    public void Web_and_email_links_are_kept_and_a_javascript_link_becomes_text_with_a_warning()
    {
        var docx = Create((main, body) =>
        {
            var web = main.AddHyperlinkRelationship(new Uri("https://www.gov.uk/guidance"), true).Id;
            var mail = main.AddHyperlinkRelationship(new Uri("mailto:office@school.example"), true).Id;
            var script = main.AddHyperlinkRelationship(new Uri("javascript:alert(1)"), true).Id;
            body.Append(P(
                new Hyperlink(R("the guidance")) { Id = web }, R(", "),
                new Hyperlink(R("the office")) { Id = mail }, R(" or "),
                new Hyperlink(R("click here")) { Id = script }, R(".")));
        });

        var draft = Convert(docx);

        Assert.Equal("[the guidance](https://www.gov.uk/guidance), [the office](mailto:office@school.example) or click here.\n", draft.Markdown);
        Assert.Contains(draft.Warnings, w => w.StartsWith("The link on 'click here' to javascript:alert(1) was left out", StringComparison.Ordinal));
    }

    [Fact]
    public void Footnotes_become_Markdown_footnotes_at_the_end()
    {
        var docx = Create((main, body) =>
        {
            main.AddNewPart<FootnotesPart>().Footnotes = new Footnotes(
                new Footnote(P("Separator")) { Type = FootnoteEndnoteValues.Separator, Id = -1 },
                new Footnote(P(new Run(new FootnoteReferenceMark()), R(" See the "), R("Data Protection Act", italic: true), R(" 2018."))) { Id = 1 });
            body.Append(P(R("Records are kept"), new Run(new FootnoteReference { Id = 1 }), R(" for six years.")));
        });

        var draft = Convert(docx);

        Assert.Equal("Records are kept[^1] for six years.\n\n[^1]: See the *Data Protection Act* 2018.\n", draft.Markdown);
    }

    [Fact]
    public void A_table_becomes_a_pipe_table_and_merged_cells_are_shown_once_with_a_warning()
    {
        var table = new Table(
            new TableRow(Cell("Role"), Cell("Duty")),
            new TableRow(Cell("Governors", new TableCellProperties(new VerticalMerge { Val = MergedCellValues.Restart })), Cell("Approve")),
            new TableRow(Cell(string.Empty, new TableCellProperties(new VerticalMerge())), Cell("Review | sign")),
            new TableRow(Cell("Everyone", new TableCellProperties(new GridSpan { Val = 2 }))));

        var draft = Convert(Create(P("Duties:"), table, Styled("Caption", "Who does what")));

        Assert.Equal(
            "Duties:\n\n| Role | Duty |\n| --- | --- |\n| Governors | Approve |\n|  | Review \\| sign |\n| Everyone |  |\n\nTable: Who does what\n",
            draft.Markdown);
        Assert.Equal(["Table 1 had merged cells; each is shown once, with empty cells beside it"], draft.Warnings);
    }

    [Fact]
    public void A_picture_used_twice_is_one_image_and_its_alt_text_comes_from_the_description()
    {
        var png = TinyPng();
        var docx = Create((main, body) =>
        {
            var image = main.AddImagePart(ImagePartType.Png);
            image.FeedData(new MemoryStream(png));
            var id = main.GetIdOfPart(image);
            body.Append(P(new Run(Picture(id, 1, "School crest"))), P(new Run(Picture(id, 2, null))));
        });

        var draft = Convert(docx);

        Assert.Equal("![School crest](image1.png)\n\n![Image 1](image1.png)\n", draft.Markdown);
        var image = Assert.Single(draft.Images);
        Assert.Equal(new[] { "image1.png", "image/png" }, new[] { image.FileName, image.ContentType });
        Assert.Equal(png, image.Content);
    }

    [Fact]
    public void What_the_Markdown_cannot_hold_is_listed_as_not_carried_over()
    {
        var docx = Create((main, body) =>
        {
            main.AddNewPart<WordprocessingCommentsPart>().Comments = new Comments(
                new Comment(P("Check this")) { Id = "1", Author = "Head" },
                new Comment(P("And this")) { Id = "2", Author = "Head" });
            main.AddNewPart<HeaderPart>().Header = new Header(P("King Edward VII College"));
            main.AddNewPart<FooterPart>().Footer = new Footer(P("Page 1"));
            body.Append(
                P(R("Reviewed on "), new SimpleField(R("12/03/2026")) { Instruction = " DATE " }, R(".")),
                P(new Run(new FieldChar { FieldCharType = FieldCharValues.Begin }), new Run(new FieldCode(" PAGE ")), new Run(new FieldChar { FieldCharType = FieldCharValues.Separate }), R("3"), new Run(new FieldChar { FieldCharType = FieldCharValues.End })),
                P(R("Before the box."), new Run(new Picture(new V.Shape(new V.TextBox(new TextBoxContent(P("Secret box text"))))))));
        });

        var draft = Convert(docx);

        Assert.Equal("Reviewed on 12/03/2026.\n\n3\n\nBefore the box.\n", draft.Markdown);
        Assert.Equal(["2 comments", "The header and footer", "1 text box: its text is not included", "2 fields, shown as their last result"], draft.NotCarriedOver);
    }

    private static Drawing Picture(string relationshipId, uint id, string? description) =>
        new(new DW.Inline(
            new DW.Extent { Cx = 90000, Cy = 90000 },
            new DW.DocProperties { Id = id, Name = $"Picture {id}", Description = description },
            new A.Graphic(new A.GraphicData(new PIC.Picture(
                new PIC.NonVisualPictureProperties(new PIC.NonVisualDrawingProperties { Id = id, Name = "crest.png" }, new PIC.NonVisualPictureDrawingProperties()),
                new PIC.BlipFill(new A.Blip { Embed = relationshipId }, new A.Stretch(new A.FillRectangle())),
                new PIC.ShapeProperties()))
            { Uri = "http://schemas.openxmlformats.org/drawingml/2006/picture" })));

    /// <summary>A 1×1 transparent PNG.</summary>
    private static byte[] TinyPng() =>
        System.Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");
}
