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
        Assert.True(personal.IsAllowed(new OidcOptions()));
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
    public void An_authority_without_its_client_id_and_secret_is_refused_and_no_authority_means_no_single_sign_on()
    {
        Assert.Throws<OptionsValidationException>(() => Settings("Production", new() { ["Auth:Oidc:Authority"] = "https://accounts.google.com" }));
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
