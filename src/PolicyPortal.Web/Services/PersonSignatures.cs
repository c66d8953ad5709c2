namespace PolicyPortal.Web.Services;

/// <summary>
/// One person's signatures, sorted by policy. <see cref="SignaturesInMemory"/> holds one of these for everyone opening
/// pages, thousands at once on a busy morning, so it is two arrays searched by policy: about 1.5 KB for a person with
/// 30 signatures, where a lookup of one group per policy took about 5 KB (docs/performance.md, fourth round).
/// </summary>
public sealed class PersonSignatures
{
    private readonly int[] _policyIds;
    private readonly SignatureSummary[] _signatures;

    public PersonSignatures(IReadOnlyCollection<(int PolicyId, SignatureSummary Signature)> signatures)
    {
        _policyIds = new int[signatures.Count];
        _signatures = new SignatureSummary[signatures.Count];
        var i = 0;
        foreach (var (policyId, signature) in signatures)
        {
            _policyIds[i] = policyId;
            _signatures[i] = signature;
            i++;
        }

        Array.Sort(_policyIds, _signatures);
    }

    /// <summary>This person's signatures of one policy, none or a few, in no particular order.</summary>
    public ReadOnlySpan<SignatureSummary> Of(int policyId)
    {
        // The first of the policy's entries, if any: a binary search for the lower bound.
        int first = 0, end = _policyIds.Length;
        while (first < end)
        {
            var middle = first + ((end - first) / 2);
            if (_policyIds[middle] < policyId)
            {
                first = middle + 1;
            }
            else
            {
                end = middle;
            }
        }

        var last = first;
        while (last < _policyIds.Length && _policyIds[last] == policyId)
        {
            last++;
        }

        return _signatures.AsSpan(first, last - first);
    }
}
