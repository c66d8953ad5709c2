using System.Globalization;
using System.Security.Claims;
using Microsoft.Extensions.Options;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Data;
using Serilog;
using Serilog.Configuration;
using Serilog.Core;
using Serilog.Events;

namespace PolicyPortal.Web.Infrastructure;

/// <summary>
/// Serilog: levels from the <c>Serilog</c> configuration section, the console always, and a daily file under the data
/// folder, both written in the background; one line per request.
/// </summary>
public static class PortalLogging
{
    // Lines waiting to be written. Serilog's default of 10,000 held about 20 MB of waiting lines under load; a thousand
    // is still a fifth of a second of the busiest morning.
    private const int QueueLength = 1_000;

    public static WebApplicationBuilder AddPortalLogging(this WebApplicationBuilder builder)
    {
        builder.Services.AddSerilog(
            (services, logging) => Configure(logging, services, builder.Configuration, services.GetRequiredService<IOptions<AppOptions>>().Value),
            preserveStaticLogger: true);
        return builder;
    }

    /// <summary>
    /// One line per request: the path as sent, escaped like the audit log so an encoded line break cannot forge a line,
    /// and the reference an error page shows, so a support call can be matched to its line and exception.
    /// </summary>
    public static WebApplication UsePortalRequestLogging(this WebApplication app)
    {
        app.UseSerilogRequestLogging(options =>
        {
            // The app's own logger (file and console); left unset, the request log would go to the start-up console logger only.
            options.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
            options.MessageTemplate = "HTTP {RequestMethod} {SafeRequestPath} responded {StatusCode} in {Elapsed:0.0000} ms, reference {RequestReference}";
            options.EnrichDiagnosticContext = (diagnostics, http) =>
            {
                diagnostics.Set("UserId", http.User.FindFirstValue(ClaimTypes.NameIdentifier));
                diagnostics.Set("SafeRequestPath", AuthenticationAudit.Untrusted(http.Request.Path.Value));
                diagnostics.Set("RequestReference", http.TraceIdentifier);
            };

            // Probes call the health endpoints every few seconds; a failing check logs its own reason. A 503 is a database
            // that could not take the request (DatabaseUnavailableResponse), not a fault.
            options.GetLevel = (http, _, error) =>
                http.Request.Path.StartsWithSegments("/health") ? LogEventLevel.Verbose
                : error is null && http.Response.StatusCode == StatusCodes.Status503ServiceUnavailable ? LogEventLevel.Warning
                : error is not null || http.Response.StatusCode >= 500 ? LogEventLevel.Error
                : LogEventLevel.Information;
        });
        return app;
    }

    private static void Configure(LoggerConfiguration logging, IServiceProvider services, IConfiguration configuration, AppOptions app)
    {
        // Blocking when the queue is full, not dropping: the log is also the audit trail, so no line may be lost.
        void InBackground(Action<LoggerSinkConfiguration> sink) => logging.WriteTo.Async(sink, QueueLength, blockWhenFull: true);

        logging
            .ReadFrom.Configuration(configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext()
            .Filter.ByExcluding(IsLoggedByWhoeverMeetsIt);

        // It logs every failed check at every probe of a load balancer; the readiness check logs its reason when it changes.
        logging.MinimumLevel.Override("Microsoft.Extensions.Diagnostics.HealthChecks", LogEventLevel.Fatal);
        InBackground(sink => sink.Console(formatProvider: CultureInfo.InvariantCulture));
        if (app.FileLogging)
        {
            InBackground(sink => sink.File(
                Path.Combine(app.DataDirectory, "logs", "portal-.log"),
                rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: 31,
                formatProvider: CultureInfo.InvariantCulture));
        }
    }

    // A database that cannot take a request (busy, full, its file lost), or a race a unique index settled, is logged once by whoever meets it
    // (DatabaseUnavailableResponse, PeriodicJob, DatabaseCondition), and a refused start as one fatal line where it was refused.
    // EF Core's and the host's own errors for the same exception would add a stack trace for every visitor who met it.
    private static bool IsLoggedByWhoeverMeetsIt(LogEvent logEvent) =>
        logEvent.Level >= LogEventLevel.Error
        && logEvent.Properties.TryGetValue(Constants.SourceContextPropertyName, out var source)
        && source is ScalarValue { Value: string category }
        && (((DatabaseUnavailable.Is(logEvent.Exception) || UniqueViolation.Is(logEvent.Exception)) && category.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal))
            || (logEvent.Exception is StartupRefusedException && category.StartsWith("Microsoft.Extensions.Hosting", StringComparison.Ordinal)));
}
