using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Authorization;

/// <summary>
/// A request is seen by the person who made it and by whoever decides it: the Principal for staff requests, governors for
/// the Principal's own. Anyone else is told there is no such request.
/// </summary>
public sealed class PresenceAuthorizationHandler : AuthorizationHandler<OperationAuthorizationRequirement, PresenceRequest>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement, PresenceRequest resource)
    {
        var user = context.User;
        var isRequester = resource.RequesterUserId == user.UserId();
        var isDecider = resource.RequestedByPrincipal ? user.IsInRole(Roles.Governor) : user.IsInRole(Roles.Principal);
        if (requirement.Name == Operations.Read.Name && (isRequester || isDecider))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
