using PolicyPortal.Web.ViewModels.Shared;

namespace PolicyPortal.Web.ViewModels.Acknowledgements;

/// <summary>Proof of one signature: who signed which text, and when; and its entry in the record's chain.</summary>
public sealed record ReceiptViewModel(
    int Id,
    string PersonName,
    string PersonEmail,
    string? PersonJobTitle,
    string SignatureName,
    string PolicyTitle,
    string PolicySlug,
    string Version,
    bool VersionInForce,
    string SignedAt,
    string TextSha256,
    IReadOnlyList<(string FileName, string Sha256)> Images,
    ChainEntry? Link,
    string? Notice);
