using Microsoft.AspNetCore.DataProtection;

namespace PolicyPortal.Web.Authorization;

/// <summary>
/// Data protection as the app registers it, except that the protector antiforgery reads its tokens with remembers for up
/// to a minute what each token it has read decrypts to (<see cref="RecentlyDecrypted{T}"/>). Every page with a form
/// decrypts the person's antiforgery cookie, the same cookie on each of their pages: about 12 of the 25 µs antiforgery
/// took a page (docs/performance.md, seventh round). Tokens are still made fresh for every page, encrypted
/// with a new random key modifier and nonce, so no two pages carry the same form token: that randomness is antiforgery's
/// defence against compression attacks such as BREACH, and is left as it is.
/// </summary>
public sealed class RememberedAntiforgeryTokens(IDataProtectionProvider provider) : IDataProtectionProvider
{
    /// <summary>The purpose ASP.NET Core's antiforgery token serializer creates its protector with.</summary>
    public const string AntiforgeryPurpose = "Microsoft.AspNetCore.Antiforgery.AntiforgeryToken.v1";

    private readonly RecentlyDecrypted<byte[]> _tokens = new();

    /// <summary>Wraps the data protection provider that AddDataProtection registered; call it after AddDataProtection.</summary>
    public static void Wrap(IServiceCollection services)
    {
        var registered = services.Last(service => service.ServiceType == typeof(IDataProtectionProvider));
        services.Remove(registered);
        services.AddSingleton<IDataProtectionProvider>(provider => new RememberedAntiforgeryTokens((IDataProtectionProvider)(
            registered.ImplementationInstance
            ?? registered.ImplementationFactory?.Invoke(provider)
            ?? ActivatorUtilities.CreateInstance(provider, registered.ImplementationType!))));
    }

    public IDataProtector CreateProtector(string purpose)
    {
        var protector = provider.CreateProtector(purpose);
        return purpose == AntiforgeryPurpose ? new Remembering(protector, _tokens) : protector;
    }

    private sealed class Remembering(IDataProtector protector, RecentlyDecrypted<byte[]> tokens) : IDataProtector
    {
        public IDataProtector CreateProtector(string purpose) => protector.CreateProtector(purpose);

        public byte[] Protect(byte[] plaintext) => protector.Protect(plaintext);

        // A copy for each caller, so nothing a reader does to its bytes reaches the next request. Data protection throws
        // for what it cannot decrypt; that is not remembered, and the caller sees the same exception as before.
        public byte[] Unprotect(byte[] protectedData) =>
            (byte[])tokens.GetOrDecrypt(protectedData, () => protector.Unprotect(protectedData))!.Clone();
    }
}
