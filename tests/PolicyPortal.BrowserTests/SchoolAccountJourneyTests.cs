using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PolicyPortal.Testing;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Data.Seeding;

namespace PolicyPortal.BrowserTests;

/// <summary>
/// The portal of a school with single sign-on, in the browser, and the school's identity provider beside it: a real
/// OpenID Connect provider (<see cref="TestIdentityProvider"/>) on its own HTTPS port, which the portal's back channel
/// trusts by its certificate alone.
/// </summary>
public abstract class SchoolWithSingleSignOn : IAsyncLifetime
{
    public const string Button = "Sign in with your school account";

    public TestIdentityProvider Provider { get; private set; } = null!;

    public PortalInBrowser Portal { get; private set; } = null!;

    /// <summary>The school's own settings, beside the provider's address and the client's id and secret.</summary>
    protected abstract Dictionary<string, string> SchoolSettings { get; }

    public async Task InitializeAsync()
    {
        Provider = await TestIdentityProvider.StartAsync();
        var settings = new Dictionary<string, string>(SchoolSettings)
        {
            ["Auth:Oidc:Authority"] = Provider.Authority.ToString(),
            ["Auth:Oidc:ClientId"] = TestIdentityProvider.ClientId,
            ["Auth:Oidc:ClientSecret"] = TestIdentityProvider.ClientSecret,
        };
        Portal = new PortalInBrowser(new PortalOnKestrel { Settings = settings, ConfigureTestServices = TrustProvider });
        await Portal.InitializeAsync();
        await Provider.AllowRedirectAsync(new Uri($"{Portal.BaseUrl}/signin-oidc"));
    }

    /// <summary>
    /// The back channel trusts the provider's certificate and no other. The cookies that carry a sign-in through the
    /// provider expire by the real clock, which the browser keeps, not the test's.
    /// </summary>
    private void TrustProvider(IServiceCollection services)
    {
        services.Configure<OpenIdConnectOptions>(OidcOptions.Scheme, options =>
        {
            options.TimeProvider = TimeProvider.System;
            options.BackchannelHttpHandler = new SocketsHttpHandler
            {
                SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == Provider.Certificate.GetCertHashString() },
            };
        });
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.ExternalScheme, options => options.TimeProvider = TimeProvider.System);
    }

    /// <summary>A new browser session that opens <paramref name="path"/> and signs in there as <paramref name="person"/>, through the provider.</summary>
    public async Task<IPage> SignInAsync(ProviderPerson? person, string path = "/account/sign-in", bool checkPage = false)
    {
        Provider.SignInAs(person);
        var page = await Portal.NewPageAsync();
        await page.GotoAsync(path);
        if (checkPage)
        {
            await page.AssertNoViolationsAsync();
            await page.ScreenshotForGuideAsync("sign-in-school-account");
        }

        await page.GetByRole(AriaRole.Link, new() { Name = Button }).ClickAsync();
        // Off to the provider and back: done once the browser is at a page of the portal other than the sign-in page.
        try
        {
            // Once the portal's answer arrives; what is on the page is for the test's own assertions, which wait for it.
            await page.WaitForURLAsync(
                url => url.StartsWith(Portal.BaseUrl, StringComparison.Ordinal) && !url.Contains("/signin-oidc", StringComparison.Ordinal) && !url.Contains("/account/sign-in", StringComparison.Ordinal),
                new() { WaitUntil = WaitUntilState.Commit });
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"The sign-in through the provider stopped at {page.Url}: {await page.ContentAsync()}");
        }
        return page;
    }

    public async Task DisposeAsync()
    {
        await Portal.DisposeAsync();
        await Provider.DisposeAsync();
    }
}

/// <summary>A school on Google Workspace, whose domain is example.org.</summary>
public sealed class GoogleSchool : SchoolWithSingleSignOn
{
    protected override Dictionary<string, string> SchoolSettings => new() { ["Auth:Oidc:AllowedDomains"] = "example.org" };
}

/// <summary>A school on Microsoft 365, one tenant, whose Principal must use two-step sign-in with a password.</summary>
public sealed class MicrosoftSchool : SchoolWithSingleSignOn
{
    public const string Tenant = "6f2a1c3e-0b7d-4e59-9a41-2c8d5e7f1a90";

    protected override Dictionary<string, string> SchoolSettings => new()
    {
        ["Auth:Oidc:AllowedTenants"] = Tenant,
        ["Auth:RequireTwoStepFor"] = Roles.Principal,
    };
}

public sealed class GoogleSignInJourneyTests(GoogleSchool school) : IClassFixture<GoogleSchool>, IAsyncLifetime
{
    private PortalInBrowser Portal => school.Portal;

    public Task InitializeAsync() => Portal.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static ProviderPerson Google(string subject, string email, string name, bool verified = true, string? domain = "example.org") =>
        new() { Subject = subject, Email = email, EmailVerified = verified, HostedDomain = domain, Name = name };

    [Fact]
    public async Task The_first_sign_in_links_by_the_verified_address_and_later_ones_by_the_account_even_after_its_address_changes()
    {
        var page = await school.SignInAsync(Google("g-1001", DemoAccounts.Teacher.Email, "Sam Taylor"), checkPage: true);

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My policies" })).ToBeVisibleAsync();
        await page.AssertNoViolationsAsync();
        var link = await Portal.App.WithDatabaseAsync(db => db.UserLogins.Join(db.Users, l => l.UserId, u => u.Id, (l, u) => new { l.LoginProvider, l.ProviderKey, u.Email, u.SchoolAccountLinkedAtUtc }).SingleAsync());
        Assert.Equal((school.Provider.Authority.ToString(), "g-1001", DemoAccounts.Teacher.Email), (link.LoginProvider, link.ProviderKey, link.Email));
        Assert.NotNull(link.SchoolAccountLinkedAtUtc);

        // My account says how they signed in; the portal's own second step is for passwords.
        await page.GotoAsync("/account");
        await Assertions.Expect(page.GetByText("You signed in with your school account, so its own second step applies.")).ToBeVisibleAsync();
        await page.AssertNoViolationsAsync();

        // The address at Google changes: the same account still signs in as Sam Taylor.
        var renamed = await school.SignInAsync(Google("g-1001", "s.taylor@example.org", "Sam Taylor"));
        await Assertions.Expect(renamed.GetByRole(AriaRole.Heading, new() { Name = "My policies" })).ToBeVisibleAsync();
        await renamed.GotoAsync("/account");
        await Assertions.Expect(renamed.Locator("dd").Nth(1)).ToHaveTextAsync(DemoAccounts.Teacher.Email);

        // Another Google account given Sam's old address later opens nothing: the address links only once.
        var successor = await school.SignInAsync(Google("g-2002", DemoAccounts.Teacher.Email, "New Starter"));
        await Assertions.Expect(successor.GetByRole(AriaRole.Heading, new() { Name = "Your account is not set up in the portal" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_signature_sent_after_the_session_ended_is_recorded_once_signed_in_again_with_the_school_account()
    {
        var page = await school.SignInAsync(Google("g-1001", DemoAccounts.Teacher.Email, "Sam Taylor"));
        await page.GotoAsync(SeedPolicy.Url);
        await page.GetByLabel("I have read and understood this policy").CheckAsync();
        await page.GetByLabel("Your full name, as your signature").FillAsync("Sam Taylor");
        Portal.App.Clock.Advance(TimeSpan.FromMinutes(31));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign version 1.0" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Nothing you sent has been saved yet. Sign in again and it will be sent.");

        await page.GetByRole(AriaRole.Link, new() { Name = SchoolWithSingleSignOn.Button }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/acknowledgements/[0-9]+$"));
        await Assertions.Expect(page.Locator(".details--receipt")).ToContainTextAsync("Sam Taylor");
        Assert.Equal("Sam Taylor", await Portal.App.WithDatabaseAsync(db => db.Acknowledgements.Select(a => a.SignatureName).SingleAsync()));
    }

    [Fact]
    public async Task Someone_the_school_has_not_added_an_unverified_address_and_a_leaver_are_each_refused()
    {
        var stranger = await school.SignInAsync(Google("g-3003", "visitor@example.org", "A Visitor"));
        await Assertions.Expect(stranger.GetByRole(AriaRole.Heading, new() { Name = "Your account is not set up in the portal" })).ToBeVisibleAsync();
        await Assertions.Expect(stranger.GetByText("Ask the school office to add you, with the address visitor@example.org.")).ToBeVisibleAsync();
        await stranger.AssertNoViolationsAsync();
        await stranger.ScreenshotForGuideAsync("school-account-not-set-up");

        var unverified = await school.SignInAsync(Google("g-4004", DemoAccounts.Support.Email, "Jo Patel", verified: false));
        await Assertions.Expect(unverified.GetByRole(AriaRole.Heading, new() { Name = "Your account is not set up in the portal" })).ToBeVisibleAsync();

        // Jo signs in once, leaves, and is then refused like a leaver's password.
        var jo = await school.SignInAsync(Google("g-4004", DemoAccounts.Support.Email, "Jo Patel"));
        await Assertions.Expect(jo.GetByRole(AriaRole.Heading, new() { Name = "My policies" })).ToBeVisibleAsync();
        await Portal.App.WithDatabaseAsync(db => db.Users.Where(u => u.Email == DemoAccounts.Support.Email).ExecuteUpdateAsync(u => u.SetProperty(x => x.DeactivatedAtUtc, Portal.App.Clock.GetUtcNow().UtcDateTime)));
        var left = await school.SignInAsync(Google("g-4004", DemoAccounts.Support.Email, "Jo Patel"));
        await Assertions.Expect(left.GetByRole(AriaRole.Heading, new() { Name = "Your portal account is closed" })).ToBeVisibleAsync();
        await left.AssertNoViolationsAsync();
        Assert.Equal(0, await Portal.App.WithDatabaseAsync(db => db.UserLogins.CountAsync(l => l.ProviderKey != "g-4004")));
    }

    [Fact]
    public async Task An_account_of_another_domain_or_a_personal_one_is_refused_even_with_a_staff_address()
    {
        var other = await school.SignInAsync(Google("g-5005", DemoAccounts.Teacher.Email, "Sam Taylor", domain: "other.example"));
        await Assertions.Expect(other.GetByRole(AriaRole.Heading, new() { Name = "That account is not the school's" })).ToBeVisibleAsync();
        await other.AssertNoViolationsAsync();

        var personal = await school.SignInAsync(Google("g-6006", DemoAccounts.Teacher.Email, "Sam Taylor", domain: null));
        await Assertions.Expect(personal.GetByRole(AriaRole.Heading, new() { Name = "That account is not the school's" })).ToBeVisibleAsync();
        Assert.Equal(0, await Portal.App.WithDatabaseAsync(db => db.UserLogins.CountAsync()));
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    public async Task A_return_address_elsewhere_ends_on_my_policies_and_the_provider_is_given_only_the_portals_callback(string elsewhere)
    {
        var page = await school.SignInAsync(Google("g-1001", DemoAccounts.Teacher.Email, "Sam Taylor"), $"/account/sign-in?returnUrl={Uri.EscapeDataString(elsewhere)}");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My policies" })).ToBeVisibleAsync();
        Assert.Equal($"{Portal.BaseUrl}/", page.Url);
        Assert.All(school.Provider.AuthorizationRequests, r => Assert.Equal($"{Portal.BaseUrl}/signin-oidc", r["redirect_uri"]));
    }

    [Fact]
    public async Task A_return_address_in_the_portal_is_where_the_sign_in_ends_and_a_cancelled_one_says_so()
    {
        var page = await school.SignInAsync(Google("g-1001", DemoAccounts.Teacher.Email, "Sam Taylor"), "/account/sign-in?returnUrl=%2Fpresences");
        await Assertions.Expect(page).ToHaveURLAsync($"{Portal.BaseUrl}/presences");

        var cancelled = await school.SignInAsync(null);
        await Assertions.Expect(cancelled.GetByRole(AriaRole.Heading, new() { Name = "Signing in with your school account did not finish" })).ToBeVisibleAsync();
        await cancelled.AssertNoViolationsAsync();
        await cancelled.SetViewportSizeAsync(360, 740);
        var (width, screen) = await cancelled.WidthsAsync();
        Assert.True(width <= screen, $"The page is {width} pixels wide on a screen of {screen}.");
        await cancelled.GotoAsync("/account/school-account/signed-in?returnUrl=https%3A%2F%2Fevil.example%2F");
        await Assertions.Expect(cancelled.GetByRole(AriaRole.Heading, new() { Name = "Signing in with your school account did not finish" })).ToBeVisibleAsync();
    }
}

public sealed class MicrosoftSignInJourneyTests(MicrosoftSchool school) : IClassFixture<MicrosoftSchool>, IAsyncLifetime
{
    private PortalInBrowser Portal => school.Portal;

    public Task InitializeAsync() => Portal.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static ProviderPerson Entra(string objectId, string email, string name, string tenant = MicrosoftSchool.Tenant) =>
        new() { Subject = $"pairwise-{objectId}", ObjectId = objectId, TenantId = tenant, Email = email, Name = name };

    [Fact]
    public async Task The_principal_signs_in_with_their_microsoft_account_and_its_own_second_step_stands_for_the_portals()
    {
        var page = await school.SignInAsync(Entra("oid-principal", DemoAccounts.Principal.Email, "Alex Morgan"), checkPage: true);

        // Two-step sign-in is required of the Principal's password, not of their school account.
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My policies" })).ToBeVisibleAsync();
        await page.GotoAsync("/people");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "People" })).ToBeVisibleAsync();

        // The security stamp check rebuilds the session a minute later, and saving their own details renews the cookie:
        // it is still a school account's.
        Portal.App.Clock.Advance(TimeSpan.FromMinutes(2));
        var id = await Portal.App.WithDatabaseAsync(db => db.Users.Where(u => u.Email == DemoAccounts.Principal.Email).Select(u => u.Id).SingleAsync());
        await page.GotoAsync($"/people/{id}/edit");
        await page.GetByLabel("Job title (optional)").FillAsync("Principal and Chief Executive");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the changes" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("The changes are saved.");
        await page.GotoAsync("/people");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "People" })).ToBeVisibleAsync();
        Assert.Equal(("oid-principal", $"{school.Provider.Authority}"), await Portal.App.WithDatabaseAsync(db => db.UserLogins.Select(l => ValueTuple.Create(l.ProviderKey, l.LoginProvider)).SingleAsync()));

        // The same Principal with their password, in another browser: the portal's own two-step sign-in comes first.
        var withPassword = await Portal.NewPageAsync();
        await withPassword.GotoAsync("/account/sign-in");
        await withPassword.GetByLabel("Email address").FillAsync(DemoAccounts.Principal.Email);
        await withPassword.GetByLabel("Password").FillAsync(DemoAccounts.Password);
        await withPassword.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(withPassword.GetByRole(AriaRole.Heading, new() { Name = "Set up two-step sign-in" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task An_account_of_another_tenant_is_refused_even_with_a_staff_address()
    {
        var page = await school.SignInAsync(Entra("oid-other", DemoAccounts.Teacher.Email, "Sam Taylor", tenant: "0d0e0f00-1111-2222-3333-444455556666"));

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "That account is not the school's" })).ToBeVisibleAsync();
        await page.AssertNoViolationsAsync();
        Assert.Equal(0, await Portal.App.WithDatabaseAsync(db => db.UserLogins.CountAsync()));
    }
}
