namespace PolicyPortal.Web.Domain;

/// <summary>
/// A Word document the Principal has uploaded and not yet imported: kept between the preview and the import (on any web
/// server), and removed by the import or after a day.
/// </summary>
public sealed class WordUpload
{
    public const int FileNameMaxLength = 260;

    private WordUpload()
    {
        FileName = UploadedByUserId = string.Empty;
        Content = [];
    }

    public WordUpload(Guid batch, string fileName, byte[] content, string uploadedByUserId, DateTime uploadedAtUtc)
    {
        Id = Guid.NewGuid();
        Batch = batch;
        FileName = fileName.Length > FileNameMaxLength ? fileName[^FileNameMaxLength..] : fileName;
        Content = content;
        UploadedByUserId = uploadedByUserId;
        UploadedAtUtc = uploadedAtUtc;
    }

    public Guid Id { get; private set; }

    /// <summary>The files uploaded together, previewed and imported together.</summary>
    public Guid Batch { get; private set; }

    public string FileName { get; private set; }

    public byte[] Content { get; private set; }

    public string UploadedByUserId { get; private set; }

    public DateTime UploadedAtUtc { get; private set; }
}
