using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using PolicyPortal.Web.Authorization;
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
/// carry. A form that breaks a limit, or cannot be read at all, gets a page that says so (<see cref="FormReading"/>),
/// and nothing is saved.
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
    }

    /// <summary>Reads posted forms (<see cref="FormReading"/>) once who sent them is known: this pass before authorization.</summary>
    public static IApplicationBuilder UsePortalFormReading(this IApplicationBuilder app) =>
        app.UseMiddleware<FormReading>(FormReading.Pass.BeforeAuthorization);

    /// <summary>The pass after authorization, for the large forms of those who may send them.</summary>
    public static IApplicationBuilder UsePortalLargeFormReading(this IApplicationBuilder app) =>
        app.UseMiddleware<FormReading>(FormReading.Pass.AfterAuthorization);
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
/// Reads a posted form once, before anything else reads it, so that a form the server cannot read (cut short, its parts'
/// headers unfinished, in a character set the server does not read, or with more or longer fields than any of the
/// portal's forms) gets 400 and a page that says so from every route, whoever sent it, and a body over the size limit 413
/// and its page, rather than the antiforgery check's "form may have expired" page or a server error from model binding.
/// Nothing is saved. Each refusal is one warning, without a stack trace: it is what was sent, not the portal, that is at
/// fault. A sender who went away while sending is not warned about.
/// </summary>
/// <remarks>
/// It runs twice, with the same rules. Before authorization it reads every form at the ordinary limits, so that an
/// unreadable one gets the same answer whether or not its sender may use the route; a form the sign-in page will carry
/// (<see cref="UnsentForm.WillCarry"/>) is left for that page to read, under its limits. The larger limits of a
/// <see cref="LargeFormAttribute"/> route apply only to someone signed in, after authorization: nobody may send more than
/// the ordinary limits to a route they may not use.
/// </remarks>
internal sealed class FormReading(RequestDelegate next, FormReading.Pass pass, IOptions<FormOptions> formOptions, IOptions<RequestLimitsOptions> limits, ILogger<FormReading> logger)
{
    public enum Pass
    {
        BeforeAuthorization,
        AfterAuthorization,
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var endpoint = context.GetEndpoint();

        // Only for a route made for the request's method: not the error pages, which answer every method and are shown
        // for a refused post with its form still attached, nor the health checks' 405.
        if (!request.HasFormContentType
            || endpoint?.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains(request.Method, StringComparer.OrdinalIgnoreCase) != true
            || context.Features.Get<IFormFeature>() is { Form: not null })
        {
            await next(context);
            return;
        }

        if (pass == Pass.BeforeAuthorization)
        {
            var signedIn = context.User.Identity?.IsAuthenticated == true;
            var largeForm = endpoint.Metadata.GetMetadata<LargeFormAttribute>() is not null;
            if ((signedIn && largeForm) || (!signedIn && UnsentForm.WillCarry(context)))
            {
                await next(context);
                return;
            }

            if (largeForm && endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null)
            {
                if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } body)
                {
                    body.MaxRequestBodySize = limits.Value.MaxRequestBodyBytes;
                }

                context.Features.Set<IFormFeature>(new FormFeature(request, formOptions.Value));
            }
        }

        try
        {
            await request.ReadFormAsync(context.RequestAborted);
        }
        catch (Exception error) when (context.RequestAborted.IsCancellationRequested || error is ConnectionResetException or Microsoft.AspNetCore.Http.BadHttpRequestException { StatusCode: not StatusCodes.Status413PayloadTooLarge })
        {
            // The body stopped, or stalled, before the end its sender announced: the sender went away, or its connection
            // broke. Nobody is left to read an answer, and nothing is wrong to warn of: the request's own log line says 499.
            context.Response.StatusCode = StatusCodes.Status499ClientClosedRequest;
            context.Features.Get<IStatusCodePagesFeature>()?.Enabled = false;
            return;
        }
        catch (Exception error) when (error is IOException or InvalidDataException or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            // The server's own refusal of a body over the size limit is a BadHttpRequestException, an IOException.
            var problem = error is Microsoft.AspNetCore.Http.BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } ? ProblemViewModel.TooLarge : ProblemViewModel.UnreadableForm;
            logger.LogWarning(
                "{Method} {Path} answered {StatusCode}: the form could not be read, {Reason} (reference {RequestReference})",
                request.Method, AuthenticationAudit.Untrusted(request.Path.Value), problem.StatusCode, AuthenticationAudit.Untrusted(error.Message), context.TraceIdentifier);
            context.AnswerWith(problem);
            return;
        }

        await next(context);
    }
}

/// <summary>
/// Actions that never read the posted form, not even to bind their parameters: the error pages, shown for a refused post
/// with its form still attached, which may be one nobody can read.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class IgnoreFormAttribute : Attribute, IResourceFilter
{
    public void OnResourceExecuting(ResourceExecutingContext context)
    {
        context.ValueProviderFactories.RemoveType<FormValueProviderFactory>();
        context.ValueProviderFactories.RemoveType<FormFileValueProviderFactory>();
        context.ValueProviderFactories.RemoveType<JQueryFormValueProviderFactory>();
    }

    public void OnResourceExecuted(ResourceExecutedContext context)
    {
    }
}
