using System.Globalization;
using PolicyPortal.Web.Data;
using Serilog;
using Serilog.Configuration;
using Serilog.Core;
using Serilog.Events;

namespace PolicyPortal.Web;

/// <summary>
/// Serilog: levels from the <c>Serilog</c> configuration section, the console always, and a daily file under the data
/// folder, both written in the background.
/// </summary>
internal static class PortalLogging
{
    // Lines waiting to be written. Serilog's default of 10,000 held about 20 MB of waiting lines under load; a thousand
    // is still a fifth of a second of the busiest morning.
    private const int QueueLength = 1_000;

    public static void Configure(LoggerConfiguration logging, IServiceProvider services, IConfiguration configuration, string dataDirectory)
    {
        // Blocking when the queue is full, not dropping: the log is also the audit trail, so no line may be lost.
        void InBackground(Action<LoggerSinkConfiguration> sink) => logging.WriteTo.Async(sink, QueueLength, blockWhenFull: true);

        logging
            .ReadFrom.Configuration(configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext()
            .Filter.ByExcluding(IsEfCoreErrorForBusyDatabase);
        InBackground(sink => sink.Console(formatProvider: CultureInfo.InvariantCulture));
        if (configuration.GetValue("App:FileLogging", defaultValue: true))
        {
            InBackground(sink => sink.File(
                Path.Combine(dataDirectory, "logs", "portal-.log"),
                rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: 31,
                formatProvider: CultureInfo.InvariantCulture));
        }
    }

    // A busy database is logged once, as a warning, by whoever meets it (DatabaseBusyResponse, PeriodicJob); EF Core's
    // own error for the same exception would add a stack trace for every visitor who waited.
    private static bool IsEfCoreErrorForBusyDatabase(LogEvent logEvent) =>
        logEvent.Level >= LogEventLevel.Error
        && DatabaseBusy.Is(logEvent.Exception)
        && logEvent.Properties.TryGetValue(Constants.SourceContextPropertyName, out var source)
        && source is ScalarValue { Value: string category }
        && category.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal);
}
