using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace PolicyPortal.Web.Infrastructure;

/// <summary>
/// For a load balancer or orchestrator: live while the process runs; ready while the database answers and is up to date.
/// The answer is the bare word Healthy or Unhealthy, as plain text, to anyone, to GET or HEAD. Any other method gets
/// 405 with the methods allowed, to anyone too: left to routing, it would meet the sign-in every other page asks for.
/// </summary>
public static class HealthEndpoints
{
    private static readonly string[] Probes = [HttpMethods.Get, HttpMethods.Head];

    public static WebApplication MapPortalHealthChecks(this WebApplication app)
    {
        Map(app, "/health/live", new HealthCheckOptions { Predicate = _ => false });
        Map(app, "/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(DatabaseHealthCheck.ReadyTag) });
        return app;
    }

    private static void Map(WebApplication app, string path, HealthCheckOptions options)
    {
        app.MapHealthChecks(path, options)
            .WithMetadata(new HttpMethodMetadata(Probes))
            .AllowAnonymous();

        // Every other method, chosen only when the probe's endpoint does not match.
        app.Map(path, (HttpContext context) =>
            {
                context.Response.Headers.Allow = string.Join(", ", Probes);
                return Results.StatusCode(StatusCodes.Status405MethodNotAllowed);
            })
            .WithOrder(1)
            .AllowAnonymous();
    }
}
