using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using PolicyPortal.Web.Services.WordImport;

namespace PolicyPortal.UnitTests.Services.WordImport;

/// <summary>Builds small Word documents with the Open XML SDK, as Word writes them, for the converter to read.</summary>
internal static class TestDocument
{
    /// <summary>numId 1: bullets at every level; numId 2: numbers, with bullets below.</summary>
    public const int Bullets = 1;

    public const int Numbers = 2;

    public static byte[] Create(Action<MainDocumentPart, Body> build)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.Document = new Document(new Body());
            AddStyles(main);
            AddNumbering(main);
            build(main, main.Document.Body!);
        }

        return stream.ToArray();
    }

    public static byte[] Create(params OpenXmlElement[] blocks) => Create((_, body) => body.Append(blocks));

    public static WordConversion Convert(byte[] docx, string fileName = "policy.docx") =>
        WordConverter.Convert(new UploadedFile(fileName, docx));

    public static Paragraph P(string text) => new(R(text));

    public static Paragraph P(params OpenXmlElement[] content) => new(content);

    public static Paragraph Styled(string styleId, string text) =>
        new(new ParagraphProperties(new ParagraphStyleId { Val = styleId }), R(text));

    public static Paragraph Item(int numId, int level, string text) =>
        new(new ParagraphProperties(new NumberingProperties(new NumberingLevelReference { Val = level }, new NumberingId { Val = numId })), R(text));

    public static Run R(string text, bool bold = false, bool italic = false)
    {
        var run = new Run();
        if (bold || italic)
        {
            var properties = new RunProperties();
            if (bold)
            {
                properties.Append(new Bold());
            }

            if (italic)
            {
                properties.Append(new Italic());
            }

            run.Append(properties);
        }

        run.Append(new Text(text) { Space = SpaceProcessingModeValues.Preserve });
        return run;
    }

    public static TableCell Cell(string text, TableCellProperties? properties = null)
    {
        var cell = new TableCell();
        if (properties is not null)
        {
            cell.Append(properties);
        }

        cell.Append(P(text));
        return cell;
    }

    private static void AddStyles(MainDocumentPart main)
    {
        var styles = new Styles(
            new Style(new StyleName { Val = "Normal" }) { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true },
            new Style(new StyleName { Val = "Title" }, new BasedOn { Val = "Normal" }) { Type = StyleValues.Paragraph, StyleId = "Title" },
            new Style(new StyleName { Val = "caption" }, new BasedOn { Val = "Normal" }) { Type = StyleValues.Paragraph, StyleId = "Caption" });
        for (var level = 1; level <= 3; level++)
        {
            styles.Append(new Style(
                new StyleName { Val = $"heading {level}" },
                new BasedOn { Val = "Normal" },
                new StyleParagraphProperties(new OutlineLevel { Val = level - 1 }))
            { Type = StyleValues.Paragraph, StyleId = $"Heading{level}" });
        }

        main.AddNewPart<StyleDefinitionsPart>().Styles = styles;
    }

    private static void AddNumbering(MainDocumentPart main)
    {
        main.AddNewPart<NumberingDefinitionsPart>().Numbering = new Numbering(
            AbstractList(10, level => (NumberFormatValues.Bullet, "•")),
            AbstractList(20, level => level == 0 ? (NumberFormatValues.Decimal, "%1.") : (NumberFormatValues.Bullet, "o")),
            new NumberingInstance(new AbstractNumId { Val = 10 }) { NumberID = Bullets },
            new NumberingInstance(new AbstractNumId { Val = 20 }) { NumberID = Numbers });
    }

    private static AbstractNum AbstractList(int id, Func<int, (NumberFormatValues Format, string Text)> level)
    {
        var list = new AbstractNum { AbstractNumberId = id };
        for (var i = 0; i < 3; i++)
        {
            var (format, text) = level(i);
            list.Append(new Level(
                new StartNumberingValue { Val = 1 },
                new NumberingFormat { Val = format },
                new LevelText { Val = text },
                new PreviousParagraphProperties(new Indentation { Left = (720 * (i + 1)).ToString(System.Globalization.CultureInfo.InvariantCulture), Hanging = "360" }))
            { LevelIndex = i });
        }

        return list;
    }
}
