using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Data;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Services;

namespace PolicyPortal.Web.Infrastructure;

/// <summary>Who someone is and what they may do: Identity, the sign-in cookie, form tokens and the authorization rules.</summary>
public static class IdentitySetup
{
    public static WebApplicationBuilder AddPortalIdentity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;

        // Keys live in the database, so a cookie or form token issued by one web server is accepted by another.
        services.AddDataProtection()
            .SetApplicationName("PolicyPortal")
            .PersistKeysToDbContext<PortalDbContext>();

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
            .AddTokenProvider<InvitationTokenProvider>(InvitationTokenProvider.ProviderName)
            .AddTokenProvider<AuthenticatorCodes>(AuthenticatorCodes.ProviderName);
        services.Configure<IdentityOptions>(options =>
        {
            options.Tokens.PasswordResetTokenProvider = InvitationTokenProvider.ProviderName;
            options.Tokens.AuthenticatorTokenProvider = AuthenticatorCodes.ProviderName;
        });

        // Between the password and the code, and the browser remembered for 30 days: HTTPS-only cookies for this host alone.
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme).Configure(options =>
        {
            options.Cookie.Name = "__Host-PolicyPortal.TwoStep";
            options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            options.Cookie.Path = "/";
        });
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.TwoFactorRememberMeScheme).Configure(options =>
        {
            options.Cookie.Name = "__Host-PolicyPortal.TwoStepBrowser";
            options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            options.Cookie.Path = "/";
            options.ExpireTimeSpan = TimeSpan.FromDays(30);
            options.SlidingExpiration = false;
        });
        services.AddOptions<InvitationTokenProviderOptions>()
            .Configure<IOptions<PeopleOptions>, IOptions<AuthOptions>>((o, people, auth) =>
            {
                o.TokenLifespan = TimeSpan.FromDays(people.Value.InvitationDays);
                o.PasswordResetLifespan = TimeSpan.FromMinutes(auth.Value.PasswordResetMinutes);
            });
        services.AddOptions<PeopleOptions>()
            .Bind(builder.Configuration.GetSection(PeopleOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<AuthOptions>()
            .Bind(builder.Configuration.GetSection("Auth"))
            .Validate(o => o.IsValid(), "Auth:IdleTimeoutMinutes must be 1 to 1440, Auth:AbsoluteLifetimeHours 1 to 168 and no shorter than the idle timeout, Auth:SignInAttemptsPerMinute 1 or more, Auth:PasswordResetMinutes 5 to 1440, and Auth:RequireTwoStepFor names only the roles Staff, Governor and Principal.")
            .ValidateOnStart();

        // Every minute a session is checked against its account, so a leaver's or a changed role's sessions end within a minute.
        services.AddOptions<SecurityStampValidatorOptions>().Configure<TimeProvider>((options, clock) =>
        {
            options.ValidationInterval = TimeSpan.FromMinutes(1);
            options.TimeProvider = clock;
            options.OnRefreshingPrincipal = SchoolAccountSignIn.KeepSignInMethod;
        });
        builder.AddPortalSchoolAccounts();

        // Configured after Identity's own cookie settings, so its security stamp check is there to chain onto.
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme).Configure<IOptions<AuthOptions>, TimeProvider>((options, auth, clock) =>
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
            options.Events.OnValidatePrincipal = SessionLifetime.Before(options.Events.OnValidatePrincipal, clock, auth.Value.AbsoluteLifetime);

            // A form sent after the session ended is carried through signing in again, not lost (UnsentForm).
            options.Events.OnRedirectToLogin = UnsentForm.RedirectToSignIn;

            // A signed-in person refused a page gets 403 and the friendly page in place, not a redirect away from it.
            options.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
        services.AddScoped<AuthenticationAudit>();
        services.AddSingleton<UnknownAccountLockout>();
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
        return builder;
    }

    /// <summary>
    /// Rate limits, sign-in, reading posted forms and the audit of refused requests, in the order each needs the one
    /// before. Forms are read once who sent them is known, for their limits: before any refusal, so that one nobody can
    /// read gets the same answer from every route, whoever sent it, except the large forms, read only once the sender
    /// is known to be allowed to send them.
    /// </summary>
    public static WebApplication UsePortalIdentity(this WebApplication app)
    {
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UsePortalFormReading();
        app.UseMiddleware<DeniedRequestAudit>();
        app.UseMiddleware<TwoStepRequired>();
        app.UseAuthorization();
        app.UsePortalLargeFormReading();
        return app;
    }
}
