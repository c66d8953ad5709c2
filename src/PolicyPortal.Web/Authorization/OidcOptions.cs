namespace PolicyPortal.Web.Authorization;

/// <summary>
/// The <c>Auth:Oidc</c> settings: single sign-on with the school's Microsoft Entra ID or Google Workspace accounts
/// through OpenID Connect. With no authority set there is none, and people sign in with their portal password alone.
/// </summary>
public sealed class OidcOptions
{
    public const string Section = "Auth:Oidc";

    /// <summary>The authentication scheme's name, which nobody sees; its callback is the framework's <c>/signin-oidc</c>.</summary>
    public const string Scheme = "SchoolAccount";

    public const int DisplayNameMaxLength = 100;

    public const string InvalidMessage =
        "Auth:Oidc:Authority must be an absolute https address (http only in Development), and needs Auth:Oidc:ClientId, Auth:Oidc:ClientSecret, and the school's Auth:Oidc:AllowedTenants (Microsoft Entra ID) or Auth:Oidc:AllowedDomains (Google Workspace); Auth:Oidc:DisplayName has at most 100 characters.";

    /// <summary>The provider's issuer: <c>https://login.microsoftonline.com/{tenant}/v2.0</c> or <c>https://accounts.google.com</c>.</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>The words of the sign-in page's button.</summary>
    public string DisplayName { get; set; } = "Sign in with your school account";

    /// <summary>
    /// Entra tenant ids, comma-separated: accounts of other tenants are refused, and these tenants' members' addresses are
    /// trusted. This or <see cref="AllowedDomains"/> is required: without either, no first sign-in could be linked safely.
    /// </summary>
    public string AllowedTenants { get; set; } = string.Empty;

    /// <summary>Google Workspace domains, comma-separated (the <c>hd</c> claim): accounts of other domains, and personal ones, are refused.</summary>
    public string AllowedDomains { get; set; } = string.Empty;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Authority);

    public IReadOnlyList<string> Tenants => Split(AllowedTenants);

    public IReadOnlyList<string> Domains => Split(AllowedDomains);

    public bool IsValid(bool isDevelopment) =>
        !IsConfigured
        || (Uri.TryCreate(Authority, UriKind.Absolute, out var authority)
            && (authority.Scheme == Uri.UriSchemeHttps || (isDevelopment && authority.Scheme == Uri.UriSchemeHttp))
            && !string.IsNullOrWhiteSpace(ClientId)
            && !string.IsNullOrWhiteSpace(ClientSecret)
            && (Tenants.Count > 0 || Domains.Count > 0)
            && !string.IsNullOrWhiteSpace(DisplayName)
            && DisplayName.Length <= DisplayNameMaxLength);

    private static string[] Split(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
