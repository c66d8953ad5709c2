using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.ViewModels.Shared;

/// <summary>An entry of the record's hash chain as receipts and evidence packs print it: its number and chain hash.</summary>
public sealed record ChainEntry(long Sequence, string ChainSha256)
{
    public static ChainEntry? Of(ChainLink? link) => link is null ? null : new(link.Sequence, link.ChainSha256);
}
