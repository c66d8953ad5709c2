namespace PolicyPortal.Testing;

/// <summary>
/// Who <see cref="TestIdentityProvider"/> signs in next, as Entra ID or Google would describe them in an ID token:
/// <c>sub</c> and <c>name</c> always, each other claim only when set.
/// </summary>
public sealed record ProviderPerson
{
    /// <summary>The <c>sub</c> claim.</summary>
    public required string Subject { get; init; }

    /// <summary>The <c>name</c> claim.</summary>
    public required string Name { get; init; }

    /// <summary>The <c>email</c> claim; also <c>preferred_username</c> when <see cref="TenantId"/> is set, as Entra ID sends it.</summary>
    public string? Email { get; init; }

    /// <summary>The <c>email_verified</c> claim, a JSON boolean, as Google sends it.</summary>
    public bool? EmailVerified { get; init; }

    /// <summary>The <c>hd</c> claim: the Google Workspace domain.</summary>
    public string? HostedDomain { get; init; }

    /// <summary>The <c>tid</c> claim: the Entra tenant.</summary>
    public string? TenantId { get; init; }

    /// <summary>The <c>oid</c> claim: the Entra object id, the same for the person in every app of the tenant.</summary>
    public string? ObjectId { get; init; }
}
