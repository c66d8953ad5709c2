using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using PolicyPortal.Web.Infrastructure;

namespace PolicyPortal.Web.Services.Email;

/// <summary>Where a finished email goes: an SMTP server, or a pickup folder.</summary>
public interface IEmailTransport
{
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);
}

/// <summary>Sends through the SMTP server in configuration, with MailKit.</summary>
public sealed class SmtpTransport(IOptions<EmailOptions> options) : IEmailTransport
{
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var client = new SmtpClient { Timeout = 30_000 };
        var security = Enum.Parse<SecureSocketOptions>(settings.SmtpSecurity, ignoreCase: true); // checked at startup
        await client.ConnectAsync(settings.SmtpHost!, settings.SmtpPort, security, cancellationToken);
        if (!string.IsNullOrEmpty(settings.SmtpUser))
        {
            await client.AuthenticateAsync(settings.SmtpUser, settings.SmtpPassword ?? string.Empty, cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}

/// <summary>Writes each message as an .eml file, for installs without a mail server and for checking what would be sent.</summary>
public sealed class PickupDirectoryTransport(IOptions<EmailOptions> options, IOptions<AppOptions> app) : IEmailTransport
{
    public string Directory => Path.GetFullPath(options.Value.PickupDirectory, app.Value.DataDirectory);

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, $"{DateTime.UtcNow:yyyyMMddHHmmssfff}-{Guid.NewGuid():N}.eml");
        await message.WriteToAsync(path, cancellationToken);
    }
}
