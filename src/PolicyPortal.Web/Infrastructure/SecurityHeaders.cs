using System.Security.Cryptography;

namespace PolicyPortal.Web.Infrastructure;

/// <summary>
/// Headers every response carries. The Content-Security-Policy allows scripts only from the portal itself or with this
/// response's nonce (<see cref="SecurityHeadersExtensions.CspNonce"/>); the portal has no inline script today, so the nonce
/// is there for the day one is needed, never <c>'unsafe-inline'</c>.
/// </summary>
internal sealed class SecurityHeaders(RequestDelegate next)
{
    internal const string NonceKey = "PolicyPortal.CspNonce";

    public Task InvokeAsync(HttpContext context)
    {
        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        context.Items[NonceKey] = nonce;
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy =
            $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
        headers.XFrameOptions = "DENY";
        return next(context);
    }
}

public static class SecurityHeadersExtensions
{
    public static WebApplication UsePortalSecurityHeaders(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeaders>();
        return app;
    }

    /// <summary>This response's script nonce, for <c>&lt;script nonce="@Context.CspNonce()"&gt;</c>.</summary>
    public static string CspNonce(this HttpContext context) => context.Items[SecurityHeaders.NonceKey] as string ?? string.Empty;
}
