using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.ViewModels.Shared;

namespace PolicyPortal.Web.Infrastructure;

/// <summary>The <c>Limits</c> settings: how large a request body may be, except where an action says otherwise.</summary>
public sealed class RequestLimitsOptions
{
    public int MaxRequestBodyKilobytes { get; set; } = 1024;

    public long MaxRequestBodyBytes => MaxRequestBodyKilobytes * 1024L;

    /// <summary>The largest Word document or .zip of them the Principal may upload, in MB (<c>Limits:ImportMegabytes</c>).</summary>
    public int ImportMegabytes { get; set; } = 20;

    public long ImportBytes => ImportMegabytes * 1024L * 1024L;

    // Below 64 KB a long concern or comment could not be sent; above 100 MB the limit protects nothing. A policy with its
    // images fits in 1 MB; a .zip of a school's policies in 100.
    public bool IsValid() => MaxRequestBodyKilobytes is >= 64 and <= 100 * 1024 && ImportMegabytes is >= 1 and <= MaxImportMegabytes;

    public const int MaxImportMegabytes = 100;
}

/// <summary>
/// How large a request may be. Every request body is limited to <c>Limits:MaxRequestBodyKilobytes</c> (1 MB), by the
/// server itself; the few forms that carry more say so with <see cref="LargeFormAttribute"/>, from the rules of what they
/// carry. A form that breaks a limit gets a page that
/// says so (<see cref="FormReadingFilter"/>), and nothing is saved.
/// </summary>
public static class RequestLimits
{
    /// <summary>More fields than any of the portal's forms sends (the longest has about twenty).</summary>
    public const int MaxFormFields = 100;

    /// <summary>Longer than any field name the portal's forms use.</summary>
    public const int MaxFieldNameLength = 100;

    /// <summary>
    /// A form that carries a whole policy's text and change summary: each character percent-encoded from up to three UTF-8
    /// bytes (nine bytes), and room for the rest of the form.
    /// </summary>
    public const int PolicyTextForm = 9 * (PolicyRevision.BodyMaxLength + PolicyRevision.ChangeSummaryMaxLength) + 64 * 1024;

    /// <summary>The import's preview: the file and the rest of the form.</summary>
    public const int ImportFileForm = Services.PeopleImport.MaxFileBytes + 64 * 1024;

    /// <summary>
    /// The import's later steps, which post the sealed file back with the role chosen for each value of the role column:
    /// each value, whose every character can be three bytes of UTF-8 and each of those three characters in a form, with
    /// its choice and their field names.
    /// </summary>
    public const int ImportApplyForm = Services.PeopleImport.MaxSealedUploadLength + (Services.ImportPlanner.MaxRoleValues * ((9 * Services.ImportPlanner.RoleValueMaxLength) + 256)) + 64 * 1024;

    /// <summary>The fields of those steps: a value and a choice for each value of the role column, and a few more.</summary>
    public const int ImportApplyFields = (2 * Services.ImportPlanner.MaxRoleValues) + 16;

    /// <summary>
    /// An upload of Word documents: however many files the form sends, at most the largest <c>Limits:ImportMegabytes</c>
    /// allows in all; each file is then held to the limit set (<see cref="Services.PolicyImport"/>).
    /// </summary>
    public const int WordUploadForm = RequestLimitsOptions.MaxImportMegabytes * 1024 * 1024 + 64 * 1024;

    public static void AddRequestLimits(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<RequestLimitsOptions>()
            .Bind(builder.Configuration.GetSection("Limits"))
            .Validate(o => o.IsValid(), "Limits:MaxRequestBodyKilobytes must be 64 to 102400, and Limits:ImportMegabytes 1 to 100.")
            .ValidateOnStart();

        // The server refuses a larger body as it reads it, whether Kestrel or IIS in process.
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<RequestLimitsOptions>>((kestrel, limits) => kestrel.Limits.MaxRequestBodySize = limits.Value.MaxRequestBodyBytes);
        services.AddOptions<IISServerOptions>().Configure<IOptions<RequestLimitsOptions>>((iis, limits) => iis.MaxRequestBodySize = limits.Value.MaxRequestBodyBytes);

        // Form reading is limited the same way on any server, so no single field can be longer than a whole body.
        services.AddOptions<FormOptions>().Configure<IOptions<RequestLimitsOptions>>((form, limits) =>
        {
            form.ValueCountLimit = MaxFormFields;
            form.KeyLengthLimit = MaxFieldNameLength;
            form.ValueLengthLimit = (int)Math.Min(int.MaxValue, limits.Value.MaxRequestBodyBytes);
        });
        services.Configure<MvcOptions>(mvc => mvc.Filters.Add<FormReadingFilter>(FormReadingFilter.Order));
    }
}

/// <summary>
/// An action whose form may carry up to <see cref="Bytes"/>, in all and in one field, where ordinary forms take
/// <c>Limits:MaxRequestBodyKilobytes</c>, and, when <see cref="Fields"/> is set, that many fields rather than
/// <see cref="RequestLimits.MaxFormFields"/>. The other form limits stay as they are. Routing applies it before anything
/// reads the body.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class LargeFormAttribute(int bytes) : Attribute, IRequestSizeLimitMetadata, IFormOptionsMetadata
{
    public int Bytes { get; } = bytes;

    /// <summary>How many fields the form may have; 0 for the usual limit.</summary>
    public int Fields { get; init; }

    long? IRequestSizeLimitMetadata.MaxRequestBodySize => Bytes;

    int? IFormOptionsMetadata.ValueLengthLimit => Bytes;

    bool? IFormOptionsMetadata.BufferBody => null;

    int? IFormOptionsMetadata.MemoryBufferThreshold => null;

    long? IFormOptionsMetadata.BufferBodyLengthLimit => null;

    int? IFormOptionsMetadata.ValueCountLimit => Fields > 0 ? Fields : null;

    int? IFormOptionsMetadata.KeyLengthLimit => null;

    int? IFormOptionsMetadata.MultipartBoundaryLengthLimit => null;

    int? IFormOptionsMetadata.MultipartHeadersCountLimit => null;

    int? IFormOptionsMetadata.MultipartHeadersLengthLimit => null;

    long? IFormOptionsMetadata.MultipartBodyLengthLimit => null;
}

/// <summary>
/// Reads a posted form just before the antiforgery check does. That check answers any form it cannot read with its own
/// 400, "the form may have expired"; here a body over the size limit gets 413 and a form with too many or too long fields
/// 400, each with a page that says why. The action does not run, so nothing is saved.
/// </summary>
internal sealed class FormReadingFilter(IModelMetadataProvider metadata, ILogger<FormReadingFilter> logger) : IAsyncAuthorizationFilter
{
    /// <summary>Before antiforgery (1000), which would read the form first.</summary>
    public const int Order = 950;

    public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        var request = context.HttpContext.Request;

        // Only where the antiforgery check would read the form: not for safe methods, nor for the error pages.
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method)
            || !request.HasFormContentType
            || context.FindEffectivePolicy<IAntiforgeryPolicy>() is IgnoreAntiforgeryTokenAttribute)
        {
            return;
        }

        try
        {
            await request.ReadFormAsync(context.HttpContext.RequestAborted);
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException error)
        {
            logger.LogWarning("A form to {Path} was refused by the server: {Reason}", Authorization.AuthenticationAudit.Untrusted(request.Path.Value), error.Message);
            context.Result = Page(error.StatusCode == StatusCodes.Status413PayloadTooLarge ? ProblemViewModel.TooLarge : ProblemViewModel.ForStatus(error.StatusCode), context.ModelState);
        }
        catch (InvalidDataException error)
        {
            logger.LogWarning("A form to {Path} could not be read: {Reason}", Authorization.AuthenticationAudit.Untrusted(request.Path.Value), error.Message);
            context.Result = Page(ProblemViewModel.UnreadableForm, context.ModelState);
        }
    }

    private ViewResult Page(ProblemViewModel problem, ModelStateDictionary modelState) => new()
    {
        ViewName = "Problem",
        StatusCode = problem.StatusCode,
        ViewData = new ViewDataDictionary<ProblemViewModel>(metadata, modelState) { Model = problem },
    };
}
