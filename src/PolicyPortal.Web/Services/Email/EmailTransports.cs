using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using PolicyPortal.Web.Infrastructure;

namespace PolicyPortal.Web.Services.Email;

/// <summary>
/// Where a finished email goes: an SMTP server, Microsoft Graph, or a pickup folder. The dispatcher sends a pass of
/// messages one after another, then calls <see cref="EndPassAsync"/>, so a transport may hold a connection open between them.
/// </summary>
public interface IEmailTransport
{
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken);

    /// <summary>The pass is over: close whatever was held open for it.</summary>
    Task EndPassAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Sends through the SMTP server in configuration, with MailKit, over one connection for a whole pass, signed in with a
/// password or with a Microsoft 365 token (<see cref="SmtpSignIn"/>). Only the
/// dispatcher's one pass at a time uses it, so the connection is never shared between threads.
/// </summary>
public sealed class SmtpTransport(IOptions<EmailOptions> options, Microsoft365Tokens tokens) : IEmailTransport, IDisposable
{
    private SmtpClient? _client;

    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var client = _client ??= await ConnectAsync(cancellationToken);
        try
        {
            await client.SendAsync(message, cancellationToken);
        }
        catch (Exception) when (!client.IsConnected || cancellationToken.IsCancellationRequested)
        {
            // A refused recipient leaves the connection fit for the next message; a dropped or abandoned one does not.
            Dispose();
            throw;
        }
    }

    public async Task EndPassAsync(CancellationToken cancellationToken)
    {
        if (_client is { IsConnected: true } client)
        {
            try
            {
                await client.DisconnectAsync(quit: true, cancellationToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // Every message of the pass is already sent or marked failed; a failed goodbye changes nothing.
            }
        }

        Dispose();
    }

    public void Dispose()
    {
        _client?.Dispose();
        _client = null;
    }

    private async Task<SmtpClient> ConnectAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var client = new SmtpClient { Timeout = 30_000 };
        try
        {
            var security = Enum.Parse<SecureSocketOptions>(settings.SmtpSecurity, ignoreCase: true); // checked at startup
            await client.ConnectAsync(settings.SmtpHost!, settings.SmtpPort, security, cancellationToken);
            if (settings.SmtpAuth == SmtpSignIn.OAuth2)
            {
                // Microsoft 365 signs the app in as the mailbox it sends from, with no password (SMTP.SendAsApp).
                var token = await tokens.ForAsync(Microsoft365Options.SmtpScope, cancellationToken);
                await client.AuthenticateAsync(new SaslMechanismOAuth2(settings.SmtpUser ?? settings.From, token), cancellationToken);
            }
            else if (!string.IsNullOrEmpty(settings.SmtpUser))
            {
                await client.AuthenticateAsync(settings.SmtpUser, settings.SmtpPassword ?? string.Empty, cancellationToken);
            }

            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
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

    public Task EndPassAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
