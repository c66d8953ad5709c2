using System.Security.Cryptography;

namespace PolicyPortal.Web.Domain;

/// <summary>
/// An image that is part of a revision's text, such as a flowchart in a Word policy. The text refers to it by
/// <see cref="FileName"/> (<c>![Flowchart](image1.png)</c>); its bytes are kept once, by their SHA-256, in
/// <see cref="AttachmentContent"/>, so a new draft shares them with the revision it starts from.
/// </summary>
public sealed class RevisionAttachment
{
    public const int FileNameMaxLength = 100;

    /// <summary>The image types a browser shows and that carry no script.</summary>
    public static readonly IReadOnlySet<string> ContentTypes = new HashSet<string>(StringComparer.Ordinal) { "image/png", "image/jpeg", "image/gif" };

    private RevisionAttachment()
    {
        FileName = ContentType = Sha256 = string.Empty;
    }

    internal RevisionAttachment(string fileName, string contentType, string sha256, int length)
    {
        FileName = fileName;
        ContentType = contentType;
        Sha256 = sha256;
        Length = length;
    }

    /// <summary>An image not yet part of any revision, such as one of a Word document being previewed.</summary>
    public static RevisionAttachment Unsaved(string fileName, string contentType, byte[] content) =>
        new(fileName, contentType, AttachmentContent.HashOf(content), content.Length);

    public string FileName { get; private set; }

    public string ContentType { get; private set; }

    /// <summary>Lower-case hex SHA-256 of the bytes: part of the revision's fingerprint, and the key of its content.</summary>
    public string Sha256 { get; private set; }

    public int Length { get; private set; }

    /// <summary>True when <paramref name="fileName"/> is a plain name a Markdown image can refer to: letters, digits, '-', '_' and one '.'.</summary>
    public static bool IsValidFileName(string fileName) =>
        fileName.Length is > 2 and <= FileNameMaxLength
        && fileName.Count(c => c == '.') == 1
        && fileName[0] != '.' && fileName[^1] != '.'
        && fileName.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}

/// <summary>The bytes of an attachment, stored once however many revisions carry it.</summary>
public sealed class AttachmentContent
{
    private AttachmentContent()
    {
        Sha256 = string.Empty;
        Content = [];
    }

    public AttachmentContent(byte[] content)
    {
        Content = content;
        Sha256 = HashOf(content);
    }

    public string Sha256 { get; private set; }

    public byte[] Content { get; private set; }

    public static string HashOf(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));
}

/// <summary>An image to attach to a draft: its name in the text, its type and its bytes.</summary>
public sealed record NewAttachment(string FileName, string ContentType, byte[] Content);
