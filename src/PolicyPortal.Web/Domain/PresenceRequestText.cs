namespace PolicyPortal.Web.Domain;

/// <summary>How a presence request reads on a page or in an email: its platform and its status in words.</summary>
public partial class PresenceRequest
{
    public string PlatformName => Platform == PresencePlatform.Other ? OtherPlatformName ?? "Other" : PlatformNames[Platform];

    public static readonly IReadOnlyDictionary<PresencePlatform, string> PlatformNames = new Dictionary<PresencePlatform, string>
    {
        [PresencePlatform.XTwitter] = "X (Twitter)",
        [PresencePlatform.Facebook] = "Facebook",
        [PresencePlatform.Instagram] = "Instagram",
        [PresencePlatform.LinkedIn] = "LinkedIn",
        [PresencePlatform.YouTube] = "YouTube",
        [PresencePlatform.TikTok] = "TikTok",
        [PresencePlatform.Blog] = "A blog",
        [PresencePlatform.GoogleAccount] = "A Google account",
        [PresencePlatform.Other] = "Other",
    };

    public static string StatusText(PresenceStatus status) => status switch
    {
        PresenceStatus.Submitted => "waiting for a decision",
        PresenceStatus.ChangesRequested => "back with the requester for changes",
        PresenceStatus.Approved => "approved",
        PresenceStatus.Declined => "declined",
        PresenceStatus.Revoked => "revoked",
        PresenceStatus.Withdrawn => "withdrawn",
        PresenceStatus.Retired => "retired",
        _ => "lapsed",
    };
}
