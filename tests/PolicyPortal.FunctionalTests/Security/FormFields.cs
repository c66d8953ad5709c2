using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Routing.Patterns;

namespace PolicyPortal.FunctionalTests.Security;

/// <summary>A field an action reads from a posted form: its name, and the type of one value of it.</summary>
public sealed record FormField(string Name, Type ValueType)
{
    public bool IsFile => ValueType == typeof(IFormFile);

    /// <summary>
    /// Every field the action binds from the form, as the app's own model metadata sees it: simple parameters by name,
    /// and the bindable properties of a form model. Route values, services and the cancellation token are not fields.
    /// </summary>
    public static IReadOnlyList<FormField> Of(PortalRoute route, ControllerActionDescriptor action, IModelMetadataProvider metadata)
    {
        var routeValues = RoutePatternFactory.Parse(route.Pattern).Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var fields = new List<FormField>();
        foreach (var parameter in action.Parameters.OfType<ControllerParameterDescriptor>())
        {
            var source = parameter.BindingInfo?.BindingSource;
            if (parameter.ParameterType == typeof(CancellationToken) || routeValues.Contains(parameter.Name) || source == BindingSource.Services || source == BindingSource.Path)
            {
                continue;
            }

            var model = metadata.GetMetadataForType(parameter.ParameterType);
            fields.AddRange(model.IsComplexType && !model.IsEnumerableType && model.ModelType != typeof(IFormFile)
                ? model.Properties.Where(p => p.IsBindingAllowed && !p.IsReadOnly).Select(p => new FormField(p.PropertyName!, ValueTypeOf(p)))
                : [new FormField(parameter.Name, ValueTypeOf(model))]);
        }

        return fields;
    }

    private static Type ValueTypeOf(ModelMetadata model)
    {
        var type = model.IsEnumerableType && model.ModelType != typeof(string) ? model.ElementMetadata!.ModelType : model.ModelType;
        return Nullable.GetUnderlyingType(type) ?? type;
    }
}
