using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using PolicyPortal.Web.Services.Email;

namespace PolicyPortal.Web.Infrastructure;

/// <summary>The outbox, the transport its emails leave by, the background sender and the outbox's health check.</summary>
public static class EmailSetup
{
    public static WebApplicationBuilder AddPortalEmail(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<EmailOptions>()
            .Bind(builder.Configuration.GetSection("Email"))
            .Validate(o => Enum.TryParse<MailKit.Security.SecureSocketOptions>(o.SmtpSecurity, ignoreCase: true, out _), "Email:SmtpSecurity must be Auto, StartTls, SslOnConnect or None.")
            .Validate(o => o.SendFrom < o.SendUntil, "Email:SendFrom must be earlier in the day than Email:SendUntil, for example 07:30 and 18:00.")
            .Validate(o => o.KeepSentDays >= 1, "Email:KeepSentDays must be 1 or more: how many days a sent email is kept.")
            .Validate(o => o.SendTimeout > TimeSpan.Zero && o.SendTimeout < OutboxDispatcher.ClaimLease, "Email:SendTimeout must be more than 0 and less than 5 minutes, for example 00:01:00.")
            .Validate(o => o.TransportInUse != EmailTransportKind.Smtp || !string.IsNullOrWhiteSpace(o.SmtpHost), "Email:Transport is Smtp, so Email:SmtpHost must name the mail server.")
            .Validate(
                o => (o.TransportInUse != EmailTransportKind.Graph && o.SmtpAuth != SmtpSignIn.OAuth2) || (!string.IsNullOrWhiteSpace(o.Microsoft365.TenantId) && !string.IsNullOrWhiteSpace(o.Microsoft365.ClientId)
                    && (!string.IsNullOrWhiteSpace(o.Microsoft365.ClientSecret) || !string.IsNullOrWhiteSpace(o.Microsoft365.CertificatePath))),
                "Email:Transport=Graph or Email:SmtpAuth=OAuth2 needs Email:Microsoft365:TenantId, Email:Microsoft365:ClientId and Email:Microsoft365:ClientSecret or Email:Microsoft365:CertificatePath (docs/deployment.md).")
            .Validate(
                o => string.IsNullOrWhiteSpace(o.Microsoft365.CertificatePath) || File.Exists(o.Microsoft365.CertificatePath),
                "Email:Microsoft365:CertificatePath names no file the portal can see.")
            .Validate(
                o => IsSecure(o.Microsoft365.Authority) && IsSecure(o.Microsoft365.GraphEndpoint),
                "Email:Microsoft365:Authority and Email:Microsoft365:GraphEndpoint must be https addresses.")
            .ValidateOnStart();
        services.AddSingleton<SchoolHours>();
        services.AddScoped<Outbox>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddHttpClient(Microsoft365Tokens.HttpClientName);
        services.AddSingleton<Microsoft365Tokens>();
        services.AddSingleton<IEmailTransport>(provider => provider.GetRequiredService<IOptions<EmailOptions>>().Value.TransportInUse switch
        {
            EmailTransportKind.Smtp => ActivatorUtilities.CreateInstance<SmtpTransport>(provider),
            EmailTransportKind.Graph => ActivatorUtilities.CreateInstance<GraphTransport>(provider),
            _ => ActivatorUtilities.CreateInstance<PickupDirectoryTransport>(provider),
        });
        services.AddHostedService<OutboxSender>();

        // Failing to look counts as degraded, not unhealthy: the database's own check says when the database is the trouble.
        services.AddHealthChecks().AddCheck<OutboxHealthCheck>("outbox", failureStatus: HealthStatus.Degraded, tags: [DatabaseHealthCheck.ReadyTag]);
        return builder;
    }

    // Loopback may be plain HTTP, for a test's stand-in.
    private static bool IsSecure(Uri address) => address.Scheme == Uri.UriSchemeHttps || address.IsLoopback;
}
