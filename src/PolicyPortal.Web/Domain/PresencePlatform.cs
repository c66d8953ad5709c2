namespace PolicyPortal.Web.Domain;

/// <summary>Where a presence is: the platform a member of staff asks to use.</summary>
public enum PresencePlatform
{
    XTwitter,
    Facebook,
    Instagram,
    LinkedIn,
    YouTube,
    TikTok,
    Blog,
    GoogleAccount,
    Other,
}
