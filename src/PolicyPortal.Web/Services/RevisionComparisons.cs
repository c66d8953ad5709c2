using Microsoft.Extensions.Caching.Memory;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Services;

/// <summary>
/// The comparison of two revisions of a policy, for the compare page and the review page. The text of an adopted or
/// superseded revision never changes, so a comparison of two of them is worked out once and kept, named by the two
/// revisions' fingerprints. A comparison with a draft or a revision in review is worked out each time: its text can change.
/// </summary>
public sealed class RevisionComparisons : IDisposable
{
    /// <summary>
    /// The most text, in characters, that the kept comparisons may hold between them: about 4 MB as strings, the texts
    /// of three 100-page revisions or some hundred ordinary ones. The server runs in about 300 MB (docs/performance.md).
    /// </summary>
    public const long MaxCharactersKept = 2_000_000;

    /// <summary>A comparison nobody has asked for in this long is let go.</summary>
    private static readonly TimeSpan KeepFor = TimeSpan.FromHours(1);

    // A cache of its own, so that its size limit holds for comparisons alone: the shared one has no limit, and its
    // entries (PolicyText's) give no size.
    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = MaxCharactersKept });

    public IReadOnlyList<SectionComparison> Compare(PolicyRevision older, PolicyRevision newer)
    {
        if (!older.IsImmutable || !newer.IsImmutable)
        {
            return TextComparison.Compare(older.Body, newer.Body);
        }

        return cache.GetOrCreate((older.BodySha256, newer.BodySha256), entry =>
        {
            entry.SlidingExpiration = KeepFor;

            // What the comparison holds is about the text of both revisions: the newer's whole, the older's deleted.
            entry.Size = older.Body.Length + newer.Body.Length;
            return TextComparison.Compare(older.Body, newer.Body);
        })!;
    }

    public void Dispose() => cache.Dispose();
}
