using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using PolicyPortal.Web.Data;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Services;

/// <summary>The revisions in force, each with its policy, read once for many requests: by slug, and in title order.</summary>
public sealed class InForceSnapshot(IReadOnlyList<PolicyRevision> inTitleOrder)
{
    private readonly Dictionary<string, PolicyRevision> _bySlug = inTitleOrder.ToDictionary(r => r.Policy.Slug, StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, IReadOnlyList<PolicyLink>> _othersThan = new();

    /// <summary>Shared by every request: read them, never change them.</summary>
    public IReadOnlyList<PolicyRevision> InTitleOrder { get; } = inTitleOrder;

    public PolicyRevision? BySlug(string slug) => _bySlug.GetValueOrDefault(slug);

    /// <summary>The other policies in force, in title order: the same list each time it is asked for the same policy.</summary>
    public IReadOnlyList<PolicyLink> OthersThan(int policyId) =>
        _othersThan.GetOrAdd(policyId, id => [.. InTitleOrder.Where(r => r.PolicyId != id).Select(r => new PolicyLink(r.Policy.Title, r.Policy.Slug))]);
}

/// <summary>
/// The policies in force, as every page that shows or counts them needs them, kept in memory instead of read from the
/// database for each request (docs/decisions/0020-policies-in-force-in-memory.md). A change saved by this server is
/// seen by its next request; one saved by another web server within <see cref="MaxAge"/>. Signing never relies on
/// it: <see cref="PolicySigning"/> checks the revision in force in the database.
/// </summary>
public sealed class PoliciesInForce(IServiceScopeFactory scopes)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile Loaded? _loaded;

    public async ValueTask<InForceSnapshot> GetAsync(CancellationToken cancellationToken = default)
    {
        if (_loaded is { } fresh && fresh.Age.Elapsed < MaxAge)
        {
            return fresh.Snapshot;
        }

        // One request reads; the others arriving meanwhile wait for its result rather than read the same rows again.
        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (_loaded is { } loaded && loaded.Age.Elapsed < MaxAge)
            {
                return loaded.Snapshot;
            }

            var age = Stopwatch.StartNew();
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var revisions = await db.PolicyRevisions
                .Where(r => r.Status == RevisionStatus.Adopted)
                .Include(r => r.Policy)
                .OrderBy(r => r.Policy.Title)
                .AsNoTracking()
                .ToListAsync(cancellationToken);
            var snapshot = new InForceSnapshot(revisions);
            _loaded = new Loaded(snapshot, age);
            return snapshot;
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>Called when this server saves a change to a policy or a revision: the next request reads them again.</summary>
    public void Forget() => _loaded = null;

    private sealed record Loaded(InForceSnapshot Snapshot, Stopwatch Age);
}
