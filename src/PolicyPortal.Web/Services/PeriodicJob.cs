using PolicyPortal.Web.Data;

namespace PolicyPortal.Web.Services;

/// <summary>
/// Background work that runs every <see cref="Interval"/> on the app's clock: once the app has started too if
/// <see cref="RunsAtStartup"/>. It waits for the start, when the request pipeline and its routes exist, so the links its
/// emails carry can be made. A failure is logged (a busy database as a warning) and the work is tried again at the
/// next tick; an interval of zero or less turns the job off.
/// </summary>
public abstract class PeriodicJob(TimeProvider clock, IHostApplicationLifetime lifetime, ILogger logger) : BackgroundService
{
    protected abstract TimeSpan Interval { get; }

    protected virtual bool RunsAtStartup => true;

    /// <summary>What the job does, for the log line when it fails, e.g. "Sending waiting emails".</summary>
    protected abstract string Activity { get; }

    protected abstract Task RunOnceAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (Interval <= TimeSpan.Zero)
        {
            return;
        }

        if (!await StartedAsync(stoppingToken))
        {
            return;
        }

        using var timer = new PeriodicTimer(Interval, clock);
        if (RunsAtStartup)
        {
            await RunLoggingFailureAsync(stoppingToken);
        }

        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await RunLoggingFailureAsync(stoppingToken);
        }
    }

    // Whether the app started; false if it stopped first.
    private async Task<bool> StartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled()))
        {
            try
            {
                await started.Task;
                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
    }

    private async Task RunLoggingFailureAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RunOnceAsync(stoppingToken);
        }
        catch (Exception error) when (DatabaseUnavailable.ReasonOf(error) is { } reason)
        {
            // No fault of the code: each write is a transaction of its own, so the next round does what this one could not.
            logger.LogWarning("{Activity} stopped because {Why} ({Reason}); will try again", Activity, DatabaseUnavailable.Describe(reason), error.GetBaseException().Message);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            logger.LogError(error, "{Activity} failed; will try again", Activity);
        }
    }
}
