using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Authorization;

/// <summary>
/// How long an emailed link works: an invitation for <c>People:InvitationDays</c> (7 by default), a password reset for
/// <c>Auth:PasswordResetMinutes</c> (60 by default).
/// </summary>
public sealed class InvitationTokenProviderOptions : DataProtectionTokenProviderOptions
{
    public const int DefaultDays = 7;

    public TimeSpan PasswordResetLifespan { get; set; } = TimeSpan.FromMinutes(AuthOptions.DefaultPasswordResetMinutes);

    public InvitationTokenProviderOptions()
    {
        Name = InvitationTokenProvider.ProviderName;
        TokenLifespan = TimeSpan.FromDays(DefaultDays);
    }
}

/// <summary>
/// The token in an invitation or password reset link. It carries the account's security stamp, so it stops working once
/// the password is set, a newer link is sent or the person leaves; and it expires by the portal's own clock, which tests
/// control (the base provider reads the system clock). Both kinds of <see cref="Services.PasswordLink"/> carry its tokens,
/// and it is Identity's password reset provider too (see Infrastructure/IdentitySetup.cs).
/// </summary>
public sealed class InvitationTokenProvider(
    IDataProtectionProvider dataProtectionProvider,
    IOptions<InvitationTokenProviderOptions> options,
    ILogger<DataProtectorTokenProvider<PortalUser>> logger,
    TimeProvider clock)
    : DataProtectorTokenProvider<PortalUser>(dataProtectionProvider, options, logger)
{
    public const string ProviderName = "Invitation";
    public const string Purpose = "SetPassword";

    public override async Task<string> GenerateAsync(string purpose, UserManager<PortalUser> manager, PortalUser user)
    {
        using var buffer = new MemoryStream();
        await using (var writer = new BinaryWriter(buffer))
        {
            writer.Write(clock.GetUtcNow().UtcTicks);
            writer.Write(await manager.GetUserIdAsync(user));
            writer.Write(purpose);
            writer.Write(await manager.GetSecurityStampAsync(user) ?? string.Empty);
        }

        return WebEncoders.Base64UrlEncode(Protector.Protect(buffer.ToArray()));
    }

    public override async Task<bool> ValidateAsync(string purpose, string token, UserManager<PortalUser> manager, PortalUser user)
    {
        long issuedTicks;
        string userId, tokenPurpose, stamp;
        try
        {
            using var reader = new BinaryReader(new MemoryStream(Protector.Unprotect(WebEncoders.Base64UrlDecode(token))));
            issuedTicks = reader.ReadInt64();
            userId = reader.ReadString();
            tokenPurpose = reader.ReadString();
            stamp = reader.ReadString();
        }
        catch (Exception error) when (error is FormatException or System.Security.Cryptography.CryptographicException or EndOfStreamException or IOException)
        {
            return false; // tampered, truncated or from another installation
        }

        var issued = new DateTimeOffset(issuedTicks, TimeSpan.Zero);
        var lifespan = purpose == UserManager<PortalUser>.ResetPasswordTokenPurpose ? options.Value.PasswordResetLifespan : Options.TokenLifespan;
        return issued + lifespan >= clock.GetUtcNow()
            && userId == await manager.GetUserIdAsync(user)
            && tokenPurpose == purpose
            && stamp == (await manager.GetSecurityStampAsync(user) ?? string.Empty);
    }
}
