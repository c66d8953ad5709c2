using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace PolicyPortal.Web.Authorization;

/// <summary>
/// Sign-in and set-password forms, limited per client address to <c>Auth:SignInAttemptsPerMinute</c> in each fixed
/// minute, so nobody can guess passwords faster than that from one address. Lockout still protects each account.
/// </summary>
public static class SignInRateLimit
{
    public const string PolicyName = "sign-in";

    public static void Configure(RateLimiterOptions options, AuthOptions auth)
    {
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.AddPolicy(PolicyName, context => RateLimitPartition.GetFixedWindowLimiter(
            ClientAddress(context),
            _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = auth.SignInAttemptsPerMinute,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            }));

        // The body is left empty, so the status code pages show the friendly 429 page.
        options.OnRejected = (context, _) =>
        {
            if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
            {
                context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }

            context.HttpContext.RequestServices.GetRequiredService<AuthenticationAudit>().RateLimited(context.HttpContext.Request.Path.Value ?? string.Empty);
            return ValueTask.CompletedTask;
        };
    }

    /// <summary>The client's address; behind a proxy, the forwarded one. A host with no address at all (the test server) shares one partition.</summary>
    public static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
