using PolicyPortal.Web.Data;

namespace PolicyPortal.Web.Infrastructure;

/// <summary>
/// What the portal has found wrong with its database beyond whether it answers: its SQLite file lost, its pages damaged,
/// or no space to write. Each is logged here once, when it is found or ends; readiness then reports it at every probe
/// (<see cref="DatabaseHealthCheck"/>) without logging it again.
/// </summary>
public sealed class DatabaseCondition(ILogger<DatabaseCondition> logger)
{
    private string? _lost;
    private string? _damage;
    private volatile bool _writesFail;
    private string? _notReady;

    /// <summary>Why the SQLite file counts as lost, once it does; from then on nothing is saved until a restart.</summary>
    public string? Lost => Volatile.Read(ref _lost);

    /// <summary>What SQLite's <c>PRAGMA quick_check</c> last found wrong with the file's pages, or null.</summary>
    public string? Damage => Volatile.Read(ref _damage);

    /// <summary>Whether a write failed for lack of space and none has succeeded since.</summary>
    public bool WritesFail => _writesFail;

    /// <summary>Notes that the file at <paramref name="path"/> is not the one the portal opened, and logs it the first time.</summary>
    /// <returns>Whether this was the first time.</returns>
    internal bool MarkLost(string path, string how)
    {
        if (Interlocked.CompareExchange(ref _lost, $"The database file {path} is no longer the one the portal opened: {how}.", null) is not null)
        {
            return false;
        }

        logger.LogError(
            "The database file {Path} is no longer the one the portal opened: {How}. Nothing more is saved: every request gets 503 until the portal is restarted with its database file in place",
            path, how);
        return true;
    }

    /// <summary>Notes what a check of the file's pages found (null: nothing), logging it when that changes.</summary>
    internal void Checked(string path, string? damage)
    {
        var before = Interlocked.Exchange(ref _damage, damage);
        if (damage is not null && damage != before)
        {
            logger.LogError("The database file {Path} is damaged: SQLite's quick_check found {Damage}. Restore it from a backup", path, damage);
        }
        else if (damage is null && before is not null)
        {
            logger.LogInformation("The database file {Path} passed SQLite's quick_check again", path);
        }
    }

    /// <summary>Notes a failed write: one that failed for lack of space makes readiness probe for space until a write succeeds.</summary>
    internal void WriteFailed(Exception error)
    {
        if (DatabaseUnavailable.ReasonOf(error) == DatabaseUnavailableReason.Full)
        {
            _writesFail = true;
        }
    }

    internal void WriteSucceeded()
    {
        if (_writesFail)
        {
            _writesFail = false;
            logger.LogInformation("The database takes writes again");
        }
    }

    /// <summary>
    /// Logs why the database is not ready (null: it is) when that changes, not at every probe of a load balancer; a
    /// problem <paramref name="logged"/> already, when it was found, is not logged again.
    /// </summary>
    internal void Readiness(string? problem, Exception? error = null, bool logged = false)
    {
        var before = Interlocked.Exchange(ref _notReady, problem);
        if (problem == before || logged)
        {
            return;
        }

        if (problem is not null)
        {
            logger.LogError(error, "Not ready: {Problem}", problem);
        }
        else
        {
            logger.LogInformation("Ready again: the database answers and is up to date");
        }
    }
}
