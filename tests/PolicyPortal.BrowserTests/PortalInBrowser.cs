using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using PolicyPortal.Testing;
using PolicyPortal.Web.Data.Seeding;

namespace PolicyPortal.BrowserTests;

/// <summary>
/// The portal on a real Kestrel port, one host per test class, and Debian's Chromium driving it, headless: one browser
/// for the whole run (<see cref="Chromium"/>), a new browser context (its own cookies) for each page a test opens. A test
/// class calls <see cref="ResetAsync"/> before each test.
/// </summary>
public sealed class PortalInBrowser : IAsyncLifetime
{
    private readonly List<IBrowserContext> _contexts = [];

    public PortalInBrowser()
        : this(new PortalOnKestrel())
    {
    }

    /// <summary>The browser on a portal with settings of its own (<see cref="PortalApplication.OnKestrel"/>, not yet started).</summary>
    internal PortalInBrowser(PortalApplication app) => App = app;

    // The portal's cookies are Secure and its antiforgery refuses plain HTTP, so Kestrel serves HTTPS with a certificate
    // made for this run, which the browser is told to accept.
    public PortalApplication App { get; }

    public string BaseUrl { get; private set; } = string.Empty;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        BaseUrl = App.BaseAddress.ToString().TrimEnd('/');
        Browser = await Chromium.BrowserAsync();
    }

    /// <summary>Closes the pages the last test opened and resets the portal (<see cref="PortalApplication.ResetAsync"/>).</summary>
    public async Task ResetAsync()
    {
        await CloseContextsAsync();
        await App.ResetAsync();
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, Locale = "en-GB", IgnoreHTTPSErrors = true });
        _contexts.Add(context);
        var page = await context.NewPageAsync();
        Accessibility.WatchContentSecurityPolicy(page);
        return page;
    }

    /// <summary>
    /// A new browser session, signed in as <paramref name="account"/>: with the account's sign-in cookie on this host
    /// where it can stand for signing in (<see cref="PortalClient.CanReuseSignIn"/>), otherwise through the sign-in page.
    /// The sign-in page itself is tested where signing in is the journey.
    /// </summary>
    public async Task<IPage> SignedInPageAsync(DemoAccount account)
    {
        var page = await NewPageAsync();
        if (App.CanReuseSignIn(account))
        {
            await page.Context.AddCookiesAsync(
            [
                new Cookie { Name = PortalClient.AuthCookieName, Value = await App.SignInCookieAsync(account), Url = BaseUrl, Secure = true, HttpOnly = true, SameSite = SameSiteAttribute.Lax },
            ]);
            await page.GotoAsync("/");
        }
        else
        {
            await page.GotoAsync("/account/sign-in");
            await page.GetByLabel("Email address").FillAsync(account.Email);
            await page.GetByLabel("Password").FillAsync(DemoAccounts.Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        }

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My policies" })).ToBeVisibleAsync();
        return page;
    }

    public async Task DisposeAsync()
    {
        await CloseContextsAsync();
        await App.DisposeAsync();
    }

    private async Task CloseContextsAsync()
    {
        foreach (var context in _contexts)
        {
            await context.CloseAsync();
        }

        _contexts.Clear();
    }
}

/// <summary>
/// Debian's Chromium, headless, launched once for the whole test run: a launch costs more than most steps of a journey.
/// It closes when the test run's process ends.
/// </summary>
public static class Chromium
{
    private static readonly string[] Args =
    [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",

        // The portal is one site with no frames: a process for each site a page visits only adds renderer processes,
        // about three for every page a test opens.
        "--disable-site-isolation-trials",
    ];

    private static readonly Lazy<Task<IBrowser>> Launched = new(LaunchAsync);

    public static Task<IBrowser> BrowserAsync() => Launched.Value;

    private static async Task<IBrowser> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            Args = Args,
        });
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            browser.CloseAsync().Wait(TimeSpan.FromSeconds(10));
            playwright.Dispose();
        };
        return browser;
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

        // Deque's legacy run: axe.run on the whole document in the page itself. Its default run gathers partial results
        // frame by frame and finishes them in a new browser context, which doubled the browser tests' time; the portal's
        // pages have no frames, so both runs check the same nodes against the same rules.
#pragma warning disable CS0618 // Deque marks the legacy run for removal in a future release.
        var result = await page.RunAxeLegacy(options: new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = WcagTags } });
#pragma warning restore CS0618

        var violations = result.Violations
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")
            .ToList();
        Assert.True(violations.Count == 0, $"axe found {violations.Count} WCAG 2.2 AA violation(s) on {page.Url}:\n{string.Join("\n", violations)}");
        Assert.NotEmpty(result.Passes);
    }

    /// <summary>How wide the page is, and how wide its screen shows it: a page wider than its screen scrolls sideways.</summary>
    public static async Task<(int Page, int Screen)> WidthsAsync(this IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        return (widths[0], widths[1]);
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
