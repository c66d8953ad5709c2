namespace PolicyPortal.FunctionalTests.Presences;

/// <summary>A request for an academy-endorsed account, filled in with every confirmation the policy asks for.</summary>
internal static class PresenceForms
{
    public static Dictionary<string, string> Endorsed(string handle = "@KE7Geography", string platform = "XTwitter", string address = "https://x.com/KE7Geography") => new()
    {
        ["Platform"] = platform,
        ["Handle"] = handle,
        ["Address"] = address,
        ["Kind"] = "AcademyEndorsed",
        ["Purpose"] = "Sharing revision resources with Year 11.",
        ["Audience"] = "Students",
        ["KeptSeparateFromPersonal"] = "true",
        ["StudentsNotFollowedBack"] = "true",
    };
}
