using System.Diagnostics;
using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using PolicyPortal.Web.Services.WordImport;

namespace PolicyPortal.LoadClient;

/// <summary>
/// Times the Word import on a 100-page policy (about 30,000 words: headings, paragraphs, bulleted and numbered lists and
/// a few tables), built with the Open XML SDK as Word writes it. Prints the median of the runs and the memory allocated
/// by one conversion; the target is under 2 seconds on a school's server.
/// </summary>
internal static class WordImportBenchmark
{
    private static readonly string[] Words =
        "the school staff must keep personal data safe and report any concern to the designated safeguarding lead who records it in writing within one working day".Split(' ');

    public static int Run(Options options)
    {
        var runs = options.Number("runs", 5);
        var docx = BuildDocument(sections: 60, paragraphsPerSection: 8, wordsPerParagraph: 55);
        var upload = new UploadedFile("benchmark.docx", docx);

        // One conversion first, so the times below are not of loading and compiling the code.
        var words = WordConverter.Convert(upload).Markdown.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Length;
        var times = new List<double>();
        long allocated = 0;
        for (var i = 0; i < runs; i++)
        {
            var before = GC.GetTotalAllocatedBytes(precise: true);
            var watch = Stopwatch.StartNew();
            WordConverter.Convert(upload);
            watch.Stop();
            allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        var median = times[times.Count / 2];
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"word-import: {docx.Length / 1024} KB .docx, {words:N0} words of Markdown; median of {runs} runs {median:F0} ms (fastest {times[0]:F0}, slowest {times[^1]:F0}); {allocated / (1024.0 * 1024.0):F1} MB allocated per conversion; target < 2000 ms"));
        return median < 2000 ? 0 : 1;
    }

    private static byte[] BuildDocument(int sections, int paragraphsPerSection, int wordsPerParagraph)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.AddNewPart<StyleDefinitionsPart>().Styles = new Styles(
                new Style(new StyleName { Val = "Title" }) { Type = StyleValues.Paragraph, StyleId = "Title" },
                new Style(new StyleName { Val = "heading 1" }) { Type = StyleValues.Paragraph, StyleId = "Heading1" },
                new Style(new StyleName { Val = "heading 2" }) { Type = StyleValues.Paragraph, StyleId = "Heading2" });
            main.AddNewPart<NumberingDefinitionsPart>().Numbering = new Numbering(
                new AbstractNum(new Level(new NumberingFormat { Val = NumberFormatValues.Bullet }, new LevelText { Val = "•" }) { LevelIndex = 0 }) { AbstractNumberId = 1 },
                new AbstractNum(new Level(new StartNumberingValue { Val = 1 }, new NumberingFormat { Val = NumberFormatValues.Decimal }, new LevelText { Val = "%1." }) { LevelIndex = 0 }) { AbstractNumberId = 2 },
                new NumberingInstance(new AbstractNumId { Val = 1 }) { NumberID = 1 },
                new NumberingInstance(new AbstractNumId { Val = 2 }) { NumberID = 2 });

            var body = new Body(Styled("Title", "Benchmark Policy"));
            var word = 0;
            for (var s = 1; s <= sections; s++)
            {
                body.Append(Styled(s % 3 == 1 ? "Heading1" : "Heading2", $"Section {s}"));
                for (var p = 0; p < paragraphsPerSection; p++)
                {
                    var text = string.Join(' ', Enumerable.Range(0, wordsPerParagraph).Select(_ => Words[word++ % Words.Length]));
                    body.Append(new Paragraph(
                        new Run(new Text(text[..(text.Length / 2)] + " ") { Space = SpaceProcessingModeValues.Preserve }),
                        new Run(new RunProperties(new Bold()), new Text("must")),
                        new Run(new Text(" " + text[(text.Length / 2)..] + ".") { Space = SpaceProcessingModeValues.Preserve })));
                }

                for (var item = 0; item < 5; item++)
                {
                    body.Append(new Paragraph(
                        new ParagraphProperties(new NumberingProperties(new NumberingLevelReference { Val = 0 }, new NumberingId { Val = s % 2 + 1 })),
                        new Run(new Text($"Item {item + 1} of section {s}: keep records for six years"))));
                }

                if (s % 10 == 0)
                {
                    var table = new Table();
                    for (var r = 0; r < 8; r++)
                    {
                        table.Append(new TableRow(Enumerable.Range(0, 4).Select(c => new TableCell(new Paragraph(new Run(new Text($"Row {r} column {c}")))))));
                    }

                    body.Append(table);
                }
            }

            main.Document = new Document(body);
        }

        return stream.ToArray();
    }

    private static Paragraph Styled(string styleId, string text) =>
        new(new ParagraphProperties(new ParagraphStyleId { Val = styleId }), new Run(new Text(text)));
}
