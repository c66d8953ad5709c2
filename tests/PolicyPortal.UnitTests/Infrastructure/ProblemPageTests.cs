using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using PolicyPortal.Web.Infrastructure;

namespace PolicyPortal.UnitTests.Infrastructure;

public sealed class ProblemPageTests
{
    public static TheoryData<Type, string> RefusableActions()
    {
        var actions = new TheoryData<Type, string>();
        foreach (var controller in typeof(DomainRuleFilter).Assembly.GetTypes().Where(t => typeof(Controller).IsAssignableFrom(t)))
        {
            foreach (var action in controller.GetMethods().Where(m => m.GetCustomAttribute<ProblemPageAttribute>() is not null))
            {
                actions.Add(controller, action.Name);
            }
        }

        return actions;
    }

    [Theory]
    [MemberData(nameof(RefusableActions))]
    public void A_refused_action_has_a_page_the_filter_can_fill_from_its_arguments(Type controller, string actionName)
    {
        var action = controller.GetMethod(actionName)!;
        var page = DomainRuleFilter.PageMethod(controller, action.GetCustomAttribute<ProblemPageAttribute>()!.Page);
        var arguments = action.GetParameters().ToDictionary(p => p.Name!, p => p.ParameterType);
        var nullability = new NullabilityInfoContext();

        Assert.True(typeof(IActionResult).IsAssignableFrom(page.ReturnType) || page.ReturnType == typeof(Task<IActionResult>), $"{page.Name} returns {page.ReturnType.Name}.");
        foreach (var parameter in page.GetParameters())
        {
            var filled = parameter.Name switch
            {
                "problem" => parameter.ParameterType == typeof(string),
                "statusCode" => parameter.ParameterType == typeof(int),
                _ when parameter.ParameterType == typeof(CancellationToken) => true,
                _ when arguments.TryGetValue(parameter.Name!, out var type) => parameter.ParameterType.IsAssignableFrom(type) || Nullable.GetUnderlyingType(parameter.ParameterType) == type,
                _ => Nullable.GetUnderlyingType(parameter.ParameterType) is not null || nullability.Create(parameter).WriteState == NullabilityState.Nullable,
            };
            Assert.True(filled, $"{controller.Name}.{page.Name}'s parameter {parameter.Name} cannot be filled from {actionName}.");
        }
    }
}
