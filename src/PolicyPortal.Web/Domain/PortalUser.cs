using Microsoft.AspNetCore.Identity;

namespace PolicyPortal.Web.Domain;

/// <summary>A person with an account: member of staff, governor or the Principal.</summary>
public class PortalUser : IdentityUser
{
    public const int FullNameMaxLength = 200;
    public const int JobTitleMaxLength = 200;

    public string FullName { get; set; } = string.Empty;

    public string? JobTitle { get; set; }
}
