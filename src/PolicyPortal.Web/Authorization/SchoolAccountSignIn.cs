using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace PolicyPortal.Web.Authorization;

/// <summary>
/// Signing in with the school's Microsoft Entra ID or Google Workspace account, through the framework's OpenID Connect
/// handler, when <c>Auth:Oidc:Authority</c> is set. The handler's callback is <c>/signin-oidc</c>; it puts who the
/// provider says signed in into Identity's external cookie, and <c>SchoolAccountController</c> decides who that is here.
/// </summary>
public static class SchoolAccountSignIn
{
    /// <summary>Where a sign-in that did not finish (cancelled, refused by the provider, or a stale callback) ends.</summary>
    public const string FailedPath = "/account/school-account/failed";

    public static void AddPortalSchoolAccounts(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var isDevelopment = builder.Environment.IsDevelopment();
        services.AddOptions<OidcOptions>()
            .Bind(builder.Configuration.GetSection(OidcOptions.Section))
            .Validate(o => o.IsValid(isDevelopment), OidcOptions.InvalidMessage)
            .ValidateOnStart();

        var oidc = builder.Configuration.GetSection(OidcOptions.Section).Get<OidcOptions>() ?? new OidcOptions();
        if (!oidc.IsConfigured)
        {
            return;
        }

        // Who the provider said signed in lives only between its callback and the portal's own sign-in cookie.
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ExternalScheme).Configure(options =>
        {
            options.Cookie.Name = "__Host-PolicyPortal.SchoolAccount";
            options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            options.Cookie.Path = "/";
            options.ExpireTimeSpan = TimeSpan.FromMinutes(5);
        });

        services.AddAuthentication().AddOpenIdConnect(OidcOptions.Scheme, oidc.DisplayName, options =>
        {
            options.SignInScheme = IdentityConstants.ExternalScheme;
            options.Authority = oidc.Authority;
            options.ClientId = oidc.ClientId;
            options.ClientSecret = oidc.ClientSecret;
            options.RequireHttpsMetadata = !isDevelopment;
            options.ResponseType = OpenIdConnectResponseType.Code;
            options.UsePkce = true;
            options.Scope.Clear();
            options.Scope.Add("openid");
            options.Scope.Add("profile");
            options.Scope.Add("email");

            // The ID token's claims by the names it sends (sub, oid, tid, hd, email_verified), read by SchoolAccount.
            options.MapInboundClaims = false;
            options.GetClaimsFromUserInfoEndpoint = false;
            options.SaveTokens = false;
            options.DisableTelemetry = true;

            options.Events.OnRedirectToIdentityProvider = context =>
            {
                // With one Google Workspace domain, Google offers only that domain's accounts; the hd claim is still checked.
                if (oidc.Domains is [var domain])
                {
                    context.ProtocolMessage.SetParameter("hd", domain);
                }

                return Task.CompletedTask;
            };
            options.Events.OnRemoteFailure = context =>
            {
                context.HttpContext.RequestServices.GetRequiredService<AuthenticationAudit>().SchoolAccountFailed(context.Failure?.Message ?? "no reason given");
                context.Response.Redirect(FailedPath);
                context.HandleResponse();
                return Task.CompletedTask;
            };
        });
    }

    /// <summary>
    /// Whether this session was signed in with a school account, whose provider's own second factor then applies: Identity
    /// names an external sign-in's provider in the authentication method claim (a password's is <c>amr</c>, another
    /// claim), and keeps it when it refreshes the cookie. A session from before single sign-on was turned off is not.
    /// </summary>
    public static bool SignedInWithSchoolAccount(this ClaimsPrincipal user, OidcOptions oidc) => oidc.IsConfigured && user.HasClaim(c => c.Type == ClaimTypes.AuthenticationMethod);

    /// <summary>
    /// Keeps how the session was signed in when the security stamp check rebuilds its claims each minute, as Identity's
    /// own <c>RefreshSignInAsync</c> does: otherwise a school account's session would be taken for a password's, and
    /// sent to set up two-step sign-in.
    /// </summary>
    public static Task KeepSignInMethod(SecurityStampRefreshingPrincipalContext context)
    {
        if (context.CurrentPrincipal?.FindFirst(ClaimTypes.AuthenticationMethod) is { } method
            && context.NewPrincipal?.Identity is ClaimsIdentity identity
            && !identity.HasClaim(c => c.Type == ClaimTypes.AuthenticationMethod))
        {
            identity.AddClaim(new Claim(ClaimTypes.AuthenticationMethod, method.Value));
        }

        return Task.CompletedTask;
    }
}
