namespace PolicyPortal.Web.Domain;

/// <summary>
/// Evidence that a person read and signed one revision's exact text. Written once; the portal never changes or deletes it
/// (<see cref="Data.PortalDbContext"/> refuses to save either).
/// </summary>
public class Acknowledgement
{
    public const int SignatureNameMaxLength = 200;

    private Acknowledgement()
    {
        UserId = TextSha256 = SignatureName = string.Empty;
    }

    internal Acknowledgement(string userId, PolicyRevision revision, string signatureName, DateTime signedAtUtc)
    {
        UserId = userId;
        Revision = revision;
        RevisionId = revision.Id;
        TextSha256 = revision.BodySha256;
        SignatureName = signatureName;
        SignedAtUtc = signedAtUtc;
    }

    public int Id { get; private set; }

    public string UserId { get; private set; }

    public int RevisionId { get; private set; }

    public PolicyRevision Revision { get; private set; } = null!;

    public DateTime SignedAtUtc { get; private set; }

    /// <summary>SHA-256 of the text the person was shown and signed.</summary>
    public string TextSha256 { get; private set; }

    /// <summary>The name the person typed as their signature.</summary>
    public string SignatureName { get; private set; }
}
