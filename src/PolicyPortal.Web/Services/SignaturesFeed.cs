using Microsoft.EntityFrameworkCore;
using PolicyPortal.Web.Data;

namespace PolicyPortal.Web.Services;

/// <summary>
/// Every second, asks the database who has signed since it last asked, on any web server, and has
/// <see cref="SignaturesInMemory"/> forget them: their next page reads their signatures again. One small query a second
/// for the whole server, where each person's signatures would otherwise be read again every few seconds
/// (docs/decisions/0021-signatures-and-sign-in-cookies-in-memory.md).
/// </summary>
public sealed class SignaturesFeed(IServiceScopeFactory scopes, SignaturesInMemory signatures, TimeProvider clock, ILogger<SignaturesFeed> logger)
    : PeriodicJob(clock, logger)
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(1);

    // At most this many signatures are read in one look; the next look goes on from the last one read.
    private const int MostAtOnce = 10_000;

    private readonly SemaphoreSlim _looking = new(1, 1);
    private int? _newestSeen;

    protected override TimeSpan Interval => Every;

    protected override string Activity => "Looking for new signatures";

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => CatchUpAsync(cancellationToken);

    /// <summary>
    /// Forgets everyone who has signed since the last look. The first look only notes the newest signature, so a copy
    /// read while the server was starting, like a signature the feed cannot see, is bounded by
    /// <see cref="SignaturesInMemory.MaxAge"/>.
    /// </summary>
    public async Task CatchUpAsync(CancellationToken cancellationToken = default)
    {
        await _looking.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            if (_newestSeen is not { } newestSeen)
            {
                _newestSeen = await db.Acknowledgements.MaxAsync(a => (int?)a.Id, cancellationToken) ?? 0;
                return;
            }

            var signed = await db.Acknowledgements
                .Where(a => a.Id > newestSeen)
                .OrderBy(a => a.Id)
                .Select(a => new { a.Id, a.UserId })
                .Take(MostAtOnce)
                .ToListAsync(cancellationToken);
            foreach (var signature in signed)
            {
                signatures.Forget(signature.UserId);
            }

            if (signed.Count > 0)
            {
                _newestSeen = signed[^1].Id;
            }
        }
        finally
        {
            _looking.Release();
        }
    }
}
