using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Authorization;

/// <summary>
/// A concern is seen by its reporter and its handler, by the rules on <see cref="Concern.CanBeSeenBy"/>: never by the
/// person it concerns, and never by the Principal when the governors handle it. Anyone else is told there is no such concern.
/// </summary>
public sealed class ConcernAuthorizationHandler : AuthorizationHandler<OperationAuthorizationRequirement, Concern>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement, Concern resource)
    {
        if (requirement.Name == Operations.Read.Name && resource.CanBeSeenBy(context.User.AsConcernViewer()))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

public static class ConcernViewers
{
    /// <summary>The signed-in person, with the roles that may make them a concern's handler.</summary>
    public static ConcernViewer AsConcernViewer(this ClaimsPrincipal user) =>
        new(user.AsPerson(), user.IsInRole(Roles.Principal), user.IsInRole(Roles.Governor));
}
