namespace PolicyPortal.Web.Services.WordImport;

/// <summary>One file as uploaded or as found in an uploaded .zip.</summary>
public sealed record UploadedFile(string FileName, byte[] Content);

/// <summary>A file refused, with the message shown to the Principal next to it (plain English, says what to do).</summary>
public sealed record RefusedFile(string FileName, string Message);

/// <summary>An image of the document. FileName is like "image1.png": unique in the document, made of [a-z0-9-_.] only.</summary>
public sealed record ImportedImage(string FileName, string ContentType, byte[] Content);

/// <summary>A Word document as portal Markdown.</summary>
/// <param name="Title">From the Title style, or else the first heading (not repeated in Markdown), or the file name without extension.</param>
/// <param name="Markdown">The body.</param>
/// <param name="Images">The images the Markdown names, as ![alt](image1.png).</param>
/// <param name="NotCarriedOver">
/// What the reader of the Word file would see that is not in the Markdown, each a short sentence ("2 comments", "The header
/// and footer"); empty when nothing.
/// </param>
/// <param name="Warnings">What the Principal should check, each naming the place ("'Purpose' was bold text used as a heading: check its level").</param>
public sealed record WordConversion(
    string Title,
    string Markdown,
    IReadOnlyList<ImportedImage> Images,
    IReadOnlyList<string> NotCarriedOver,
    IReadOnlyList<string> Warnings);

/// <summary>The file cannot be imported; the message says why and what to do, for the Principal.</summary>
public sealed class WordImportRefusedException(string message) : Exception(message);
