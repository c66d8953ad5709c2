using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Authorization;

public static class Operations
{
    public static readonly OperationAuthorizationRequirement Read = new() { Name = nameof(Read) };
}

/// <summary>A receipt is seen by the person who signed it and by the Principal; by nobody else.</summary>
public sealed class AcknowledgementAuthorizationHandler
    : AuthorizationHandler<OperationAuthorizationRequirement, Acknowledgement>
{
    protected override Task HandleRequirementAsync(
        AuthorizationHandlerContext context,
        OperationAuthorizationRequirement requirement,
        Acknowledgement resource)
    {
        if (requirement.Name == Operations.Read.Name
            && (context.User.IsInRole(Roles.Principal) || resource.UserId == context.User.UserId()))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
