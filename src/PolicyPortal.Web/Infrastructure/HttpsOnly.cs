using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.ViewModels.Shared;

namespace PolicyPortal.Web.Infrastructure;

/// <summary>
/// Outside Development the portal answers only over HTTPS. Its sign-in and form cookies are <c>Secure</c>, so over plain
/// HTTP no form could work: each would fail with a server error. A request that is not HTTPS, as the portal sees it after
/// any forwarded headers, gets 400 and a page that says to use the https:// address; the first is logged as a warning
/// with what the administrator should check. The health checks answer over HTTP too: load balancers probe them so.
/// </summary>
internal sealed class HttpsOnly(RequestDelegate next, ILogger<HttpsOnly> logger)
{
    private int _warned;

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.IsHttps || request.Path.StartsWithSegments("/health") || context.Features.Get<IStatusCodeReExecuteFeature>() is not null)
        {
            return next(context);
        }

        if (Interlocked.Exchange(ref _warned, 1) == 0)
        {
            logger.LogWarning(
                "{Method} {Path} came over plain HTTP and was refused, as every such request will be. Behind a proxy that ends HTTPS, check that it sends X-Forwarded-Proto and that ASPNETCORE_FORWARDEDHEADERS_ENABLED is true; otherwise serve HTTPS from the portal (docs/deployment.md)",
                request.Method, AuthenticationAudit.Untrusted(request.Path.Value));
        }

        // The portal's cookies are all Secure, so none is read over HTTP: the page is shown to nobody signed in.
        request.Headers.Cookie = default;
        context.AnswerWith(ProblemViewModel.HttpsRequired);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Whether the server listens on plain HTTP only (<paramref name="addresses"/>; none known is no answer) and nothing
    /// tells the portal which requests came over HTTPS: neither forwarded headers nor IIS in front.
    /// </summary>
    internal static bool ServesNoHttps(ICollection<string>? addresses, IConfiguration configuration) =>
        addresses is { Count: > 0 }
        && !addresses.Any(a => a.StartsWith("https:", StringComparison.OrdinalIgnoreCase))
        && !string.Equals(configuration["ForwardedHeaders_Enabled"], "true", StringComparison.OrdinalIgnoreCase)
        && string.IsNullOrEmpty(configuration["TOKEN"]);
}

public static class HttpsOnlyExtensions
{
    /// <summary>Outside Development, refuses plain HTTP with a page, and warns at startup if nothing would serve HTTPS.</summary>
    public static WebApplication UsePortalHttpsOnly(this WebApplication app)
    {
        if (app.Environment.IsDevelopment())
        {
            return app;
        }

        app.UseMiddleware<HttpsOnly>();
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
            if (HttpsOnly.ServesNoHttps(addresses, app.Configuration))
            {
                app.Logger.LogWarning(
                    "The portal listens on {Addresses}, plain HTTP only, and no forwarded headers are believed: every page will answer \"Use the portal's https:// address\". Serve HTTPS (an https:// address in ASPNETCORE_URLS or Kestrel:Endpoints), or behind a proxy that ends HTTPS set ASPNETCORE_FORWARDEDHEADERS_ENABLED=true (docs/deployment.md)",
                    string.Join(", ", addresses!));
            }
        });
        return app;
    }
}
