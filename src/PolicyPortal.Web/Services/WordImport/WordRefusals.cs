using System.Globalization;

namespace PolicyPortal.Web.Services.WordImport;

/// <summary>The messages a refused file gets, in one place so that an upload and a conversion say the same thing.</summary>
internal static class WordRefusals
{
    public const string OldWordFormat =
        "This is an old Word file (.doc). Open it in Word and save it as .docx (File > Save As, \"Word Document (*.docx)\"), then upload the .docx.";

    public const string Macros =
        "This Word file contains macros (.docm). Open it in Word and save it as .docx without macros (File > Save As, \"Word Document (*.docx)\"), then upload that.";

    public const string Password =
        "This Word file is protected by a password, so it cannot be read. Open it in Word, remove the password (File > Info > Protect Document > Encrypt with Password, and clear it), save it, then upload it again.";

    public const string Pdf =
        "This is a PDF, and only Word files can be imported. Upload the Word file (.docx) the PDF was made from.";

    public const string NotWord =
        "This is not a Word document. Choose a Word file (.docx), or open the file in Word and save it as .docx.";

    public const string Damaged =
        "This Word file could not be read: it may be damaged. Open it in Word, save it again as .docx, and upload the new file.";

    public const string ZipBomb =
        "The file unpacks to far more than its own size, which damaged and malicious files do, so it was not opened. If it is a real document, save it again in Word and upload the new file.";

    public const string ZipPathOutside =
        "The .zip contains paths that lead outside it (such as \"../\"), so none of it was opened. Make a new .zip of the Word files with your computer's own Compress or Send to > Compressed folder, and upload that.";

    public const string ZipUnreadable =
        "The .zip could not be opened: it may be damaged. Make it again with your computer's Compress or Send to > Compressed folder, and upload that.";

    public const string ZipWithoutWordFiles =
        "The .zip holds no Word files (.docx). Put the policies' .docx files in the .zip, or upload them one by one.";

    public const string ZipInZip =
        "This is a .zip inside the .zip. Unzip it, and upload its Word files or a single .zip of them.";

    public const string Empty =
        "The document has no text. Check that you chose the right file.";

    public const string TrackedChanges =
        "The document has tracked changes still pending. Open it in Word and accept or reject the tracked changes (Review > Accept or Reject), save it, then upload it again: the portal cannot know which text was adopted.";

    /// <summary>The document converts to a text the portal cannot show (<see cref="PolicyText.Problem"/>), which says where.</summary>
    public static string CannotBeShown(string problem) =>
        $"The document's text, as the portal would keep it, cannot be shown: {problem} Simplify that part in Word (fewer levels of lists, fewer marks in one paragraph), then upload it again.";

    public static string TooLarge(long maxBytes) =>
        $"The file is larger than {Megabytes(maxBytes)} MB, the most that can be imported. Compress its pictures in Word (Picture Format > Compress Pictures) or split the document, then upload it again.";

    /// <summary>Why a file is refused from its name alone, or null when the name says it could be a Word document.</summary>
    public static string? ForExtension(string fileName) =>
        Path.GetExtension(fileName).ToLowerInvariant() switch
        {
            ".docx" or ".dotx" => null,
            ".doc" or ".dot" => OldWordFormat,
            ".docm" or ".dotm" => Macros,
            ".pdf" => Pdf,
            ".odt" or ".rtf" or ".pages" or ".wpd" =>
                "Only Word files (.docx) can be imported. Open this file in your word processor, save it as \"Word Document (*.docx)\", and upload that.",
            _ => NotWord,
        };

    private static string Megabytes(long bytes) =>
        (bytes / (1024.0 * 1024.0)).ToString("0.#", CultureInfo.InvariantCulture);
}
