using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using PolicyPortal.Web.Data;
using PolicyPortal.Web.Data.Seeding;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Infrastructure;

namespace PolicyPortal.Testing;

/// <summary>
/// The real portal, whole pipeline, on its own SQLite file in a temporary folder, with a clock the test controls
/// and the README's demo accounts. Dispose it to delete the folder.
/// </summary>
/// <remarks>
/// Starting a host is the slow part of a test, so a test class shares one (<c>IClassFixture&lt;PortalApplication&gt;</c>)
/// and calls <see cref="ResetAsync"/> before each test, which puts back the database every host starts from: a copy of
/// <see cref="TemplateDatabase"/>. A test that needs settings of its own, or is about starting up, makes its own host.
/// </remarks>
public class PortalApplication : WebApplicationFactory<Program>
{
    private readonly string _directory;
    private readonly string _databasePath;
    private readonly bool _sharesDatabase;

    // For the Kestrel servers' HTTPS, the portal's and the TestIdentityProvider's: made once per test run, trusted only by this run's clients.
    internal static readonly Lazy<X509Certificate2> KestrelCertificate = new(() =>
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), password: null);
    });

    private readonly List<HttpClient> _kestrelClients = [];

    // The host does not dispose its web root's file provider, whose watcher holds an inotify instance: one per test
    // host would soon reach the per-user limit of 128 in a full run.
    private IDisposable? _webRoot;

    static PortalApplication()
    {
        // Many apps start at once in a test run; watching appsettings files for changes would use one inotify instance
        // each, and Linux allows only 128 per user.
        Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
    }

    // One public constructor: xunit builds class fixtures with it.
    public PortalApplication()
        : this(databasePath: null)
    {
    }

    private PortalApplication(string? databasePath)
    {
        _directory = Path.Combine(Path.GetTempPath(), "policyportal-tests", Guid.NewGuid().ToString("N"));
        _databasePath = databasePath ?? Path.Combine(_directory, "portal.db");
        _sharesDatabase = databasePath is not null;
        Directory.CreateDirectory(_directory);
    }

    /// <summary>
    /// The portal on a real Kestrel server on a loopback port, over HTTPS with a throwaway certificate, for what only a real
    /// server does, such as refusing a request body larger than its limit (the in-memory test server has no such limit).
    /// </summary>
    public static PortalApplication OnKestrel() => new PortalOnKestrel();

    /// <summary>Serves this host on Kestrel (<see cref="OnKestrel"/>); call it before the host starts.</summary>
    protected void ServeOnKestrel()
    {
        OverKestrel = true;
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(KestrelCertificate.Value)));
    }

    /// <summary>
    /// A second web server for the same school, as behind a load balancer: the same database as this one, but its own
    /// folder for everything else (logs, mail pickup), so nothing is shared that two servers would not share.
    /// </summary>
    public PortalApplication SecondInstance(IReadOnlyDictionary<string, string>? settings = null)
    {
        // This host puts its database in place as it starts, and a second server refuses to start without one.
        if (!_sharesDatabase)
        {
            _ = Services;
        }

        return new(_databasePath) { Settings = settings ?? Settings, SeedDemoAccounts = false, EnvironmentName = EnvironmentName };
    }

    /// <summary>
    /// A portal on a database file the test prepared, or on none at all: nothing is copied there first, and the file is
    /// the test's to delete. The portal's own files (logs, mail pickup) are in a folder of its own, as for any host.
    /// </summary>
    public static PortalApplication OnDatabase(string databasePath, string environmentName = "Testing") =>
        new(databasePath) { SeedDemoAccounts = false, EnvironmentName = environmentName };

    /// <summary>The hosting environment the app runs in. Not Development, so production error handling is what the tests see.</summary>
    public string EnvironmentName { get; init; } = "Testing";

    /// <summary>
    /// Whether the database starts as a copy of the test run's <see cref="TemplateDatabase.Path"/>, with the demo
    /// accounts. Otherwise it starts as a new install's, just made by <c>init</c> (<see cref="TemplateDatabase.NewInstallPath"/>),
    /// with no account.
    /// </summary>
    public bool SeedDemoAccounts { get; init; } = true;

    /// <summary>Configuration settings for one test, applied over the test defaults.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>Where emails go as .eml files when no SMTP server is configured.</summary>
    public string MailPickupDirectory => Path.Combine(_directory, "mail-pickup");

    /// <summary>Extra service registrations for one test, applied after the app's own.</summary>
    public Action<IServiceCollection>? ConfigureTestServices { get; init; }

    /// <summary>Whether the portal runs on Kestrel (<see cref="OnKestrel"/>) rather than the in-memory test server.</summary>
    public bool OverKestrel { get; private set; }

    public TestClock Clock { get; } = new();

    /// <summary>Whether the database is a copy of the template, and so the demo accounts' sign-in cookies can be kept.</summary>
    internal bool StartsFromTemplate => SeedDemoAccounts && !_sharesDatabase;

    public string DatabasePath => _databasePath;

    public string DataDirectory => _directory;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        builder.UseSetting("App:DataDirectory", _directory);
        builder.UseSetting("ConnectionStrings:Portal", $"Data Source={DatabasePath}");
        builder.UseSetting("App:FileLogging", "false");
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        builder.UseSetting("App:BaseUrl", "https://portal.school.example");

        // Tests send waiting emails and run reminders when they choose to, rather than on timers.
        builder.UseSetting("Email:DispatchIntervalSeconds", "0");
        builder.UseSetting("Presences:CheckIntervalMinutes", "0");
        builder.UseSetting("Reminders:CheckIntervalMinutes", "0");
        builder.UseSetting("ReviewNotices:CheckIntervalMinutes", "0");
        builder.UseSetting("Record:CheckIntervalMinutes", "0");

        // Every test client shares one address (the test server has none), and tests sign in often; RateLimitTests sets its own.
        builder.UseSetting("Auth:SignInAttemptsPerMinute", "1000");

        // Tests sign in as the demo Principal through the password form alone; the two-step tests require it again.
        builder.UseSetting("Auth:RequireTwoStepFor", "");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);

            // One round of hashing instead of Identity's 100,000, in the tests only: every sign-in and password set by
            // a test costs that much less. The template's demo accounts are hashed the same way.
            services.Configure<PasswordHasherOptions>(options => options.IterationCount = 1);
            ConfigureTestServices?.Invoke(services);
        });
    }

    protected override IHost CreateHost(IHostBuilder builder)
    {
        // The app's own startup then finds the database migrated and seeded already, and leaves it as it is.
        if (!_sharesDatabase)
        {
            File.Copy(SeedDemoAccounts ? TemplateDatabase.Path : TemplateDatabase.NewInstallPath, _databasePath, overwrite: true);
        }

        var host = base.CreateHost(builder);
        _webRoot = host.Services.GetRequiredService<IWebHostEnvironment>().WebRootFileProvider as IDisposable;
        return host;
    }

    /// <summary>
    /// Makes the host as good as new for the next test: the template's database again, the clock at its start and no
    /// emails in the pickup folder. A class that shares a host calls it before each test
    /// (<c>IAsyncLifetime.InitializeAsync</c>), so no test sees what another left.
    /// </summary>
    public async Task ResetAsync()
    {
        if (!StartsFromTemplate)
        {
            throw new InvalidOperationException("Only a host that starts from the template database can be reset to it.");
        }

        // Through SQLite's backup, not a file copy: the app's pooled connections, and a background job's, may be open
        // on the file, and they simply see the template's content as the next committed transaction.
        // The portal would take a shorter record put in place of its own for an earlier copy of its database, and stop.
        var restore = () => TemplateDatabase.RestoreAsync(Services.GetRequiredService<IConfiguration>().GetConnectionString(DatabaseSetup.ConnectionStringName)!);
        await (Services.GetService<SqliteDatabaseFile>() is { } file ? file.ReplaceOnPurposeAsync(restore) : restore());
        Clock.Reset();
        if (Directory.Exists(MailPickupDirectory))
        {
            Directory.Delete(MailPickupDirectory, recursive: true);
        }
    }

    /// <summary>Each demo account's sign-in cookie on this host, by email address (<see cref="PortalClient.SignInCookieAsync"/>).</summary>
    internal ConcurrentDictionary<string, string> SignInCookies { get; } = new(StringComparer.Ordinal);

    /// <summary>The address clients reach the portal at: the Kestrel server's, or the in-memory test server's.</summary>
    public Uri BaseAddress => OverKestrel
        ? new Uri(Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single())
        : PortalClient.BaseAddress;

    /// <summary>A client as a browser is: it keeps its cookies in <paramref name="cookies"/> and follows no redirect.</summary>
    internal HttpClient Client(CookieContainer cookies) =>
        OverKestrel ? KestrelClient(cookies) : CreateDefaultClient(PortalClient.BaseAddress, new CookieContainerHandler(cookies));

    /// <summary>A client of the Kestrel server, as a browser is: it keeps cookies, follows no redirect and trusts only this server's certificate.</summary>
    private HttpClient KestrelClient(CookieContainer cookies)
    {
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = cookies };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && certificate.GetCertHashString() == KestrelCertificate.Value.GetCertHashString();
        var client = new HttpClient(handler) { BaseAddress = BaseAddress };

        // As curl does, a body goes only once the server has said it will read it: a body refused as too large from its
        // Content-Length is then never sent, where sending it could meet the closed connection (a broken pipe) before
        // the client reads the refusal.
        client.DefaultRequestHeaders.ExpectContinue = true;
        _kestrelClients.Add(client);
        return client;
    }

    /// <summary>Adds a person with the demo password, for tests that need more people than the demo accounts.</summary>
    public async Task<DemoAccount> AddPersonAsync(string email, string fullName, string jobTitle, string role)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, FullName = fullName, JobTitle = jobTitle };
        var created = await users.CreateAsync(user, DemoAccounts.Password);
        var inRole = created.Succeeded ? await users.AddToRoleAsync(user, role) : created;
        if (!inRole.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", inRole.Errors.Select(e => e.Description)));
        }

        return new DemoAccount(email, fullName, jobTitle, role);
    }

    /// <summary>Runs <paramref name="work"/> against the app's own database, in a scope of its own.</summary>
    public async Task<T> WithDatabaseAsync<T>(Func<PortalDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<PortalDbContext>());
    }

    public Task WithDatabaseAsync(Func<PortalDbContext, Task> work) =>
        WithDatabaseAsync(async db =>
        {
            await work(db);
            return true;
        });

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _kestrelClients.ForEach(client => client.Dispose());
            _webRoot?.Dispose();
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open is left for the OS to clean up; it must not fail the test run.
            }
        }
    }
}

/// <summary>The portal on a real Kestrel server (<see cref="PortalApplication.OnKestrel"/>), for a class to share as its fixture.</summary>
public sealed class PortalOnKestrel : PortalApplication
{
    public PortalOnKestrel() => ServeOnKestrel();
}
