using System.Globalization;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace PolicyPortal.Web.Services.WordImport;

/// <summary>What a paragraph or character style means for the Markdown, with the styles it is based on taken into account.</summary>
internal sealed record StyleMeaning(int? HeadingLevel, bool IsTitle, bool IsCaption, bool? Bold, bool? Italic, bool Hidden, int? NumberingId, int? NumberingLevel, int? IndentLeft);

/// <summary>
/// The document's styles, resolved along w:basedOn. A heading is known by its outline level or by its name ("heading 2"),
/// since documents made outside Word often give their headings other ids; a name is matched as Word's built-in names are.
/// </summary>
internal sealed class WordStyles
{
    private static readonly StyleMeaning None = new(null, false, false, null, null, false, null, null, null);

    private readonly Dictionary<string, Style> _styles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StyleMeaning> _resolved = new(StringComparer.Ordinal);
    private readonly string? _defaultParagraphStyle;

    public WordStyles(MainDocumentPart main)
    {
        var styles = main.StyleDefinitionsPart?.Styles ?? main.StylesWithEffectsPart?.Styles;
        foreach (var style in styles?.Elements<Style>() ?? [])
        {
            if (style.StyleId?.Value is { } id)
            {
                _styles.TryAdd(id, style);
                if (style.Default?.Value == true && style.Type?.Value == StyleValues.Paragraph)
                {
                    _defaultParagraphStyle ??= id;
                }
            }
        }
    }

    public StyleMeaning Paragraph(string? styleId) => Resolve(styleId ?? _defaultParagraphStyle);

    public StyleMeaning Character(string? styleId) => Resolve(styleId);

    private StyleMeaning Resolve(string? styleId)
    {
        if (styleId is null || !_styles.ContainsKey(styleId))
        {
            return None;
        }

        if (_resolved.TryGetValue(styleId, out var known))
        {
            return known;
        }

        // Resolved before the chain is followed, so a loop of w:basedOn ends here instead of going round for ever.
        _resolved[styleId] = None;
        var style = _styles[styleId];
        var parent = Resolve(style.BasedOn?.Val?.Value);
        var name = (style.StyleName?.Val?.Value ?? styleId).Trim().ToLowerInvariant();
        var properties = style.StyleParagraphProperties;
        var runProperties = style.StyleRunProperties;

        var headingLevel = parent.HeadingLevel;
        if (properties?.OutlineLevel?.Val?.Value is int outline)
        {
            headingLevel = outline is >= 0 and < 9 ? outline + 1 : null;
        }
        else if ((HeadingLevelFromName(name) ?? HeadingLevelFromName(styleId.ToLowerInvariant())) is int named)
        {
            headingLevel = named;
        }

        var meaning = new StyleMeaning(
            headingLevel,
            name == "title" || parent.IsTitle,
            name == "caption" || parent.IsCaption,
            runProperties?.Bold is { } bold ? bold.Val?.Value ?? true : parent.Bold,
            runProperties?.Italic is { } italic ? italic.Val?.Value ?? true : parent.Italic,
            runProperties?.Vanish is { } vanish ? vanish.Val?.Value ?? true : parent.Hidden,
            properties?.NumberingProperties?.NumberingId?.Val?.Value ?? parent.NumberingId,
            properties?.NumberingProperties?.NumberingLevelReference?.Val?.Value ?? parent.NumberingLevel,
            Twips(properties?.Indentation?.Left?.Value ?? properties?.Indentation?.Start?.Value) ?? parent.IndentLeft);
        _resolved[styleId] = meaning;
        return meaning;
    }

    private static int? HeadingLevelFromName(string name) =>
        name.StartsWith("heading", StringComparison.Ordinal)
        && int.TryParse(name.AsSpan("heading".Length).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var level)
        && level is >= 1 and <= 9
            ? level
            : null;

    public static int? Twips(string? value) =>
        int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var twips) ? twips : null;
}
