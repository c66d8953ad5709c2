using System.ComponentModel.DataAnnotations;
using PolicyPortal.Web.Authorization;

namespace PolicyPortal.Web.Services;

/// <summary>The <c>People</c> settings.</summary>
public sealed class PeopleOptions
{
    public const string Section = "People";

    /// <summary>How long an invitation's link to set a password stays valid.</summary>
    [Range(1, 60, ErrorMessage = "People:InvitationDays must be between 1 and 60.")]
    public int InvitationDays { get; set; } = InvitationTokenProviderOptions.DefaultDays;
}
