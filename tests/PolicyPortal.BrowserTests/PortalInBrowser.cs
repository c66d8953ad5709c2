using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PolicyPortal.Testing;
using PolicyPortal.Web.Data.Seeding;

namespace PolicyPortal.BrowserTests;

/// <summary>The portal on a real Kestrel port and Debian's Chromium driving it, headless.</summary>
public sealed class PortalInBrowser : IAsyncLifetime
{
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ];

    private IPlaywright? _playwright;

    public PortalApplication App { get; } = new();

    public string BaseUrl { get; private set; } = string.Empty;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // The portal's cookies are Secure and its antiforgery refuses plain HTTP, so Kestrel serves HTTPS with a certificate
        // made for this run, which the browser is told to accept.
        App.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(LoopbackCertificate())));
        App.StartServer();
        var addresses = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.First().TrimEnd('/');

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, Locale = "en-GB", IgnoreHTTPSErrors = true });
        var page = await context.NewPageAsync();
        Accessibility.WatchContentSecurityPolicy(page);
        return page;
    }

    /// <summary>A new browser session, signed in through the sign-in page as <paramref name="account"/>.</summary>
    public async Task<IPage> SignedInPageAsync(DemoAccount account)
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("Email address").FillAsync(account.Email);
        await page.GetByLabel("Password").FillAsync(DemoAccounts.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My policies" })).ToBeVisibleAsync();
        return page;
    }

    private static X509Certificate2 LoopbackCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), password: null);
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright?.Dispose();
        await App.DisposeAsync();
    }
}

public static class Accessibility
{
    private static readonly List<string> WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IPage, List<string>> CspViolations = [];

    /// <summary>Records every Content-Security-Policy violation the browser reports on the page, e.g. an inline script without the nonce.</summary>
    public static void WatchContentSecurityPolicy(IPage page)
    {
        var violations = CspViolations.GetOrCreateValue(page);
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                lock (violations)
                {
                    violations.Add($"{page.Url}: {message.Text}");
                }
            }
        };
    }

    /// <summary>
    /// Runs axe against WCAG 2.2 AA on the page as it stands and fails with every violation listed; fails too if the
    /// browser has reported any Content-Security-Policy violation on this page so far.
    /// </summary>
    public static async Task AssertNoViolationsAsync(this IPage page)
    {
        if (CspViolations.TryGetValue(page, out var blocked))
        {
            lock (blocked)
            {
                Assert.True(blocked.Count == 0, $"The browser reported Content-Security-Policy violations:\n{string.Join("\n", blocked)}");
            }
        }

        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = WcagTags } });

        var violations = result.Violations
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")
            .ToList();
        Assert.True(violations.Count == 0, $"axe found {violations.Count} WCAG 2.2 AA violation(s) on {page.Url}:\n{string.Join("\n", violations)}");
        Assert.NotEmpty(result.Passes);
    }

    /// <summary>Saves a screenshot for the user guide when POLICYPORTAL_SCREENSHOTS names a folder.</summary>
    public static async Task ScreenshotForGuideAsync(this IPage page, string name)
    {
        if (GuideImagePath(name) is { } path)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        }
    }

    public static async Task ScreenshotForGuideAsync(this ILocator part, string name)
    {
        if (GuideImagePath(name) is { } path)
        {
            await part.ScreenshotAsync(new LocatorScreenshotOptions { Path = path });
        }
    }

    private static string? GuideImagePath(string name) =>
        Environment.GetEnvironmentVariable("POLICYPORTAL_SCREENSHOTS") is { Length: > 0 } folder ? Path.Combine(folder, name + ".png") : null;
}
