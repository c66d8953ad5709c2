using System.Text;

namespace PolicyPortal.Web.Domain;

/// <summary>A typed signature counts when it is the signer's name, ignoring case and spacing.</summary>
public static class SignatureName
{
    public static bool Matches(string? typed, string fullName) =>
        !string.IsNullOrWhiteSpace(typed)
        && string.Equals(Canonical(typed), Canonical(fullName), StringComparison.OrdinalIgnoreCase);

    private static string Canonical(string name)
    {
        // NFKC so that a name typed with a composed "ë" matches one stored decomposed, and full-width letters match.
        var normalised = name.Normalize(NormalizationForm.FormKC);
        var builder = new StringBuilder(normalised.Length);
        foreach (var c in normalised)
        {
            if (!char.IsWhiteSpace(c))
            {
                builder.Append(char.ToUpperInvariant(c));
            }
        }

        return builder.ToString();
    }
}
