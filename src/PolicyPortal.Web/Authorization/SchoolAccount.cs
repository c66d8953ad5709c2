using System.Security.Claims;

namespace PolicyPortal.Web.Authorization;

/// <summary>
/// Who the school's identity provider says has signed in, read from its ID token's claims: the issuer and subject that
/// link them to a portal account for good, and, for the first sign-in only, the address it vouches for.
/// </summary>
/// <param name="Subject">Entra's <c>oid</c> within its tenant; otherwise the token's <c>sub</c>.</param>
/// <param name="Tenant">Entra's tenant id (<c>tid</c>); null from Google.</param>
/// <param name="Domain">Google Workspace's domain (<c>hd</c>); null for a personal Google account and from Entra.</param>
/// <param name="Guest">An Entra guest: someone of another organisation invited into the tenant, with an address of their own.</param>
public sealed record SchoolAccount(string Issuer, string Subject, string? Email, bool EmailVerified, string? Tenant, string? Domain, bool Guest = false)
{
    /// <summary>The account in a principal made from an ID token with its claims' names as sent; null without a subject.</summary>
    public static SchoolAccount? From(ClaimsPrincipal principal)
    {
        var subject = principal.FindFirst("sub");
        if (subject is null || string.IsNullOrEmpty(subject.Issuer))
        {
            return null;
        }

        var tenant = principal.FindFirstValue("tid");
        var objectId = principal.FindFirstValue("oid");
        var entra = tenant is not null && objectId is not null;

        // Entra names the home organisation of a guest in idp; a member's account has none, or the tenant's own issuer.
        var identityProvider = principal.FindFirstValue("idp");
        return new SchoolAccount(
            subject.Issuer,
            entra ? objectId! : subject.Value,
            principal.FindFirstValue("email") ?? (entra ? principal.FindFirstValue("preferred_username") : null),
            string.Equals(principal.FindFirstValue("email_verified"), "true", StringComparison.OrdinalIgnoreCase),
            entra ? tenant : null,
            principal.FindFirstValue("hd"),
            entra && identityProvider is not null && !string.Equals(identityProvider, subject.Issuer, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Whether the settings' tenants and domains, where listed, include this account's.</summary>
    public bool IsAllowed(OidcOptions options) =>
        (options.Tenants.Count == 0 || options.Tenants.Contains(Tenant, StringComparer.OrdinalIgnoreCase))
        && (options.Domains.Count == 0 || options.Domains.Contains(Domain, StringComparer.OrdinalIgnoreCase));

    /// <summary>
    /// The address the provider vouches for, to find the portal account of a first sign-in: Entra's for a member of a
    /// listed tenant, whose administrators set it; Google's when it says the address is verified and the account is
    /// one of a listed Workspace domain, whose administrators own the addresses. A personal Google account's address
    /// is not enough: anyone may once have made one with a school address. Null when it vouches for none.
    /// </summary>
    public string? VerifiedEmail(OidcOptions options) =>
        string.IsNullOrWhiteSpace(Email) ? null
        : Tenant is not null ? (!Guest && options.Tenants.Contains(Tenant, StringComparer.OrdinalIgnoreCase) ? Email : null)
        : EmailVerified && Domain is not null && options.Domains.Contains(Domain, StringComparer.OrdinalIgnoreCase) ? Email
        : null;
}
