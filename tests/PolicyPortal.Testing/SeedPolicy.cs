using PolicyPortal.Web.Data.Seeding;

namespace PolicyPortal.Testing;

/// <summary>The policy the portal ships with, as the tests refer to it.</summary>
public static class SeedPolicy
{
    public const string Slug = "personal-use-of-social-media";
    public const string Url = "/policies/" + Slug;
    public const string SignUrl = Url + "/acknowledge";

    public static SeedPolicyDocument Document { get; } = PortalSeeder.ShippedPolicies().Single(p => p.Slug == Slug);

    public static string[] SectionHeadings { get; } =
    [
        "Scope",
        "Application of this Policy to Academy Governors",
        "Purpose",
        "Social Media Definition",
        "Professional Use of Social Media",
        "Personal Use of Social Media",
        "Employee Responsibility",
        "Disciplinary Action",
        "Social Media Security",
        "Monitoring the use of Social Media Websites",
        "Employee Groups / Networks",
    ];
}
