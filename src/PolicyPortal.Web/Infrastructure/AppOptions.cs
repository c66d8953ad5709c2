using System.ComponentModel.DataAnnotations;

namespace PolicyPortal.Web.Infrastructure;

/// <summary>The <c>App</c> settings: where the portal keeps its files, the school's time zone and the address staff use.</summary>
public sealed class AppOptions : IValidatableObject
{
    public const string Section = "App";

    /// <summary>The SQLite database, logs and the mail pickup folder; relative to the content root. Made absolute at startup.</summary>
    [Required]
    public string DataDirectory { get; set; } = "App_Data";

    /// <summary>Times are stored in UTC and shown in this zone.</summary>
    [Required]
    public string TimeZone { get; set; } = "Europe/London";

    /// <summary>The address staff use; links in emails start with it.</summary>
    [Required]
    public string BaseUrl { get; set; } = "http://localhost:5080";

    /// <summary>Whether the log is also written to a daily file under the data folder.</summary>
    public bool FileLogging { get; set; } = true;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            yield return new ValidationResult($"App:TimeZone '{TimeZone}' is not a time zone this machine knows.");
        }

        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
        {
            yield return new ValidationResult($"App:BaseUrl '{BaseUrl}' must be an absolute http or https address.");
        }
    }
}
