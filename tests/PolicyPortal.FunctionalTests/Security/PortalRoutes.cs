using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace PolicyPortal.FunctionalTests.Security;

/// <summary>One route the app answers: an HTTP method (or <see cref="PortalRoutes.AnyMethod"/>) and its pattern, as the endpoint spells it.</summary>
public sealed record PortalRoute(string Method, string Pattern)
{
    public override string ToString() => $"{Method} {Pattern}";
}

/// <summary>Every route the running app answers, read from its own endpoints rather than from a list kept by hand.</summary>
internal static class PortalRoutes
{
    /// <summary>The method of an endpoint that answers every method, such as the error pages.</summary>
    public const string AnyMethod = "ANY";

    public static IReadOnlyList<PortalRoute> All(IServiceProvider services) =>
        [.. Endpoints(services)
            .Select(e => e.Route)
            .Distinct()
            .OrderBy(route => route.Pattern, StringComparer.Ordinal)
            .ThenBy(route => route.Method, StringComparer.Ordinal)];

    /// <summary>The controller action behind each route, for what it binds; endpoints that are not actions (health) have none.</summary>
    public static IReadOnlyDictionary<PortalRoute, ControllerActionDescriptor> Actions(IServiceProvider services) =>
        Endpoints(services)
            .Where(e => e.Endpoint.Metadata.GetMetadata<ControllerActionDescriptor>() is not null)
            .ToDictionary(e => e.Route, e => e.Endpoint.Metadata.GetMetadata<ControllerActionDescriptor>()!);

    private static IEnumerable<(PortalRoute Route, RouteEndpoint Endpoint)> Endpoints(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(endpoint => MethodsOf(endpoint).Select(method => (new PortalRoute(method, "/" + endpoint.RoutePattern.RawText?.TrimStart('/')), endpoint)));

    private static IEnumerable<string> MethodsOf(Endpoint endpoint) =>
        endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } methods ? methods : [AnyMethod];
}
