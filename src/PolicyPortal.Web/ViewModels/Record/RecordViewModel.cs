using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Services;

namespace PolicyPortal.Web.ViewModels.Record;

/// <summary>The "Verify the record" page: the walk of the chain, and a chain head from a copy compared with it.</summary>
/// <param name="Finding">The first entry that does not match, in words; null when the record is intact.</param>
/// <param name="Comparison">How the chain head typed in compares, in words; null when none was typed or it was not valid.</param>
public sealed record RecordViewModel(
    long Entries,
    string? LatestOn,
    string? ChainHead,
    string? Finding,
    string? Entry,
    string? ChainHash,
    string? Comparison,
    bool ComparisonMatches);

public static class ChainWords
{
    /// <summary>What an entry is, in words: "signature 12", "policy audit event 40".</summary>
    public static string Entry(EvidenceKind kind, long id) => kind switch
    {
        EvidenceKind.Signature => $"signature {id}",
        EvidenceKind.PolicyEvent => $"policy audit event {id}",
        EvidenceKind.PresenceEvent => $"social media request audit event {id}",
        EvidenceKind.ConcernEvent => $"concern audit event {id}",
        EvidenceKind.AccountEvent => $"account audit event {id}",
        EvidenceKind.Reminder => $"reminder {id}",
        _ => $"entry {id}",
    };

    /// <summary>The first entry that does not match, and how, in a sentence.</summary>
    public static string Finding(ChainFinding finding, string? at) => finding.Fault switch
    {
        ChainFault.Changed => $"Entry {finding.Sequence} does not match: {Entry(finding.Kind, finding.EntryId)}{Of(at)} was changed after it was recorded.",
        ChainFault.Removed => $"Entry {finding.Sequence} does not match: {Entry(finding.Kind, finding.EntryId)}{Of(at)}, which it records, has been removed.",
        ChainFault.Inserted => $"{Capitalised(Entry(finding.Kind, finding.EntryId))}{Of(at)} is in no entry of the chain: it was written outside the portal.",
        _ => $"Entry {finding.Sequence} does not follow from the entry before it: the chain itself was altered there.",
    };

    private static string Of(string? at) => at is null ? "" : $" of {at}";

    private static string Capitalised(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
