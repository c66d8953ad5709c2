using System.ComponentModel.DataAnnotations;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Services;

/// <summary>The <c>Presences</c> settings.</summary>
public sealed class PresenceOptions
{
    public const string Section = "Presences";

    /// <summary>How long an approval lasts before it must be confirmed again.</summary>
    [Range(1, 120, ErrorMessage = "Presences:ApprovalMonths must be between 1 and 120.")]
    public int ApprovalMonths { get; set; } = PresenceRequest.DefaultApprovalMonths;

    /// <summary>How often renewal reminders and lapses are looked for; 0 turns the background check off (tests run it on demand).</summary>
    [Range(0, 24 * 60, ErrorMessage = "Presences:CheckIntervalMinutes must be between 0 and 1440.")]
    public int CheckIntervalMinutes { get; set; } = 60;
}
