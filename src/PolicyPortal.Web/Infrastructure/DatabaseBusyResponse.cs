using System.Globalization;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Data;

namespace PolicyPortal.Web.Infrastructure;

/// <summary>
/// A request the database could not serve in time (<see cref="DatabaseBusy"/>) gets 503 with <c>Retry-After</c>, and the
/// status code pages give it the friendly "busy" page. Each action writes in one transaction, so nothing of it was saved.
/// The log gets one warning: a busy moment is no fault of the code, and a stack trace per visitor would hide real errors.
/// </summary>
internal sealed class DatabaseBusyResponse(RequestDelegate next, ILogger<DatabaseBusyResponse> logger)
{
    public const int RetryAfterSeconds = 10;

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception error) when (DatabaseBusy.Is(error) && !context.Response.HasStarted)
        {
            logger.LogWarning(
                "{Method} {Path} answered 503 because the database was busy: {Reason} (reference {RequestReference})",
                context.Request.Method, AuthenticationAudit.Untrusted(context.Request.Path.Value), error.GetBaseException().Message, context.TraceIdentifier);
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        }
    }
}

public static class DatabaseBusyResponseExtensions
{
    public static WebApplication UsePortalBusyResponse(this WebApplication app)
    {
        app.UseMiddleware<DatabaseBusyResponse>();
        return app;
    }
}
