using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.RateLimiting;
using PolicyPortal.Web;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Data;
using PolicyPortal.Web.Data.Seeding;
using PolicyPortal.Web.Domain;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PolicyPortal.Web.Services;
using PolicyPortal.Web.Services.Email;
using Serilog;
using Serilog.Events;

// Until the host's own logger exists, startup failures go to the console.
Log.Logger = new LoggerConfiguration().WriteTo.Console(formatProvider: CultureInfo.InvariantCulture).CreateLogger();

try
{
    var builder = WebApplication.CreateBuilder(args);
    AddServices(builder);

    var app = builder.Build();
    UsePipeline(app);

    if (AdminCommands.IsCommand(args))
    {
        return await AdminCommands.RunAsync(app.Services, args, Console.In, Console.Out);
    }

    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is not HostAbortedException)
{
    Log.Fatal(ex, "PolicyPortal failed to start");
    return 1;
}
finally
{
    await Log.CloseAndFlushAsync();
}

static void AddServices(WebApplicationBuilder builder)
{
    var services = builder.Services;
    var configuration = builder.Configuration;
    var dataDirectory = DatabaseSetup.DataDirectory(configuration, builder.Environment);

    services.AddSerilog(
        (provider, logging) => PortalLogging.Configure(logging, provider, configuration, dataDirectory),
        preserveStaticLogger: true);

    services.AddSingleton(TimeProvider.System);
    services.AddPortalDatabase(configuration, builder.Environment);
    services.AddHostedService<DatabaseStartup>();
    services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: [DatabaseHealthCheck.ReadyTag]);

    // Keys live in the database, so a cookie or form token issued by one web server is accepted by another. New keys use
    // AES-256-GCM, one authenticated cipher, rather than the default AES-256-CBC with a separate HMAC: every page
    // decrypts its form token's cookie and encrypts a new token (docs/performance.md, fourth round). Keys made before
    // keep their own algorithm until they expire.
    services.AddDataProtection()
        .SetApplicationName("PolicyPortal")
        .PersistKeysToDbContext<PortalDbContext>()
        .UseCryptographicAlgorithms(new AuthenticatedEncryptorConfiguration { EncryptionAlgorithm = EncryptionAlgorithm.AES_256_GCM });
    RememberedAntiforgeryTokens.Wrap(services);

    services.AddIdentity<PortalUser, IdentityRole>(options =>
        {
            options.User.RequireUniqueEmail = true;
            options.Password.RequiredLength = 12;
            options.Password.RequireDigit = false;
            options.Password.RequireLowercase = false;
            options.Password.RequireUppercase = false;
            options.Password.RequireNonAlphanumeric = false;
            options.Lockout.AllowedForNewUsers = true;
            options.Lockout.MaxFailedAccessAttempts = 5;
            options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            options.User.AllowedUserNameCharacters = PersonDetails.EmailCharacters;
        })
        .AddEntityFrameworkStores<PortalDbContext>()
        .AddClaimsPrincipalFactory<PortalClaimsFactory>()
        .AddSignInManager<PortalSignInManager>()
        .AddPasswordValidator<PortalPasswordValidator>()
        .AddDefaultTokenProviders()
        .AddTokenProvider<InvitationTokenProvider>(InvitationTokenProvider.ProviderName);
    services.Configure<IdentityOptions>(options => options.Tokens.PasswordResetTokenProvider = InvitationTokenProvider.ProviderName);
    services.AddOptions<InvitationTokenProviderOptions>()
        .Configure<IOptions<AuthOptions>>((o, auth) =>
        {
            o.TokenLifespan = TimeSpan.FromDays(configuration.GetValue("People:InvitationDays", InvitationTokenProviderOptions.DefaultDays));
            o.PasswordResetLifespan = TimeSpan.FromMinutes(auth.Value.PasswordResetMinutes);
        })
        .Validate(o => o.TokenLifespan >= TimeSpan.FromDays(1) && o.TokenLifespan <= TimeSpan.FromDays(60), "People:InvitationDays must be between 1 and 60.")
        .ValidateOnStart();

    // Every minute a session is checked against its account, so a leaver's or a changed role's sessions end within a minute.
    services.AddOptions<SecurityStampValidatorOptions>().Configure<TimeProvider>((options, clock) =>
    {
        options.ValidationInterval = TimeSpan.FromMinutes(1);
        options.TimeProvider = clock;
    });
    services.AddOptions<AuthOptions>()
        .Bind(configuration.GetSection("Auth"))
        .Validate(o => o.IsValid(), "Auth:IdleTimeoutMinutes must be 1 to 1440, Auth:AbsoluteLifetimeHours 1 to 168 and no shorter than the idle timeout, Auth:SignInAttemptsPerMinute 1 or more, Auth:PasswordResetMinutes 5 to 1440.")
        .ValidateOnStart();

    // Configured after Identity's own cookie settings, so its security stamp check is there to chain onto.
    services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme).Configure<IOptions<AuthOptions>, TimeProvider, IOptions<SecurityStampValidatorOptions>>((options, auth, clock, stamp) =>
    {
        // __Host-: only ever sent over HTTPS, to this host alone, for the whole site; no subdomain can set or read it.
        options.Cookie.Name = "__Host-PolicyPortal.Auth";
        options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
        options.Cookie.HttpOnly = true;
        options.Cookie.Path = "/";
        options.Cookie.Domain = null;

        // Lax, not Strict: a signed-in person following a link in a reminder email arrives signed in.
        options.Cookie.SameSite = SameSiteMode.Lax;
        options.ExpireTimeSpan = auth.Value.IdleTimeout;
        options.SlidingExpiration = true;
        options.LoginPath = "/account/sign-in";
        options.LogoutPath = "/account/sign-out";

        options.Events.OnSigningIn = context =>
        {
            SessionLifetime.Stamp(context.Properties, clock.GetUtcNow());
            return Task.CompletedTask;
        };
        options.Events.OnValidatePrincipal = SessionLifetime.Before(options.Events.OnValidatePrincipal, clock, auth.Value.AbsoluteLifetime, stamp.Value.ValidationInterval);

        // A signed-in person refused a page gets 403 and the friendly page in place, not a redirect away from it.
        options.Events.OnRedirectToAccessDenied = context =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        };
    });

    // After the cookie handler has made its own format (a post-configuration registered with Identity, so run first).
    services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
        .PostConfigure(options => options.TicketDataFormat = new RememberedTickets(options.TicketDataFormat));
    services.AddScoped<AuthenticationAudit>();
    services.AddRateLimiter(_ => { });
    services.AddOptions<RateLimiterOptions>().Configure<IOptions<AuthOptions>>((options, auth) => SignInRateLimit.Configure(options, auth.Value));
    services.AddAntiforgery(options =>
    {
        // Antiforgery refuses to work over plain HTTP with a Secure cookie, and the developer profile serves http://localhost.
        var overHttps = !builder.Environment.IsDevelopment();
        options.Cookie.Name = overHttps ? "__Host-PolicyPortal.Antiforgery" : "PolicyPortal.Antiforgery";
        options.Cookie.SecurePolicy = overHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
    });

    // Deny by default: every endpoint needs a signed-in person unless it says [AllowAnonymous].
    services.AddAuthorizationBuilder()
        .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
    services.AddSingleton<IAuthorizationHandler, AcknowledgementAuthorizationHandler>();
    services.AddSingleton<IAuthorizationHandler, PresenceAuthorizationHandler>();
    services.AddSingleton<IAuthorizationHandler, ConcernAuthorizationHandler>();

    // The portal's own host and any below it: a school gives the portal a host of its own (policies.school.org.uk).
    services.AddHsts(options =>
    {
        options.MaxAge = TimeSpan.FromDays(365);
        options.IncludeSubDomains = true;
    });

    // No "Server: Kestrel" header: nothing to tell a visitor what the portal runs on.
    builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
    services.AddRouting(options => options.LowercaseUrls = true);
    services.AddControllersWithViews(options => options.Filters.Add(new AutoValidateAntiforgeryTokenAttribute()));
    services.AddSingleton<CookieTempDataProvider>();
    services.Replace(ServiceDescriptor.Singleton<ITempDataProvider, QuietCookieTempDataProvider>());
    services.AddMemoryCache();
    builder.AddRequestLimits();

    services.AddScoped<PortalSeeder>();
    services.AddScoped<PolicyCatalogue>();
    services.AddScoped<OutstandingBanner>();
    services.AddScoped<PolicySigning>();
    services.AddScoped<PolicyLifecycle>();
    services.AddScoped<PresenceRequests>();
    services.AddScoped<Concerns>();
    services.AddScoped<PersonalData>();
    services.AddScoped<Compliance>();
    services.AddScoped<People>();
    services.AddScoped<Invitations>();
    services.AddScoped<Passwords>();
    services.AddScoped<PeopleImport>();

    services.AddOptions<EmailOptions>()
        .Bind(configuration.GetSection("Email"))
        .Validate(o => Enum.TryParse<MailKit.Security.SecureSocketOptions>(o.SmtpSecurity, ignoreCase: true, out _), "Email:SmtpSecurity must be Auto, StartTls, SslOnConnect or None.")
        .ValidateOnStart();
    services.AddScoped<Outbox>();
    services.AddSingleton<OutboxDispatcher>();
    services.AddSingleton<IEmailTransport>(provider =>
        string.IsNullOrWhiteSpace(provider.GetRequiredService<IOptions<EmailOptions>>().Value.SmtpHost)
            ? ActivatorUtilities.CreateInstance<PickupDirectoryTransport>(provider)
            : ActivatorUtilities.CreateInstance<SmtpTransport>(provider));
    services.AddHostedService<OutboxSender>();
    // One instance, run as a job (after DatabaseStartup, as every job: its first look needs the migrated database) and
    // asked directly by tests.
    services.AddSingleton<SignaturesFeed>();
    services.AddHostedService(provider => provider.GetRequiredService<SignaturesFeed>());
    services.AddHostedService<NativeMemoryTrim>();
    services.AddScoped<PresenceRenewals>();
    services.AddHostedService<PresenceRenewalRunner>();
    services.AddOptions<ReminderOptions>()
        .Bind(configuration.GetSection("Reminders"))
        .Validate(o => o.FirstAfterDays >= 0 && o.RepeatEveryDays >= 1 && o.CheckIntervalMinutes >= 0, "Reminders:FirstAfterDays must be 0 or more, RepeatEveryDays 1 or more, CheckIntervalMinutes 0 or more.")
        .ValidateOnStart();
    services.AddScoped<Reminders>();
    services.AddHostedService<ReminderRunner>();
    services.AddSingleton<PolicyText>();
    services.AddSingleton<SchoolTime>();
}

static void UsePipeline(WebApplication app)
{
    if (!app.Environment.IsDevelopment())
    {
        app.UseExceptionHandler("/error");

        // A year of HTTPS-only, sent on HTTPS responses to hosts other than localhost.
        app.UseHsts();
    }

    app.UseStatusCodePagesWithReExecute("/error/{0}");
    app.UseMiddleware<SecurityHeaders>();
    app.UseStaticFiles();
    app.UseSerilogRequestLogging(options =>
    {
        // The path as sent, escaped like the audit log, so an encoded line break cannot forge a line; and the reference an
        // error page shows, so a support call can be matched to its line and exception.
        // The app's own logger (file and console); left unset, the request log would go to the start-up console logger only.
        options.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
        options.MessageTemplate = "HTTP {RequestMethod} {SafeRequestPath} responded {StatusCode} in {Elapsed:0.0000} ms, reference {RequestReference}";
        options.EnrichDiagnosticContext = (diagnostics, http) =>
        {
            diagnostics.Set("UserId", http.User.FindFirstValue(ClaimTypes.NameIdentifier));
            diagnostics.Set("SafeRequestPath", AuthenticationAudit.Untrusted(http.Request.Path.Value));
            diagnostics.Set("RequestReference", http.TraceIdentifier);
        };

        // Probes call the health endpoints every few seconds; a failing check logs its own reason. A 503 is a busy
        // database (DatabaseBusyResponse), not a fault.
        options.GetLevel = (http, _, error) =>
            http.Request.Path.StartsWithSegments("/health") ? LogEventLevel.Verbose
            : error is null && http.Response.StatusCode == StatusCodes.Status503ServiceUnavailable ? LogEventLevel.Warning
            : error is not null || http.Response.StatusCode >= 500 ? LogEventLevel.Error
            : LogEventLevel.Information;
    });
    app.UseMiddleware<DatabaseBusyResponse>();
    // One language, so no provider need read the query string, a cookie or Accept-Language to choose it.
    var localization = new RequestLocalizationOptions().SetDefaultCulture("en-GB").AddSupportedCultures("en-GB").AddSupportedUICultures("en-GB");
    localization.RequestCultureProviders.Clear();
    app.UseRequestLocalization(localization);
    app.UseRouting();
    app.UseRateLimiter();
    app.UseAuthentication();
    app.UseMiddleware<DeniedRequestAudit>();
    app.UseAuthorization();
    app.MapControllers();

    // For a load balancer or orchestrator: live while the process runs; ready while the database answers and is up to date.
    // The answer is the bare word Healthy or Unhealthy, as plain text, to anyone.
    app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false })
        .WithMetadata(new HttpMethodMetadata([HttpMethods.Get]))
        .AllowAnonymous();
    app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(DatabaseHealthCheck.ReadyTag) })
        .WithMetadata(new HttpMethodMetadata([HttpMethods.Get]))
        .AllowAnonymous();
}

/// <summary>The entry point, visible to the test host.</summary>
public partial class Program;
