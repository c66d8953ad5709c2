using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace PolicyPortal.Web.Authorization;

/// <summary>
/// Sign-in, two-step, set-password and password reset forms, limited per client to <c>Auth:SignInAttemptsPerMinute</c>
/// (300) in any minute (a window sliding in 10-second steps): a ceiling on guessing from one address that a staff room
/// signing in at once behind one public address stays well under. An IPv6 client counts by its /64 network, which one
/// household or device is given whole. Each account's failures are counted by lockout (five lock it for 15 minutes), and
/// an address with no account's by <see cref="UnknownAccountLockout"/>.
/// </summary>
public static class SignInRateLimit
{
    public const string PolicyName = "sign-in";

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static void Configure(RateLimiterOptions options, AuthOptions auth)
    {
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.AddPolicy(PolicyName, context => RateLimitPartition.GetSlidingWindowLimiter(
            Client(context.Connection.RemoteIpAddress),
            _ => new SlidingWindowRateLimiterOptions
            {
                PermitLimit = auth.SignInAttemptsPerMinute,
                Window = Window,
                SegmentsPerWindow = 6,
                QueueLimit = 0,
            }));

        // The body is left empty, so the status code pages show the friendly 429 page.
        options.OnRejected = (context, _) =>
        {
            // A sliding window does not say when its next attempt frees up; a whole window is always enough.
            var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : Window;
            context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

            context.HttpContext.RequestServices.GetRequiredService<AuthenticationAudit>().RateLimited(context.HttpContext.Request.Path.Value ?? string.Empty);
            return ValueTask.CompletedTask;
        };
    }

    /// <summary>
    /// Who counts as one client: an IPv4 address (also when written as IPv6, <c>::ffff:a.b.c.d</c>), or an IPv6 /64
    /// network. Behind a proxy, the forwarded address. A host with no address at all (the test server) is one client.
    /// </summary>
    public static string Client(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var network = address.GetAddressBytes();
        Array.Clear(network, 8, 8);
        return new IPAddress(network) + "/64";
    }
}
