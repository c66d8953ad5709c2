using System.IO.Compression;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;

namespace PolicyPortal.Web.Services.WordImport;

/// <summary>Converts a Word document (.docx) to a draft of portal Markdown, or refuses it with a reason for the Principal.</summary>
public static class WordConverter
{
    /// <summary>
    /// The most a .docx may unpack to. A thousand-page policy's XML is some 30 MB; the XML is held in memory while it is
    /// read, so a document claiming more is refused instead of filling the server's memory.
    /// </summary>
    internal const long MaxUnpackedBytes = 100L * 1024 * 1024;

    /// <summary>Every OLE compound file (an old .doc, or a .docx once a password encrypts it) starts with these bytes.</summary>
    private static ReadOnlySpan<byte> CompoundFileSignature => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    /// <summary>The name of the stream that holds an encrypted .docx, as it is written in the compound file's directory.</summary>
    private static readonly byte[] EncryptedPackageName = Encoding.Unicode.GetBytes("EncryptedPackage");

    /// <summary>Converts one .docx.</summary>
    /// <exception cref="WordImportRefusedException">The file cannot be imported; the message is for the Principal.</exception>
    public static WordConversion Convert(UploadedFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var content = file.Content;
        if (content.Length == 0)
        {
            throw new WordImportRefusedException(WordRefusals.Empty);
        }

        if (content.AsSpan().StartsWith(CompoundFileSignature))
        {
            throw new WordImportRefusedException(
                content.AsSpan().IndexOf(EncryptedPackageName) >= 0 ? WordRefusals.Password : WordRefusals.OldWordFormat);
        }

        if (WordRefusals.ForExtension(file.FileName) is { } problem && problem is WordRefusals.OldWordFormat or WordRefusals.Macros)
        {
            throw new WordImportRefusedException(problem);
        }

        if (content.AsSpan().StartsWith("%PDF"u8))
        {
            throw new WordImportRefusedException(WordRefusals.Pdf);
        }

        if (!content.AsSpan().StartsWith("PK"u8))
        {
            throw new WordImportRefusedException(WordRefusals.NotWord);
        }

        try
        {
            using var stream = new MemoryStream(content, writable: false);
            CheckPackage(stream);
            stream.Position = 0;
            using var document = WordprocessingDocument.Open(stream, isEditable: false);
            if (document.DocumentType is WordprocessingDocumentType.MacroEnabledDocument or WordprocessingDocumentType.MacroEnabledTemplate)
            {
                throw new WordImportRefusedException(WordRefusals.Macros);
            }

            var main = document.MainDocumentPart ?? throw new WordImportRefusedException(WordRefusals.NotWord);
            return new DocxToMarkdown(main).Convert(FallbackTitle(file.FileName));
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or InvalidDataException or XmlException or IOException
            or FormatException or InvalidOperationException or ArgumentException or NotSupportedException
            or OverflowException or KeyNotFoundException or IndexOutOfRangeException)
        {
            throw new WordImportRefusedException(WordRefusals.Damaged);
        }
    }

    /// <summary>Checks the zip a .docx is before the Open XML SDK reads it: that it is a Word package, and no zip bomb.</summary>
    private static void CheckPackage(MemoryStream stream)
    {
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException)
        {
            throw new WordImportRefusedException(WordRefusals.NotWord);
        }

        using (zip)
        {
            if (zip.GetEntry("[Content_Types].xml") is null || zip.GetEntry("word/document.xml") is null)
            {
                throw new WordImportRefusedException(WordRefusals.NotWord);
            }

            var limits = new ZipLimits(MaxUnpackedBytes);
            if (!limits.DeclaredSizesAreSafe(zip))
            {
                throw new WordImportRefusedException(WordRefusals.ZipBomb);
            }

            limits.ReadAll(zip);
        }
    }

    private static string FallbackTitle(string fileName) =>
        Path.GetFileNameWithoutExtension(fileName.Replace('\\', '/')).Trim() is { Length: > 0 } name ? name : "Untitled policy";
}
