using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace PolicyPortal.Web.Infrastructure;

/// <summary>
/// For a load balancer or orchestrator: live while the process runs; ready while the database answers and is up to date.
/// The answer is the bare word Healthy or Unhealthy, as plain text, to anyone.
/// </summary>
public static class HealthEndpoints
{
    public static WebApplication MapPortalHealthChecks(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false })
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get]))
            .AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(DatabaseHealthCheck.ReadyTag) })
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get]))
            .AllowAnonymous();
        return app;
    }
}
