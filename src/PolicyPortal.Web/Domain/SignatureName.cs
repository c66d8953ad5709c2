using System.Globalization;
using System.Text;

namespace PolicyPortal.Web.Domain;

/// <summary>
/// A typed signature counts when it is the signer's name as a person would judge it: case, spacing and accents aside,
/// and whichever apostrophe, quote mark or dash the keyboard typed. The receipt keeps the name exactly as typed.
/// </summary>
public static class SignatureName
{
    public static bool Matches(string? typed, string fullName) =>
        !string.IsNullOrWhiteSpace(typed)
        && string.Equals(Canonical(typed), Canonical(fullName), StringComparison.Ordinal);

    // Letters that carry a mark but do not decompose into a base letter and an accent, as an English keyboard types them.
    private static readonly Dictionary<char, string> PlainLetters = new()
    {
        ['ß'] = "SS",
        ['ẞ'] = "SS",
        ['Æ'] = "AE",
        ['Œ'] = "OE",
        ['Ø'] = "O",
        ['Ł'] = "L",
        ['Đ'] = "D",
        ['Ħ'] = "H",
    };

    private static string Canonical(string name)
    {
        // Compatibility decomposition: a composed "ë" becomes "e" and its accent, and full-width letters ordinary ones. The
        // spacing acute accent, typed as an apostrophe on some keyboards, would decompose to a space and an accent.
        var decomposed = name.Replace('\u00B4', '\'').Normalize(NormalizationForm.FormKD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (char.IsWhiteSpace(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            var upper = char.ToUpperInvariant(c);
            if (IsApostrophe(upper))
            {
                builder.Append('\'');
            }
            else if (IsQuote(upper))
            {
                builder.Append('"');
            }
            else if (upper == '\u2212' || CharUnicodeInfo.GetUnicodeCategory(upper) == UnicodeCategory.DashPunctuation)
            {
                builder.Append('-');
            }
            else if (PlainLetters.TryGetValue(upper, out var plain))
            {
                builder.Append(plain);
            }
            else
            {
                builder.Append(upper);
            }
        }

        return builder.ToString();
    }

    // ' ’ ‘ ʼ ʻ ` ′
    private static bool IsApostrophe(char c) => c is '\'' or '\u2019' or '\u2018' or '\u02BC' or '\u02BB' or '`' or '\u2032';

    // " “ ” „ (a double prime ″ has already decomposed into two primes, read as apostrophes)
    private static bool IsQuote(char c) => c is '"' or '\u201C' or '\u201D' or '\u201E';
}
