using System.Runtime.InteropServices;

namespace PolicyPortal.Web.Services;

/// <summary>
/// Every few seconds, hands back to the operating system the memory that glibc's malloc is holding free. TLS
/// (OpenSSL), SQLite and the runtime allocate natively on many threads, and glibc keeps what they free in up to 16
/// arenas on 2 cores, where it stays counted in the process's memory: 27 MB of the 49 MB in arenas after a few seconds
/// of load (docs/performance.md, fourth round). Elsewhere (Windows, or a Linux without glibc, such as Alpine's musl) it
/// does nothing.
/// </summary>
public sealed class NativeMemoryTrim(TimeProvider clock, ILogger<NativeMemoryTrim> logger) : PeriodicJob(clock, logger)
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(5);

    private bool _unavailable = !OperatingSystem.IsLinux();

    protected override TimeSpan Interval => Every;

    protected override bool RunsAtStartup => false;

    protected override string Activity => "Returning free native memory";

    protected override Task RunOnceAsync(CancellationToken cancellationToken)
    {
        if (_unavailable)
        {
            return Task.CompletedTask;
        }

        try
        {
            MallocTrim(0);
        }
        catch (Exception error) when (error is DllNotFoundException or EntryPointNotFoundException)
        {
            _unavailable = true;
        }

        return Task.CompletedTask;
    }

    // glibc's malloc_trim(pad): releases the free memory at the top of each arena and inside it (madvise), keeping pad bytes.
    [DllImport("libc.so.6", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
