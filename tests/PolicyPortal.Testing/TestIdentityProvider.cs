using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace PolicyPortal.Testing;

/// <summary>
/// A real OpenID Connect provider (OpenIddict) on its own Kestrel server on a loopback port, over HTTPS, for the single
/// sign-on tests to send the portal to: authorization code flow with PKCE, one confidential client
/// (<see cref="ClientId"/>, <see cref="ClientSecret"/>), scopes openid, profile and email. It shows no page: whoever the
/// test last named with <see cref="SignInAs"/> is signed in at once, and with nobody named the client gets
/// <c>access_denied</c>. Dispose it to stop the server and delete its database.
/// </summary>
/// <remarks>
/// A test class shares one (<c>IAsyncLifetime</c> or a fixture); naming the next person costs nothing. A client asking for
/// <c>response_mode=form_post</c>, as ASP.NET Core's OpenID Connect handler does by default, gets the code in a page that
/// posts itself to the redirect URI, which a browser submits and an <see cref="HttpClient"/> test must post on itself.
/// </remarks>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    public const string ClientId = "policyportal";

    public const string ClientSecret = "test-client-secret";

    private const string AuthorizationPath = "/connect/authorize";

    // Made once per test run, as the certificate is: a new RSA key per provider would cost as much as the rest of its start.
    private static readonly Lazy<RsaSecurityKey> SigningKey = new(() => new RsaSecurityKey(RSA.Create(2048)));
    private static readonly Lazy<SymmetricSecurityKey> EncryptionKey = new(() => new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)));

    private readonly TemporaryFolder _folder = new();
    private readonly WebApplication _app;
    private ProviderPerson? _next;

    private TestIdentityProvider()
    {
        var databasePath = _folder.File("provider.db");
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = _folder.Path });
        builder.WebHost
            .UseKestrelCore()
            .UseKestrelHttpsConfiguration()
            .ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(Certificate)));
        builder.Services.AddRouting();
        builder.Services.AddDbContext<DbContext>(options => options.UseSqlite($"Data Source={databasePath}").UseOpenIddict());
        builder.Services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<DbContext>())
            .AddServer(server =>
            {
                server.SetAuthorizationEndpointUris(AuthorizationPath[1..])
                    .SetTokenEndpointUris("connect/token");
                server.AllowAuthorizationCodeFlow()
                    .RequireProofKeyForCodeExchange();
                server.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Email);
                server.AddSigningKey(SigningKey.Value)
                    .AddEncryptionKey(EncryptionKey.Value)
                    .DisableAccessTokenEncryption();
                server.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough();
            });

        _app = builder.Build();
        _app.Use((context, next) =>
        {
            if (context.Request.Path == AuthorizationPath)
            {
                AuthorizationRequests.Enqueue(context.Request.Query.ToDictionary(p => p.Key, p => p.Value.ToString()));
            }

            return next(context);
        });
        _app.UseAuthentication();
        _app.MapMethods(AuthorizationPath, [HttpMethods.Get, HttpMethods.Post], Authorize);
    }

    /// <summary>The issuer, e.g. <c>https://127.0.0.1:45678/</c>; its discovery document is at <c>.well-known/openid-configuration</c>.</summary>
    public Uri Authority { get; private set; } = null!;

    /// <summary>The certificate the provider serves, for a client (or the portal's backchannel) to trust it and nothing else.</summary>
    public X509Certificate2 Certificate => PortalApplication.KestrelCertificate.Value;

    /// <summary>Each authorization request's parameters as the browser brought them, valid or not, oldest first.</summary>
    public ConcurrentQueue<IReadOnlyDictionary<string, string>> AuthorizationRequests { get; } = new();

    /// <summary>Starts a provider on a free loopback port, with the client registered and no redirect URI allowed yet.</summary>
    public static async Task<TestIdentityProvider> StartAsync()
    {
        var provider = new TestIdentityProvider();
        try
        {
            await provider.RegisterClientAsync();
            await provider._app.StartAsync();
        }
        catch
        {
            await provider.DisposeAsync();
            throw;
        }

        provider.Authority = new Uri(provider._app.Urls.Single() + "/");
        return provider;
    }

    /// <summary>Allows the client to be sent back to <paramref name="redirectUri"/>, e.g. the portal's <c>/signin-oidc</c>.</summary>
    public async Task AllowRedirectAsync(Uri redirectUri)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var client = await applications.FindByClientIdAsync(ClientId) ?? throw new InvalidOperationException("The client is not registered.");
        var descriptor = new OpenIddictApplicationDescriptor();
        await applications.PopulateAsync(descriptor, client);
        if (descriptor.RedirectUris.Add(redirectUri))
        {
            await applications.UpdateAsync(client, descriptor);
        }
    }

    /// <summary>Names who the next authorization request signs in; <see langword="null"/> refuses it with <c>access_denied</c>.</summary>
    public void SignInAs(ProviderPerson? person) => Volatile.Write(ref _next, person);

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _folder.Dispose();
    }

    private async Task RegisterClientAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DbContext>().Database.EnsureCreatedAsync();
        await scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>().CreateAsync(new OpenIddictApplicationDescriptor
        {
            ClientId = ClientId,
            ClientSecret = ClientSecret,
            ClientType = ClientTypes.Confidential,
            Permissions =
            {
                Permissions.Endpoints.Authorization,
                Permissions.Endpoints.Token,
                Permissions.GrantTypes.AuthorizationCode,
                Permissions.ResponseTypes.Code,
                Permissions.Scopes.Profile,
                Permissions.Scopes.Email,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        });
    }

    // The passthrough authorization endpoint: OpenIddict has already checked the client, redirect URI and PKCE.
    private IResult Authorize(HttpContext context)
    {
        var request = context.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        if (Volatile.Read(ref _next) is not { } person)
        {
            return Results.Forbid(
                new AuthenticationProperties(new Dictionary<string, string?>
                {
                    [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.AccessDenied,
                    [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "Nobody is signed in at the test identity provider.",
                }),
                [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }

        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, person.Subject)
            .SetClaim(Claims.Name, person.Name)
            .SetClaim(Claims.Email, person.Email)
            .SetClaim(Claims.EmailVerified, person.EmailVerified)
            .SetClaim("hd", person.HostedDomain)
            .SetClaim("tid", person.TenantId)
            .SetClaim("oid", person.ObjectId)
            .SetClaim(Claims.PreferredUsername, person.TenantId is null ? null : person.Email);
        identity.SetScopes(request.GetScopes());
        identity.SetDestinations(_ => [Destinations.IdentityToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }
}
