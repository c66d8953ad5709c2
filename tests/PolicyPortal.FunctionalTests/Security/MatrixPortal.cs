using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using PolicyPortal.FunctionalTests.Concerns;
using PolicyPortal.FunctionalTests.Data;
using PolicyPortal.FunctionalTests.Lifecycle;
using PolicyPortal.FunctionalTests.Presences;
using PolicyPortal.FunctionalTests.Signing;
using PolicyPortal.Testing;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Data.Seeding;

namespace PolicyPortal.FunctionalTests.Security;

/// <summary>Who makes a request: nobody signed in, or one demo account per role.</summary>
public enum Caller
{
    Anonymous,

    /// <summary>The teacher, who owns every record the routes name.</summary>
    Staff,
    Governor,
    Principal,
}

/// <summary>
/// The portal with one of each record a route can name (a receipt, a presence request and a concern, all the teacher's;
/// a person; a change to accounts waiting for a governor; a revision of the seed policy in review), and a client for each <see cref="Caller"/>, signed in once.
/// </summary>
public sealed partial class MatrixPortal : IAsyncLifetime
{
    private readonly Dictionary<Caller, HttpClient> _clients = [];
    private readonly Dictionary<string, string> _ids = [];

    // With single sign-on set up, so that its routes answer as they do for a school; the provider's settings are given
    // rather than fetched, and its sign-in page is never opened.
    public MatrixPortal() => App = new PortalApplication
    {
        Settings = new Dictionary<string, string>
        {
            ["Auth:Oidc:Authority"] = "https://login.school.example/",
            ["Auth:Oidc:ClientId"] = "policyportal",
            ["Auth:Oidc:ClientSecret"] = "not used",
            ["Auth:Oidc:AllowedDomains"] = "example.org",
        },
        ConfigureTestServices = services =>
        {
            Log.AddTo(services);
            services.Configure<OpenIdConnectOptions>(OidcOptions.Scheme, options => options.Configuration = new OpenIdConnectConfiguration
            {
                Issuer = "https://login.school.example/",
                AuthorizationEndpoint = "https://login.school.example/authorize",
                TokenEndpoint = "https://login.school.example/token",
            });
        },
    };

    public PortalApplication App { get; }

    /// <summary>Everything the portal logs at warning and above.</summary>
    internal CapturedLog Log { get; } = new();

    public static IReadOnlyList<Caller> Callers { get; } = Enum.GetValues<Caller>();

    public async Task InitializeAsync()
    {
        foreach (var caller in Callers)
        {
            _clients[caller] = await NewClientAsync(caller);
        }

        var teacher = _clients[Caller.Staff];

        _ids["acknowledgements"] = LastSegment(await SigningForm.SignAsync(teacher, DemoAccounts.Teacher.FullName));
        _ids["presences"] = LastSegment(await teacher.PostFormAsync("/presences/new", "/presences/new", PresenceForms.Endorsed()));
        _ids["concerns"] = await ConcernForms.ReportAsync(teacher, ConcernForms.About("Casey Jones"));
        var person = await App.AddPersonAsync("casey.jones@example.org", "Casey Jones", "Teacher of PE", Roles.Staff);
        _ids["people"] = await App.WithDatabaseAsync(db => db.Users.Where(u => u.Email == person.Email).Select(u => u.Id).SingleAsync());
        var principal = _clients[Caller.Principal];
        Ensure(await principal.PostFormAsync("/people/groups", "/people/groups", new() { ["Name"] = "Site staff" }));
        _ids["people/groups"] = (await App.WithDatabaseAsync(db => db.Groups.Select(g => g.Id).SingleAsync())).ToString(CultureInfo.InvariantCulture);
        Ensure(await principal.PostFormAsync("/people/new", "/people/new", new() { ["FullName"] = "Kim Lowe", ["Email"] = "kim.lowe@example.org", ["Roles"] = Roles.Governor }));
        _ids["governors"] = (await App.WithDatabaseAsync(db => db.AccountChanges.Select(c => c.Id).SingleAsync())).ToString(CultureInfo.InvariantCulture);
        Ensure(await LifecycleSteps.StartDraftAsync(principal));
        Ensure(await LifecycleSteps.SaveDraftAsync(principal, SeedPolicy.Document.Body + "\n\nReviewed annually.", "Closing line.", "Minor"));
        Ensure(await LifecycleSteps.SubmitAsync(principal));
    }

    public HttpClient Client(Caller caller) => _clients[caller];

    /// <summary>Another client for <paramref name="caller"/>, signed in afresh, for a test whose posts may sign it out or change it.</summary>
    public async Task<HttpClient> NewClientAsync(Caller caller) => caller switch
    {
        Caller.Anonymous => App.Anonymous(),
        Caller.Staff => await App.SignedInAsync(DemoAccounts.Teacher),
        Caller.Governor => await App.SignedInAsync(DemoAccounts.Governor),
        _ => await App.SignedInAsync(DemoAccounts.Principal),
    };

    /// <summary>The route's pattern with each parameter filled by a real record, so the action runs rather than finding nothing.</summary>
    public string Url(PortalRoute route) =>
        RouteParameter().Replace(route.Pattern, parameter => Value(route, parameter.Groups["name"].Value));

    private string Value(PortalRoute route, string parameter) =>
        (parameter, route.Pattern.StartsWith("/people/groups/", StringComparison.Ordinal) ? "people/groups"
            : route.Pattern.StartsWith("/people/changes/", StringComparison.Ordinal) ? "governors"
            : route.Pattern.Split('/')[1]) switch
        {
            ("slug", _) => SeedPolicy.Slug,
            ("version", _) => SeedPolicy.Document.Version,
            ("code", "error") => "400",
            ("sha256", _) => new string('a', 64),
            ("batch", _) => Guid.Empty.ToString(),
            ("id", var area) when _ids.TryGetValue(area, out var id) => id,
            _ => throw new InvalidOperationException($"{route} has a parameter {{{parameter}}} the matrix cannot fill: give it a value in {nameof(MatrixPortal)}.{nameof(Value)}."),
        };

    public Task DisposeAsync()
    {
        App.Dispose();
        return Task.CompletedTask;
    }

    private static string LastSegment(HttpResponseMessage created)
    {
        Ensure(created);
        return created.Headers.Location!.OriginalString.Split('/').Last();
    }

    private static void Ensure(HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Setting up the matrix: {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}.");
        }
    }

    [GeneratedRegex(@"\{(?<name>\w+)(:[^}]*)?\}")]
    private static partial Regex RouteParameter();
}
