using System.Globalization;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Data.Seeding;

/// <summary>
/// A policy shipped as a Markdown file whose front matter holds its metadata. The front matter is a small, flat subset of
/// YAML (<c>key: value</c>, quoted strings, <c>[a, b]</c> lists), so it is read here rather than with a YAML library.
/// </summary>
public sealed record SeedPolicyDocument(
    string Title,
    string Slug,
    string Version,
    PolicyAudience Audience,
    IReadOnlyList<string> AppliesTo,
    IReadOnlyList<string> References,
    AdoptionRecord Adoption,
    string Body)
{
    private const string Fence = "---";

    public static SeedPolicyDocument Parse(string text)
    {
        var lines = PolicyRevision.NormaliseLineEndings(text).Split('\n');
        if (lines.Length == 0 || lines[0].Trim() != Fence)
        {
            throw new FormatException("A seed policy starts with a '---' line that opens its front matter.");
        }

        var end = Array.FindIndex(lines, 1, l => l.Trim() == Fence);
        if (end < 0)
        {
            throw new FormatException("The front matter is not closed by a '---' line.");
        }

        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines[1..end].Where(l => !string.IsNullOrWhiteSpace(l)))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new FormatException($"Front matter line '{line}' is not 'key: value'.");
            }

            fields[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        string Required(string key) =>
            fields.TryGetValue(key, out var value) && Unquote(value).Length > 0
                ? Unquote(value)
                : throw new FormatException($"The front matter has no '{key}'.");
        string? Optional(string key) => fields.TryGetValue(key, out var value) ? Unquote(value) : null;

        var appliesTo = ListOf(Optional("applies-to"));
        var (reviewedOn, precision) = ParseDate(Required("last-reviewed"));
        var adoption = new AdoptionRecord(
            AdoptedBy: Required("adopted-by"),
            AdoptionNote: Optional("adoption"),
            ReviewedOn: reviewedOn,
            ReviewedOnPrecision: precision,
            SignedBy: Optional("signed-by"),
            ProvidedBy: Optional("provided-by"),
            ReviewCycleMonths: ParseReviewCycle(Optional("review-cycle")));

        // The body is everything after the closing fence, word for word; only the blank lines around it are dropped.
        var body = string.Join('\n', lines[(end + 1)..]).Trim('\n');

        var version = Required("version");
        if (!System.Text.RegularExpressions.Regex.IsMatch(version, @"^\d+\.\d+$", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1)))
        {
            throw new FormatException($"Version '{version}' is not of the form major.minor, e.g. 1.0.");
        }

        return new SeedPolicyDocument(
            Title: Required("title"),
            Slug: Required("slug"),
            Version: version,
            Audience: AudienceOf(appliesTo),
            AppliesTo: appliesTo,
            References: ListOf(Optional("references")),
            Adoption: adoption,
            Body: body);
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0] ? value[1..^1] : value;

    private static List<string> ListOf(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return [];
        }

        var inner = value.StartsWith('[') && value.EndsWith(']') ? value[1..^1] : value;
        return [.. inner.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(Unquote)];
    }

    private static (DateOnly Date, DatePrecision Precision) ParseDate(string value)
    {
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return (day, DatePrecision.Day);
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
        {
            return (month, DatePrecision.Month);
        }

        throw new FormatException($"'{value}' is not a date (yyyy-MM-dd or yyyy-MM).");
    }

    private static int ParseReviewCycle(string? value) => value?.ToUpperInvariant() switch
    {
        null or "" or "ANNUAL" or "ANNUALLY" or "YEARLY" => 12,
        "BIENNIAL" or "EVERY TWO YEARS" => 24,
        "TRIENNIAL" or "EVERY THREE YEARS" => 36,
        var months when int.TryParse(months.Replace("MONTHS", "", StringComparison.Ordinal).Trim(), CultureInfo.InvariantCulture, out var n) => n,
        _ => throw new FormatException($"Review cycle '{value}' is not understood: use annual, biennial, triennial or a number of months."),
    };

    private static PolicyAudience AudienceOf(IEnumerable<string> appliesTo)
    {
        var audience = PolicyAudience.None;
        foreach (var group in appliesTo)
        {
            audience |= group.Contains("governor", StringComparison.OrdinalIgnoreCase) ? PolicyAudience.Governors : PolicyAudience.Staff;
        }

        return audience;
    }
}
