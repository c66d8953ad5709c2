using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PolicyPortal.Web.Data;
using PolicyPortal.Web.Infrastructure;

namespace PolicyPortal.Web.Services;

/// <summary>The <c>Backup</c> settings: scheduled backups of the SQLite database, off until a folder is given.</summary>
public sealed class BackupOptions
{
    public const string Section = "Backup";

    /// <summary>Where scheduled backups are written; relative to <c>App:DataDirectory</c>. Unset, there are none.</summary>
    public string? Directory { get; set; }

    [Range(1, 168, ErrorMessage = "Backup:EveryHours must be between 1 and 168.")]
    public int EveryHours { get; set; } = 24;

    /// <summary>How many scheduled backups are kept; the oldest beyond this are deleted.</summary>
    [Range(1, 1000, ErrorMessage = "Backup:Keep must be between 1 and 1000.")]
    public int Keep { get; set; } = 14;
}

/// <summary>
/// Scheduled backups (<see cref="BackupOptions"/>), written as the <c>backup</c> command writes them
/// (<see cref="SqliteBackup.WriteAsync"/>) and named by the UTC time, e.g. <c>policyportal-20261124T093000Z.db</c>. A
/// backup is due when the newest in the folder is <see cref="BackupOptions.EveryHours"/> old, so a restart neither adds
/// one nor puts the next one off. Other files in the folder are left alone.
/// </summary>
public sealed class ScheduledBackups(PortalDbContext db, DatabaseCondition condition, IOptions<BackupOptions> options, TimeProvider clock, ILogger<ScheduledBackups> logger)
{
    private const string Prefix = "policyportal-";
    private const string Suffix = ".db";
    private const string TimeFormat = "yyyyMMdd'T'HHmmss'Z'";

    // So that a check coming round on the hour finds a backup made an interval ago due, not a few seconds short of it.
    private static readonly TimeSpan Slack = TimeSpan.FromMinutes(1);

    /// <returns>The backup written, or null when none was due or it failed (which is logged).</returns>
    public async Task<string?> RunAsync(CancellationToken cancellationToken = default)
    {
        if (options.Value.Directory is not { } folder)
        {
            return null;
        }

        // Whatever is at the path now is not the database the portal was keeping; a backup of it would push good ones
        // out. Lost and damaged are logged once where they are found, so nothing more is said here.
        if (condition.Lost is not null || condition.Damage is not null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        if (Existing(folder) is [.., var newest] && newest.TakenAt > now - TimeSpan.FromHours(options.Value.EveryHours) + Slack)
        {
            return null;
        }

        var target = Path.Combine(folder, Prefix + now.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture) + Suffix);
        try
        {
            var facts = await SqliteBackup.WriteAsync(db.Database.GetConnectionString()!, target, cancellationToken);
            logger.LogInformation("Backed up the database to {File}: {Facts}; quick_check ok", target, facts.ToString());
        }
        catch (Exception error) when (SqliteBackup.IsExpectedProblem(error))
        {
            logger.LogError("The scheduled backup to {File} failed: {Reason}. Will try again within an hour", target, error.Message);
            return null;
        }

        foreach (var old in Existing(folder).SkipLast(options.Value.Keep))
        {
            File.Delete(old.File);
            logger.LogInformation("Deleted the backup {File}, beyond the newest {Keep}", old.File, options.Value.Keep);
        }

        return target;
    }

    // This schedule's backups in the folder, oldest first.
    private static List<(string File, DateTimeOffset TakenAt)> Existing(string folder)
    {
        if (!System.IO.Directory.Exists(folder))
        {
            return [];
        }

        var backups = new List<(string File, DateTimeOffset TakenAt)>();
        foreach (var file in System.IO.Directory.EnumerateFiles(folder, Prefix + "*" + Suffix))
        {
            var name = Path.GetFileName(file)[Prefix.Length..^Suffix.Length];
            if (DateTimeOffset.TryParseExact(name, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var takenAt))
            {
                backups.Add((file, takenAt));
            }
        }

        return backups.OrderBy(b => b.TakenAt).ToList();
    }
}

/// <summary>Looks every hour for a scheduled backup that is due; not at startup, so a server restarting in a loop adds none.</summary>
public sealed class ScheduledBackupRunner(IServiceScopeFactory scopes, IOptions<BackupOptions> options, TimeProvider clock, ILogger<ScheduledBackupRunner> logger, IHostApplicationLifetime lifetime)
    : PeriodicJob(clock, lifetime, logger)
{
    protected override TimeSpan Interval => options.Value.Directory is null ? TimeSpan.Zero : TimeSpan.FromHours(1);

    protected override bool RunsAtStartup => false;

    protected override string Activity => "Scheduled backup";

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ScheduledBackups>().RunAsync(cancellationToken);
    }
}
