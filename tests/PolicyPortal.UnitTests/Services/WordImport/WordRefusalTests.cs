using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using PolicyPortal.Web.Services.WordImport;
using static PolicyPortal.UnitTests.Services.WordImport.TestDocument;

namespace PolicyPortal.UnitTests.Services.WordImport;

/// <summary>Files that cannot be imported are refused with a message that says why and what to do, and nothing else escapes.</summary>
public sealed class WordRefusalTests
{
    private const long OneMegabyte = 1024 * 1024;

    [Theory]
    [InlineData("policy.docx", "This is just text, renamed.")]
    [InlineData("policy.docx", "%PDF-1.7 a PDF renamed")]
    public void A_file_that_is_not_a_Word_document_is_refused(string fileName, string content)
    {
        var message = Refusal(fileName, Encoding.UTF8.GetBytes(content));

        Assert.Contains(content.StartsWith("%PDF", StringComparison.Ordinal) ? "This is a PDF" : "not a Word document", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zip_without_a_Word_document_inside_is_refused_as_not_Word()
    {
        var zip = Zip(("notes.txt", "hello"u8.ToArray()));

        Assert.Equal(WordRefusals.NotWord, Refusal("policy.docx", zip));
    }

    [Fact]
    public void An_old_doc_file_is_refused_with_save_it_as_docx()
    {
        var compoundFile = new byte[1024];
        new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.CopyTo(compoundFile, 0);

        Assert.Contains("save it as", Refusal("policy.doc", compoundFile), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Word Document (*.docx)", Refusal("policy.docx", compoundFile), StringComparison.Ordinal);
        Assert.Contains("Word Document (*.docx)", Refusal("policy.doc", Create(P("Text."))), StringComparison.Ordinal);
    }

    [Fact]
    public void A_macro_enabled_document_is_refused_by_its_name_and_by_its_content()
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.MacroEnabledDocument))
        {
            document.AddMainDocumentPart().Document = new Document(new Body(P("Text.")));
        }

        Assert.Contains("save it as .docx without macros", Refusal("policy.docx", stream.ToArray()), StringComparison.Ordinal);
        Assert.Contains("save it as .docx without macros", Refusal("policy.docm", Create(P("Text."))), StringComparison.Ordinal);
    }

    [Fact]
    public void A_password_protected_document_is_refused_with_remove_the_password()
    {
        // Word encrypts a .docx into an OLE compound file whose directory names an EncryptedPackage stream.
        var compoundFile = new byte[2048];
        new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.CopyTo(compoundFile, 0);
        Encoding.Unicode.GetBytes("EncryptionInfo").CopyTo(compoundFile, 1024);
        Encoding.Unicode.GetBytes("EncryptedPackage").CopyTo(compoundFile, 1152);

        Assert.Contains("remove the password", Refusal("policy.docx", compoundFile), StringComparison.Ordinal);
    }

    [Fact]
    public void An_upload_over_the_size_limit_is_refused_naming_the_limit_in_megabytes()
    {
        var (files, refused) = WordFiles.Unpack([new UploadedFile("big.docx", new byte[(int)OneMegabyte + 1])], OneMegabyte);

        Assert.Empty(files);
        Assert.Contains("larger than 1 MB", Assert.Single(refused).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_docx_that_unpacks_to_far_more_than_its_size_is_refused()
    {
        var bomb = WithEntry(Create(P("Text.")), "word/media/padding.bin", new byte[20 * OneMegabyte]);

        Assert.Equal(WordRefusals.ZipBomb, Refusal("policy.docx", bomb));
    }

    [Fact]
    public void A_docx_whose_declared_sizes_lie_is_refused()
    {
        var padding = new byte[3 * OneMegabyte];
        new Random(7).NextBytes(padding);
        var lying = DeclareSize(WithEntry(Create(P("Text.")), "word/media/padding.bin", padding), "word/media/padding.bin", 1000);

        Assert.Equal(WordRefusals.ZipBomb, Refusal("policy.docx", lying));
    }

    [Fact]
    public void A_zip_that_unpacks_to_more_than_ten_times_the_limit_is_refused_whole()
    {
        var entries = Enumerable.Range(1, 12).Select(i => ($"policy{i}.docx", new byte[OneMegabyte])).ToArray();

        var (files, refused) = WordFiles.Unpack([new UploadedFile("policies.zip", Zip(entries))], OneMegabyte);

        Assert.Empty(files);
        Assert.Equal(WordRefusals.ZipBomb, Assert.Single(refused).Message);
    }

    [Theory]
    [InlineData("../policy.docx")]
    [InlineData("policies/../../policy.docx")]
    [InlineData("/etc/policy.docx")]
    [InlineData("C:/policy.docx")]
    [InlineData("..\\policy.docx")]
    public void A_zip_whose_paths_lead_outside_it_is_refused_whole(string path)
    {
        var zip = Zip(("good.docx", Create(P("Text."))), (path, Create(P("Text."))));

        var (files, refused) = WordFiles.Unpack([new UploadedFile("policies.zip", zip)], OneMegabyte);

        Assert.Empty(files);
        Assert.Equal(new RefusedFile("policies.zip", WordRefusals.ZipPathOutside), Assert.Single(refused));
    }

    [Fact]
    public void A_zip_gives_its_Word_files_in_folders_and_refuses_the_rest_by_name()
    {
        var docx = Create(P("Text."));
        var zip = Zip(
            ("Policies/HR/leave.docx", docx),
            ("Policies/HR/~$leave.docx", docx),
            ("__MACOSX/Policies/HR/._leave.docx", docx),
            ("Policies/.DS_Store", [1]),
            ("Policies/old.doc", [1]),
            ("Policies/scan.pdf", [1]));

        var (files, refused) = WordFiles.Unpack(
            [new UploadedFile("policies.zip", zip), new UploadedFile("safeguarding.docx", docx), new UploadedFile("notes.txt", [1])],
            OneMegabyte);

        Assert.Equal(["Policies/HR/leave.docx", "safeguarding.docx"], files.Select(f => f.FileName));
        Assert.Equal(docx, files[0].Content);
        Assert.Equal(
            [("Policies/old.doc", WordRefusals.OldWordFormat), ("Policies/scan.pdf", WordRefusals.Pdf), ("notes.txt", WordRefusals.NotWord)],
            refused.Select(r => (r.FileName, r.Message)));
    }

    [Fact]
    public void A_document_without_text_is_refused()
    {
        Assert.Equal(WordRefusals.Empty, Refusal("policy.docx", Create(P(" "), new Paragraph())));
    }

    [Fact]
    public void A_document_with_tracked_changes_pending_is_refused()
    {
        var inserted = Create(P(R("Kept "), new InsertedRun(R("added")) { Id = "1", Author = "Head" }));
        var deleted = Create(P(R("Kept "), new DeletedRun(new Run(new DeletedText("gone"))) { Id = "1", Author = "Head" }));
        var moved = Create(P(new MoveToRun(R("moved")) { Id = "1", Author = "Head" }));
        var inFootnote = Create((main, body) =>
        {
            main.AddNewPart<FootnotesPart>().Footnotes = new Footnotes(
                new Footnote(P(new InsertedRun(R("added")) { Id = "2", Author = "Head" })) { Id = 1 });
            body.Append(P(R("Text"), new Run(new FootnoteReference { Id = 1 })));
        });

        Assert.All(
            [inserted, deleted, moved, inFootnote],
            docx => Assert.Contains("accept or reject the tracked changes", Refusal("policy.docx", docx), StringComparison.Ordinal));
    }

    [Fact]
    public void A_damaged_document_is_refused_and_nothing_else_is_thrown()
    {
        var docx = Create(P("Text."));
        var truncated = docx[..(docx.Length / 2)];
        var badXml = WithEntry(docx, "word/document.xml", "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p>"u8.ToArray());

        Assert.Contains("could not be read", Refusal("policy.docx", badXml), StringComparison.Ordinal);
        Assert.NotNull(Refusal("policy.docx", truncated));
    }

    private static string Refusal(string fileName, byte[] content) =>
        Assert.Throws<WordImportRefusedException>(() => WordConverter.Convert(new UploadedFile(fileName, content))).Message;

    private static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create))
        {
            foreach (var (name, content) in entries)
            {
                using var entry = zip.CreateEntry(name).Open();
                entry.Write(content);
            }
        }

        return stream.ToArray();
    }

    /// <summary>The zip with one entry added, or replaced.</summary>
    private static byte[] WithEntry(byte[] zipBytes, string name, byte[] content)
    {
        using var stream = new MemoryStream();
        stream.Write(zipBytes);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update))
        {
            zip.GetEntry(name)?.Delete();
            using var entry = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
            entry.Write(content);
        }

        return stream.ToArray();
    }

    /// <summary>Writes a false uncompressed size for an entry into both its local header and the central directory.</summary>
    private static byte[] DeclareSize(byte[] zip, string name, uint size)
    {
        var bytes = (byte[])zip.Clone();
        var nameBytes = Encoding.UTF8.GetBytes(name);
        for (var i = 0; i + 46 < bytes.Length; i++)
        {
            if (bytes[i] != 0x50 || bytes[i + 1] != 0x4B || bytes[i + 2] != 0x01 || bytes[i + 3] != 0x02)
            {
                continue;
            }

            var nameLength = BitConverter.ToUInt16(bytes, i + 28);
            if (!bytes.AsSpan(i + 46, nameLength).SequenceEqual(nameBytes))
            {
                continue;
            }

            BitConverter.GetBytes(size).CopyTo(bytes, i + 24);
            var local = (int)BitConverter.ToUInt32(bytes, i + 42);
            BitConverter.GetBytes(size).CopyTo(bytes, local + 22);
        }

        return bytes;
    }
}
