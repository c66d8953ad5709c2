using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PolicyPortal.Web.Authorization;

namespace PolicyPortal.UnitTests.Authorization;

public sealed class SchoolAccountTests
{
    private const string EntraIssuer = "https://login.microsoftonline.com/11111111-1111-1111-1111-111111111111/v2.0";
    private const string SchoolTenant = "11111111-1111-1111-1111-111111111111";

    [Fact]
    public void An_entra_account_is_known_by_its_object_id_and_its_address_is_trusted_only_within_an_allowed_tenant()
    {
        var account = SchoolAccount.From(Token(EntraIssuer, ("sub", "pairwise-sub"), ("oid", "object-1"), ("tid", SchoolTenant), ("preferred_username", "ada@school.example")))!;

        Assert.Equal(EntraIssuer, account.Issuer);
        Assert.Equal("object-1", account.Subject);
        Assert.Equal("ada@school.example", account.Email);
        Assert.Equal("ada@school.example", account.VerifiedEmail(new OidcOptions { AllowedTenants = SchoolTenant }));
        Assert.Null(account.VerifiedEmail(new OidcOptions()));
        Assert.True(account.IsAllowed(new OidcOptions { AllowedTenants = $"other, {SchoolTenant.ToUpperInvariant()}" }));
        Assert.False(account.IsAllowed(new OidcOptions { AllowedTenants = "22222222-2222-2222-2222-222222222222" }));
    }

    [Fact]
    public void An_entra_guest_from_another_organisation_may_sign_in_once_linked_but_its_address_links_nothing()
    {
        var guest = SchoolAccount.From(Token(EntraIssuer, ("sub", "s"), ("oid", "guest-1"), ("tid", SchoolTenant), ("idp", "https://sts.windows.net/33333333-3333-3333-3333-333333333333/"), ("email", "governor@example.org")))!;
        var member = SchoolAccount.From(Token(EntraIssuer, ("sub", "s"), ("oid", "member-1"), ("tid", SchoolTenant), ("idp", EntraIssuer), ("email", "ada@school.example")))!;
        var tenant = new OidcOptions { AllowedTenants = SchoolTenant };

        Assert.True(guest.Guest);
        Assert.True(guest.IsAllowed(tenant));
        Assert.Null(guest.VerifiedEmail(tenant));
        Assert.False(member.Guest);
        Assert.Equal("ada@school.example", member.VerifiedEmail(tenant));
    }

    [Fact]
    public void A_google_account_is_known_by_its_subject_and_its_address_is_trusted_only_when_google_says_it_is_verified()
    {
        var verified = SchoolAccount.From(Token("https://accounts.google.com", ("sub", "1090"), ("email", "ada@school.example"), ("email_verified", "true"), ("hd", "school.example")))!;
        var unverified = SchoolAccount.From(Token("https://accounts.google.com", ("sub", "1091"), ("email", "bob@school.example"), ("email_verified", "false"), ("hd", "school.example")))!;
        var personal = SchoolAccount.From(Token("https://accounts.google.com", ("sub", "1092"), ("email", "ada@gmail.example"), ("email_verified", "true")))!;
        var domains = new OidcOptions { AllowedDomains = "school.example" };

        Assert.Equal("1090", verified.Subject);
        Assert.Equal("ada@school.example", verified.VerifiedEmail(domains));
        Assert.Null(unverified.VerifiedEmail(domains));
        Assert.True(verified.IsAllowed(domains));
        Assert.False(personal.IsAllowed(domains));

        // A personal account's address, verified or not, is never enough: someone may once have made one with a school address.
        Assert.Null(personal.VerifiedEmail(new OidcOptions { AllowedDomains = "gmail.example" }));
        Assert.Null(verified.VerifiedEmail(new OidcOptions { AllowedDomains = "other.example" }));
    }

    [Fact]
    public void A_token_without_a_subject_is_nobody()
    {
        Assert.Null(SchoolAccount.From(Token("https://accounts.google.com", ("email", "ada@school.example"), ("email_verified", "true"))));
    }

    [Theory]
    [InlineData("Production", "http://idp.school.example", false)]
    [InlineData("Development", "http://localhost:5001", true)]
    [InlineData("Production", "https://accounts.google.com", true)]
    [InlineData("Production", "accounts.google.com", false)]
    public void An_authority_must_be_https_except_in_development(string environment, string authority, bool accepted)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Auth:Oidc:Authority"] = authority,
            ["Auth:Oidc:ClientId"] = "portal",
            ["Auth:Oidc:ClientSecret"] = "secret",
            ["Auth:Oidc:AllowedDomains"] = "school.example",
        };

        if (accepted)
        {
            Assert.True(Settings(environment, settings).IsConfigured);
        }
        else
        {
            var error = Assert.Throws<OptionsValidationException>(() => Settings(environment, settings));
            Assert.Contains("Auth:Oidc:Authority must be an absolute https address (http only in Development)", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_authority_without_its_client_id_and_secret_or_without_the_schools_tenant_or_domain_is_refused_and_no_authority_means_no_single_sign_on()
    {
        var google = new Dictionary<string, string?> { ["Auth:Oidc:Authority"] = "https://accounts.google.com", ["Auth:Oidc:AllowedDomains"] = "school.example" };
        Assert.Throws<OptionsValidationException>(() => Settings("Production", google));

        var error = Assert.Throws<OptionsValidationException>(() => Settings("Production", new() { ["Auth:Oidc:Authority"] = "https://accounts.google.com", ["Auth:Oidc:ClientId"] = "portal", ["Auth:Oidc:ClientSecret"] = "secret" }));
        Assert.Contains("the school's Auth:Oidc:AllowedTenants (Microsoft Entra ID) or Auth:Oidc:AllowedDomains (Google Workspace)", error.Message, StringComparison.Ordinal);
        Assert.False(Settings("Production", []).IsConfigured);
    }

    private static ClaimsPrincipal Token(string issuer, params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value, ClaimValueTypes.String, issuer)), "SchoolAccount"));

    private static OidcOptions Settings(string environment, Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddPortalSchoolAccounts();
        using var services = builder.Services.BuildServiceProvider();
        return services.GetRequiredService<IOptions<OidcOptions>>().Value;
    }
}
