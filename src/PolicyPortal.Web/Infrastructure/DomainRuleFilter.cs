using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Infrastructure;

/// <summary>
/// Names the page that shows why the action was refused: a method of its controller that builds that page. The method's
/// parameters are filled by name: <c>problem</c> with the broken rule's message (null for invalid details, which are shown
/// beside their fields), <c>statusCode</c> with the response's status, a cancellation token with the request's, and any
/// other with the action's argument of that name, or null if the action has none.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ProblemPageAttribute(string page) : Attribute
{
    public string Page { get; } = page;

    /// <summary>The status of a broken rule other than a clash with someone else's change, which is always 409.</summary>
    public int RuleStatus { get; init; } = StatusCodes.Status409Conflict;
}

/// <summary>
/// The one place a refused request becomes a response, instead of a try/catch in every action: a missing record is 404;
/// invalid details are 400 with the form shown again, each problem beside its field; any other broken rule is 409 (or the
/// status the action names) with its message on the action's <see cref="ProblemPageAttribute">problem page</see>.
/// </summary>
public sealed class DomainRuleFilter : IAsyncActionFilter
{
    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        // An action filter rather than an exception filter, because the page needs the action's arguments.
        var executed = await next();
        if (executed.Exception is RecordNotFoundException)
        {
            executed.Result = new NotFoundResult();
            executed.ExceptionHandled = true;
        }
        else if (executed.Exception is DomainRuleException refusal
            && executed.ActionDescriptor is ControllerActionDescriptor action
            && action.MethodInfo.GetCustomAttribute<ProblemPageAttribute>() is { } page)
        {
            executed.Result = await ShowAsync(context, page, refusal);
            executed.ExceptionHandled = true;
        }
    }

    private static async Task<IActionResult> ShowAsync(ActionExecutingContext context, ProblemPageAttribute page, DomainRuleException refusal)
    {
        var (problem, status) = refusal switch
        {
            InvalidDetailsException => (null, StatusCodes.Status400BadRequest),
            ConcurrencyConflictException => (refusal.Message, StatusCodes.Status409Conflict),
            _ => (refusal.Message, page.RuleStatus),
        };
        if (refusal is InvalidDetailsException details)
        {
            context.ModelState.AddProblems(details.Problems);
        }

        context.HttpContext.Response.StatusCode = status;
        var controller = context.Controller;
        var method = PageMethod(controller.GetType(), page.Page);
        var arguments = method.GetParameters()
            .Select(p => p.Name switch
            {
                "problem" => problem,
                "statusCode" => status,
                _ when p.ParameterType == typeof(CancellationToken) => context.HttpContext.RequestAborted,
                _ => context.ActionArguments.TryGetValue(p.Name!, out var argument) ? argument : null,
            })
            .ToArray();
        return method.Invoke(controller, arguments) switch
        {
            Task<IActionResult> showing => await showing,
            IActionResult result => result,
            _ => throw new InvalidOperationException($"{controller.GetType().Name}.{page.Page} must return an IActionResult or a Task<IActionResult>."),
        };
    }

    /// <summary>The controller's method a <see cref="ProblemPageAttribute"/> names.</summary>
    public static MethodInfo PageMethod(Type controller, string name) =>
        controller.GetMethod(name, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
        ?? throw new InvalidOperationException($"{controller.Name} has no method {name} to show a refused request on.");
}

/// <summary>Problems with form fields, shown beside their fields and in the form's error summary.</summary>
public static class FieldProblemModelState
{
    public static void AddProblems(this ModelStateDictionary modelState, IEnumerable<FieldProblem> problems)
    {
        foreach (var problem in problems)
        {
            modelState.AddModelError(problem.Field, problem.Message);
        }
    }
}
