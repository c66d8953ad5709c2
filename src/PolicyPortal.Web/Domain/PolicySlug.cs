using System.Text.RegularExpressions;

namespace PolicyPortal.Web.Domain;

public static partial class PolicySlug
{
    public const int MaxLength = 100;

    // Words the portal's own addresses use under /policies/.
    private static readonly HashSet<string> Reserved = ["new", "import", "confirmations"];

    public static bool IsValid(string? slug) =>
        slug is { Length: > 0 and <= MaxLength } && Pattern().IsMatch(slug) && !Reserved.Contains(slug);

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
