using System.Text.RegularExpressions;

namespace PolicyPortal.Web.Domain;

/// <summary>What a presence request may hold: every problem with its details, and no password typed into any of it.</summary>
public partial class PresenceRequest
{
    /// <summary>Everything wrong with a request, by field, in words for the person who filled it in.</summary>
    public static IReadOnlyList<FieldProblem> Problems(PresenceDetails details)
    {
        var problems = new List<FieldProblem>();
        if (details.Platform == PresencePlatform.Other && string.IsNullOrWhiteSpace(details.OtherPlatformName))
        {
            problems.Add(new(nameof(PresenceDetails.OtherPlatformName), "Name the platform."));
        }

        if (string.IsNullOrWhiteSpace(details.Handle))
        {
            problems.Add(new(nameof(PresenceDetails.Handle), "Enter the account name or handle."));
        }

        if (!Uri.TryCreate(details.Address?.Trim(), UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
        {
            problems.Add(new(nameof(PresenceDetails.Address), "Enter the account's web address, starting with https://"));
        }
        else if (!string.IsNullOrEmpty(address.UserInfo) || LooksLikeAPassword(Uri.UnescapeDataString(address.Query)))
        {
            problems.Add(new(nameof(PresenceDetails.Address), "Remove the sign-in details from the address. Never type a password into the portal."));
        }

        if (string.IsNullOrWhiteSpace(details.Purpose))
        {
            problems.Add(new(nameof(PresenceDetails.Purpose), "Say what the presence is for."));
        }

        if (details.Audience == PresenceAudience.None)
        {
            problems.Add(new(nameof(PresenceDetails.Audience), "Choose who the presence is for."));
        }

        if (!details.KeptSeparateFromPersonal)
        {
            problems.Add(new(nameof(PresenceDetails.KeptSeparateFromPersonal), "Confirm that the presence is kept entirely separate from any personal presence."));
        }

        if (!details.StudentsNotFollowedBack)
        {
            problems.Add(new(nameof(PresenceDetails.StudentsNotFollowedBack), "Confirm that students are not followed back."));
        }

        if (details.Platform == PresencePlatform.Blog && !details.BlogModeratedAsAcademySite)
        {
            problems.Add(new(nameof(PresenceDetails.BlogModeratedAsAcademySite), "Confirm that the blog is moderated as an extension of the academy website."));
        }

        if (details.Kind == PresenceKind.AcademyOwned && !details.AccessSharedWithPrincipal)
        {
            problems.Add(new(nameof(PresenceDetails.AccessSharedWithPrincipal), "Confirm that access to an academy-owned account is shared with the Principal."));
        }

        foreach (var (field, value) in new[] { (nameof(PresenceDetails.Handle), details.Handle), (nameof(PresenceDetails.Purpose), details.Purpose), (nameof(PresenceDetails.OtherPlatformName), details.OtherPlatformName) })
        {
            if (value?.Length > (field == nameof(PresenceDetails.Purpose) ? TextMaxLength : HandleMaxLength))
            {
                problems.Add(new(field, "This is too long."));
            }
            else if (LooksLikeAPassword(value))
            {
                problems.Add(new(field, "This looks like a password. Never type a password into the portal: take it out and send the form again."));
            }
        }

        if (details.Address?.Length > AddressMaxLength)
        {
            problems.Add(new(nameof(PresenceDetails.Address), "This address is too long."));
        }

        return problems;
    }

    /// <summary>"password: ...", "pwd=...", "my password is ..." and the like: never stored, even by mistake.</summary>
    public static bool LooksLikeAPassword(string? text) => text is not null && PasswordPattern().IsMatch(text);

    [GeneratedRegex(@"\b(pass\s*word|passwd|pwd|passcode)\b\s*(is\b|[:=])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PasswordPattern();

    private static string Required(string? text, string message) =>
        string.IsNullOrWhiteSpace(text) ? throw new DomainRuleException(message)
        : text.Length > TextMaxLength ? throw new DomainRuleException($"Keep it to {TextMaxLength} characters.")
        : LooksLikeAPassword(text) ? throw new DomainRuleException("That looks like a password. Never type a password into the portal.")
        : text.Trim();

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : Required(text, string.Empty);
}
