using System.Globalization;
using Serilog;

namespace PolicyPortal.Web;

/// <summary>Serilog: levels from the <c>Serilog</c> configuration section, the console always, and a daily file under the data folder.</summary>
internal static class PortalLogging
{
    public static void Configure(LoggerConfiguration logging, IServiceProvider services, IConfiguration configuration, string dataDirectory)
    {
        logging
            .ReadFrom.Configuration(configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext()
            .WriteTo.Console(formatProvider: CultureInfo.InvariantCulture);

        if (configuration.GetValue("App:FileLogging", defaultValue: true))
        {
            logging.WriteTo.File(
                Path.Combine(dataDirectory, "logs", "portal-.log"),
                rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: 31,
                formatProvider: CultureInfo.InvariantCulture);
        }
    }
}
