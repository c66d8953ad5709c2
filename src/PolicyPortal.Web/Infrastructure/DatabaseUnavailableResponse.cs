using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Data;
using PolicyPortal.Web.ViewModels.Shared;

namespace PolicyPortal.Web.Infrastructure;

/// <summary>
/// A request the database could not take (<see cref="DatabaseUnavailable"/>) gets 503, and the status code pages a page
/// that says why: the portal is busy (with <c>Retry-After</c>), cannot save (no space), or cannot reach its records (its
/// file lost). Each action writes in one transaction, so nothing of it was saved. Once the file is lost, every request
/// but the health checks is refused here before it starts.
/// The log gets one warning for a busy or full database: no fault of the code, and a stack trace per visitor would hide
/// real errors. A lost file was logged once, as an error, when it was found (<see cref="DatabaseCondition.MarkLost"/>).
/// </summary>
internal sealed class DatabaseUnavailableResponse(RequestDelegate next, DatabaseCondition condition, ILogger<DatabaseUnavailableResponse> logger)
{
    public const int RetryAfterSeconds = 10;

    public async Task InvokeAsync(HttpContext context)
    {
        if (condition.Lost is not null && !IsExempt(context))
        {
            Refuse(context, DatabaseUnavailableReason.Lost);
            return;
        }

        try
        {
            await next(context);
        }
        catch (Exception error) when (DatabaseUnavailable.ReasonOf(error) is { } reason && !context.Response.HasStarted)
        {
            if (reason == DatabaseUnavailableReason.Lost && condition.Lost is null)
            {
                // SQLite itself found the file moved under a connection, before the portal's own checks did.
                context.RequestServices.GetService<SqliteDatabaseFile>()?.Lose("SQLite found it moved or replaced under an open connection");
            }
            else if (reason != DatabaseUnavailableReason.Lost)
            {
                logger.LogWarning(
                    "{Method} {Path} answered 503 because {Why}: {Reason} (reference {RequestReference})",
                    context.Request.Method, AuthenticationAudit.Untrusted(context.Request.Path.Value), DatabaseUnavailable.Describe(reason), error.GetBaseException().Message, context.TraceIdentifier);
            }

            Refuse(context, reason);
        }
    }

    // The probes must tell the truth: live still answers, ready says why not. An error page re-executed for a refusal
    // is that refusal's own page.
    private static bool IsExempt(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/health")
        || context.Features.Get<IStatusCodeReExecuteFeature>() is not null
        || context.Features.Get<IExceptionHandlerFeature>() is not null;

    private static void Refuse(HttpContext context, DatabaseUnavailableReason reason)
    {
        context.Response.Clear();
        switch (reason)
        {
            case DatabaseUnavailableReason.Busy:
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                break;
            case DatabaseUnavailableReason.Full:
                context.AnswerWith(ProblemViewModel.DatabaseFull);
                break;
            case DatabaseUnavailableReason.Lost:
                context.AnswerWith(ProblemViewModel.DatabaseLost);
                break;
        }
    }
}

public static class DatabaseUnavailableResponseExtensions
{
    public static WebApplication UsePortalDatabaseUnavailableResponse(this WebApplication app)
    {
        app.UseMiddleware<DatabaseUnavailableResponse>();
        return app;
    }
}
