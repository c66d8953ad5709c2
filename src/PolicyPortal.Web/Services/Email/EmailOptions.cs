namespace PolicyPortal.Web.Services.Email;

/// <summary>How email leaves the portal (<see cref="EmailOptions.Transport"/>).</summary>
public enum EmailTransportKind
{
    /// <summary>An .eml file per message in <see cref="EmailOptions.PickupDirectory"/>.</summary>
    Pickup,

    /// <summary>The SMTP server at <see cref="EmailOptions.SmtpHost"/>.</summary>
    Smtp,

    /// <summary>Microsoft Graph, as the Microsoft 365 mailbox <see cref="EmailOptions.From"/>, with an app registration.</summary>
    Graph,
}

/// <summary>
/// The <c>Email</c> settings. With no <see cref="Transport"/> and no <see cref="SmtpHost"/> (the default) each message is
/// written as an .eml file to <see cref="PickupDirectory"/>, so a fresh install needs no mail server.
/// </summary>
public sealed class EmailOptions
{
    public string From { get; set; } = "policyportal@localhost";

    public string FromName { get; set; } = "PolicyPortal";

    /// <summary>Pickup, Smtp or Graph; when not set, Smtp if <see cref="SmtpHost"/> is set, otherwise Pickup.</summary>
    public EmailTransportKind? Transport { get; set; }

    public string? SmtpHost { get; set; }

    public int SmtpPort { get; set; } = 587;

    /// <summary>Auto (STARTTLS when offered), StartTls, SslOnConnect or None.</summary>
    public string SmtpSecurity { get; set; } = "Auto";

    public string? SmtpUser { get; set; }

    public string? SmtpPassword { get; set; }

    /// <summary>Where .eml files go when no SMTP server is set; relative paths are under the data folder.</summary>
    public string PickupDirectory { get; set; } = "mail-pickup";

    /// <summary>Password (the default) or OAuth2: a token for the app registration in <see cref="Microsoft365"/> (XOAUTH2).</summary>
    public SmtpSignIn SmtpAuth { get; set; } = SmtpSignIn.Password;

    /// <summary>The app registration that sends through Microsoft Graph, or signs in to Microsoft 365's SMTP server.</summary>
    public Microsoft365Options Microsoft365 { get; set; } = new();

    /// <summary>How often waiting messages are sent; 0 turns the background sender off (tests send on demand).</summary>
    public int DispatchIntervalSeconds { get; set; } = 15;

    /// <summary>How long one message may take to send before it is given up for this pass and tried again later.</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How many days a sent email stays in the outbox, for answering "did it go?", before it is deleted.</summary>
    public int KeepSentDays { get; set; } = 30;

    /// <summary>The time of day, in the school's time zone, from which emails go out on a weekday.</summary>
    public TimeOnly SendFrom { get; set; } = new(7, 30);

    /// <summary>The time of day from which emails wait for the next weekday's <see cref="SendFrom"/>.</summary>
    public TimeOnly SendUntil { get; set; } = new(18, 0);

    public EmailTransportKind TransportInUse => Transport ?? (string.IsNullOrWhiteSpace(SmtpHost) ? EmailTransportKind.Pickup : EmailTransportKind.Smtp);
}

/// <summary>How the portal signs in to the SMTP server.</summary>
public enum SmtpSignIn
{
    /// <summary><see cref="EmailOptions.SmtpUser"/> and <see cref="EmailOptions.SmtpPassword"/>, when a user is set.</summary>
    Password,

    /// <summary>XOAUTH2 with a token for the app registration in <see cref="EmailOptions.Microsoft365"/>.</summary>
    OAuth2,
}

/// <summary>The <c>Email:Microsoft365</c> settings: an Entra ID app registration that sends as the mailbox <c>Email:From</c>.</summary>
public sealed class Microsoft365Options
{
    /// <summary>What a token for Microsoft 365's SMTP server is asked for.</summary>
    public const string SmtpScope = "https://outlook.office365.com/.default";

    public string? TenantId { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>Instead of <see cref="ClientSecret"/>: a .pfx file with the certificate the app registration knows, and its key.</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    /// <summary>Where tokens come from; another address only for a national cloud, or a test.</summary>
    public Uri Authority { get; set; } = new("https://login.microsoftonline.com");

    /// <summary>Where Graph answers; another address only for a national cloud, or a test.</summary>
    public Uri GraphEndpoint { get; set; } = new("https://graph.microsoft.com");
}
