using System.Security.Cryptography;
using System.Text;

namespace PolicyPortal.Web.Domain;

/// <summary>One version of a policy's text. Once adopted, its text and adoption record never change.</summary>
public class PolicyRevision
{
    public const int VersionMaxLength = 20;

    private PolicyRevision()
    {
        Version = Body = BodySha256 = string.Empty;
    }

    public int Id { get; private set; }

    public int PolicyId { get; private set; }

    public Policy Policy { get; private set; } = null!;

    /// <summary>The version label, e.g. <c>1.0</c>.</summary>
    public string Version { get; private set; }

    /// <summary>The policy text as Markdown, with line endings normalised to LF.</summary>
    public string Body { get; private set; }

    /// <summary>Lower-case hex SHA-256 of <see cref="Body"/> as UTF-8: the fingerprint a signature refers to.</summary>
    public string BodySha256 { get; private set; }

    public RevisionStatus Status { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    public string? AdoptedBy { get; private set; }

    public string? AdoptionNote { get; private set; }

    /// <summary>Date of adoption or of the last review.</summary>
    public DateOnly? ReviewedOn { get; private set; }

    public DatePrecision ReviewedOnPrecision { get; private set; }

    public string? SignedBy { get; private set; }

    public string? ProvidedBy { get; private set; }

    public int ReviewCycleMonths { get; private set; } = AdoptionRecord.DefaultReviewCycleMonths;

    public DateOnly? NextReviewDue { get; private set; }

    public bool IsImmutable => Status is RevisionStatus.Adopted or RevisionStatus.Superseded;

    internal static PolicyRevision Adopted(Policy policy, string version, string body, AdoptionRecord adoption, DateTime createdAtUtc)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(version);
        ArgumentException.ThrowIfNullOrWhiteSpace(body);
        if (version.Length > VersionMaxLength)
        {
            throw new ArgumentException($"A version label has at most {VersionMaxLength} characters.", nameof(version));
        }

        if (adoption.ReviewCycleMonths is < 1 or > 120)
        {
            throw new ArgumentOutOfRangeException(nameof(adoption), "The review cycle must be between 1 and 120 months.");
        }

        var normalised = NormaliseLineEndings(body);
        return new PolicyRevision
        {
            Policy = policy,
            Version = version,
            Body = normalised,
            BodySha256 = HashOf(normalised),
            Status = RevisionStatus.Adopted,
            CreatedAtUtc = createdAtUtc,
            AdoptedBy = adoption.AdoptedBy,
            AdoptionNote = adoption.AdoptionNote,
            ReviewedOn = adoption.ReviewedOn,
            ReviewedOnPrecision = adoption.ReviewedOnPrecision,
            SignedBy = adoption.SignedBy,
            ProvidedBy = adoption.ProvidedBy,
            ReviewCycleMonths = adoption.ReviewCycleMonths,
            NextReviewDue = adoption.NextReviewDue,
        };
    }

    internal void Supersede()
    {
        if (Status != RevisionStatus.Adopted)
        {
            throw new InvalidOperationException($"Only the revision in force can be superseded; version {Version} is {Status}.");
        }

        Status = RevisionStatus.Superseded;
    }

    /// <summary>
    /// Records that <paramref name="signer"/> read and signed this text. The hash is the one of the text the person was shown:
    /// if it is not this revision's, the person read something else and nothing may be recorded.
    /// </summary>
    public Acknowledgement Acknowledge(Signer signer, string shownSha256, string typedName, DateTime signedAtUtc)
    {
        if (Status != RevisionStatus.Adopted)
        {
            throw new InvalidOperationException($"Version {Version} is not in force and cannot be signed.");
        }

        if (!string.Equals(shownSha256, BodySha256, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The text shown to the signer is not this revision's text.");
        }

        if (!SignatureName.Matches(typedName, signer.FullName))
        {
            throw new InvalidOperationException("The typed signature does not match the signer's name.");
        }

        return new Acknowledgement(signer.UserId, this, typedName.Trim(), signedAtUtc);
    }

    public static string HashOf(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public static string NormaliseLineEndings(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
}

/// <summary>The person signing: their account id and the full name on their account.</summary>
public sealed record Signer(string UserId, string FullName);
