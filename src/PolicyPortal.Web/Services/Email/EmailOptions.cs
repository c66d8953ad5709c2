namespace PolicyPortal.Web.Services.Email;

/// <summary>
/// The <c>Email</c> settings. With no <see cref="SmtpHost"/> (the default) each message is written as an .eml file to
/// <see cref="PickupDirectory"/>, so a fresh install needs no mail server.
/// </summary>
public sealed class EmailOptions
{
    public string From { get; set; } = "policyportal@localhost";

    public string FromName { get; set; } = "PolicyPortal";

    public string? SmtpHost { get; set; }

    public int SmtpPort { get; set; } = 587;

    /// <summary>Auto (STARTTLS when offered), StartTls, SslOnConnect or None.</summary>
    public string SmtpSecurity { get; set; } = "Auto";

    public string? SmtpUser { get; set; }

    public string? SmtpPassword { get; set; }

    /// <summary>Where .eml files go when no SMTP server is set; relative paths are under the data folder.</summary>
    public string PickupDirectory { get; set; } = "mail-pickup";

    /// <summary>How often waiting messages are sent; 0 turns the background sender off (tests send on demand).</summary>
    public int DispatchIntervalSeconds { get; set; } = 15;

    /// <summary>The time of day, in the school's time zone, from which emails go out on a weekday.</summary>
    public TimeOnly SendFrom { get; set; } = new(7, 30);

    /// <summary>The time of day from which emails wait for the next weekday's <see cref="SendFrom"/>.</summary>
    public TimeOnly SendUntil { get; set; } = new(18, 0);
}
