namespace PolicyPortal.Web.Infrastructure;

/// <summary>
/// The portal will not start, for a reason the administrator must fix, such as a damaged database. Made by
/// <see cref="Logged"/>, which logs the reason as one critical line: it reaches the log file as well as the console, and a
/// stack trace would say nothing more. Program then only ends with exit code 1, and the host's own error for it is left
/// out of the log (<see cref="PortalLogging"/>).
/// </summary>
public sealed class StartupRefusedException : Exception
{
    private StartupRefusedException(string reason)
        : base(reason)
    {
    }

    /// <summary>Logs <paramref name="reason"/> and returns the exception to throw.</summary>
    public static StartupRefusedException Logged(ILogger logger, string reason)
    {
        logger.LogCritical("The portal did not start: {Reason}", reason);
        return new StartupRefusedException(reason);
    }
}
