using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace PolicyPortal.Testing;

/// <summary>
/// Word documents for the import tests: those saved by LibreOffice (make-fixtures.sh beside them), small ones written
/// with the Open XML SDK as Word writes them, and the kinds of file a school might upload by mistake.
/// </summary>
public static class WordDocuments
{
    /// <summary>The seed policy, saved as .docx by LibreOffice.</summary>
    public const string SeedPolicy = "personal-use-of-social-media.docx";

    /// <summary>A short policy with a table, its caption and a picture.</summary>
    public const string TableAndImage = "table-caption-image.docx";

    /// <summary>The same document with only its picture changed.</summary>
    public const string TableAndOtherImage = "table-caption-other-image.docx";

    public static byte[] Saved(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "WordDocuments", name));

    /// <summary>A document with a Title, then each section as a Heading 1 and a paragraph.</summary>
    public static byte[] Simple(string title, params (string Heading, string Text)[] sections)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var styles = main.AddNewPart<StyleDefinitionsPart>();
            styles.Styles = new Styles(
                new Style(new StyleName { Val = "Title" }) { Type = StyleValues.Paragraph, StyleId = "Title" },
                new Style(new StyleName { Val = "heading 1" }, new StyleParagraphProperties(new OutlineLevel { Val = 0 })) { Type = StyleValues.Paragraph, StyleId = "Heading1" });
            var body = new Body(Styled("Title", title));
            foreach (var (heading, text) in sections)
            {
                body.Append(Styled("Heading1", heading), new Paragraph(new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve })));
            }

            main.Document = new Document(body);
        }

        return stream.ToArray();
    }

    /// <summary>A document whose text still has a tracked insertion nobody accepted.</summary>
    public static byte[] WithTrackedChange() =>
        Edit(Simple("Drafted Policy", ("Scope", "Everyone.")), body =>
            body.Append(new Paragraph(new InsertedRun(new Run(new Text("Added later."))) { Id = "1", Author = "Clerk" })));

    /// <summary>A Word document with nothing in it.</summary>
    public static byte[] Empty() => Edit(Simple("x"), body => body.RemoveAllChildren());

    /// <summary>A document as Word saves it with macros (.docm): its main part's content type says so.</summary>
    public static byte[] MacroEnabled()
    {
        using var stream = new MemoryStream();
        stream.Write(Simple("Macro Policy", ("Scope", "Everyone.")));
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            var types = zip.GetEntry("[Content_Types].xml")!;
            string xml;
            using (var reader = new StreamReader(types.Open()))
            {
                xml = reader.ReadToEnd();
            }

            types.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("[Content_Types].xml").Open());
            writer.Write(xml.Replace(
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                "application/vnd.ms-word.document.macroEnabled.main+xml",
                StringComparison.Ordinal));
        }

        return stream.ToArray();
    }

    /// <summary>The start of an old binary .doc file (an OLE compound file).</summary>
    public static byte[] OldWordFormat() => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, .. new byte[1024]];

    /// <summary>A password-protected .docx: an OLE compound file holding the encrypted package.</summary>
    public static byte[] PasswordProtected() => [.. OldWordFormat(), .. Encoding.Unicode.GetBytes("EncryptedPackage"), .. new byte[512]];

    /// <summary>A .zip whose one entry would be written outside the folder it is unpacked into.</summary>
    public static byte[] ZipLeavingItsFolder() => Zip(("../../policy.docx", Simple("Escaping Policy", ("Scope", "Everyone."))));

    /// <summary>A .docx that unpacks to far more than its size: its text is 60 MB of spaces.</summary>
    public static byte[] ZipBomb()
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var types = new StreamWriter(zip.CreateEntry("[Content_Types].xml").Open()))
            {
                types.Write("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
            }

            using var entry = zip.CreateEntry("word/document.xml", CompressionLevel.SmallestSize).Open();
            var spaces = new byte[1024 * 1024];
            Array.Fill(spaces, (byte)' ');
            for (var i = 0; i < 60; i++)
            {
                entry.Write(spaces);
            }
        }

        return stream.ToArray();
    }

    public static byte[] Zip(params (string Name, byte[] Content)[] files)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in files)
            {
                using var entry = zip.CreateEntry(name).Open();
                entry.Write(content);
            }
        }

        return stream.ToArray();
    }

    private static Paragraph Styled(string style, string text) =>
        new(new ParagraphProperties(new ParagraphStyleId { Val = style }), new Run(new Text(text) { Space = SpaceProcessingModeValues.Preserve }));

    private static byte[] Edit(byte[] docx, Action<Body> edit)
    {
        using var stream = new MemoryStream();
        stream.Write(docx);
        using (var document = WordprocessingDocument.Open(stream, true))
        {
            edit(document.MainDocumentPart!.Document.Body!);
        }

        return stream.ToArray();
    }
}
