using System.Net;
using System.Text.RegularExpressions;

namespace PolicyPortal.FunctionalTests.Security;

/// <summary>
/// The post forms on a page, by the address they post to, each filled in as a person in a hurry would: hidden values and
/// what the fields already hold kept, something plausible typed into each empty one, the boxes already ticked, the chosen
/// option, and where nothing is chosen the first radio button, option and named button. Read from the portal's own
/// markup, which tag helpers keep regular.
/// </summary>
internal static partial class PageForms
{
    public static IReadOnlyDictionary<string, List<KeyValuePair<string, string>>> Read(string html)
    {
        var forms = new Dictionary<string, List<KeyValuePair<string, string>>>();
        foreach (Match form in Form().Matches(html))
        {
            var body = form.Groups["body"].Value;
            var fields = new List<KeyValuePair<string, string>>();
            var firstChoice = new Dictionary<string, string>();
            foreach (Match input in Input().Matches(body))
            {
                var tag = input.Value;
                if (Attribute(tag, "name") is not { } name)
                {
                    continue;
                }

                var value = Attribute(tag, "value") ?? string.Empty;
                var isChecked = Checked().IsMatch(tag);
                switch (Attribute(tag, "type") ?? "text")
                {
                    case "file" or "submit" or "button" or "image":
                        break;
                    case "checkbox" when isChecked:
                    case "radio" when isChecked:
                        fields.Add(new(name, value));
                        firstChoice[name] = value;
                        break;
                    case "radio":
                        firstChoice.TryAdd(name, value);
                        break;
                    case "checkbox":
                        break;
                    case "hidden":
                        fields.Add(new(name, value));
                        break;
                    case var type:
                        fields.Add(new(name, value.Length > 0 ? value : Typed(type, tag)));
                        break;
                }
            }

            foreach (Match textarea in TextArea().Matches(body))
            {
                var text = WebUtility.HtmlDecode(textarea.Groups["text"].Value);
                fields.Add(new(WebUtility.HtmlDecode(textarea.Groups["name"].Value), text.Length > 0 ? text : Typed("text", string.Empty)));
            }

            foreach (Match select in Select().Matches(body))
            {
                var options = Option().Matches(select.Groups["options"].Value).Select(o => o.Value).ToList();
                var chosen = options.FirstOrDefault(o => Selected().IsMatch(o)) ?? options.FirstOrDefault();
                if (chosen is not null)
                {
                    fields.Add(new(WebUtility.HtmlDecode(select.Groups["name"].Value), Attribute(chosen, "value") ?? string.Empty));
                }
            }

            // A radio group with nothing chosen, and the buttons that carry a name (save or preview): the first, as a person would pick.
            fields.AddRange(firstChoice.Where(c => fields.All(f => f.Key != c.Key)).Select(c => new KeyValuePair<string, string>(c.Key, c.Value)));
            if (NamedButton().Match(body) is { Success: true } button)
            {
                fields.Add(new(Attribute(button.Value, "name")!, Attribute(button.Value, "value") ?? string.Empty));
            }

            forms.TryAdd(WebUtility.HtmlDecode(form.Groups["action"].Value), fields);
        }

        return forms;
    }

    private static string Typed(string type, string tag) => type switch
    {
        "email" => $"bad-input-{Guid.NewGuid():N}@example.org",
        "url" => "https://x.com/BadInput",
        "date" => Attribute(tag, "max") ?? "2026-11-20",
        "number" => Attribute(tag, "min") ?? "1",
        _ => "Bad input check",
    };

    private static string? Attribute(string tag, string name) =>
        Regex.Match(tag, "\\s" + name + "=\"(?<value>[^\"]*)\"", RegexOptions.IgnoreCase) is { Success: true } match ? WebUtility.HtmlDecode(match.Groups["value"].Value) : null;

    [GeneratedRegex("""<form\b(?=[^>]*\bmethod="post")[^>]*\baction="(?<action>[^"]*)"[^>]*>(?<body>.*?)</form>""", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Form();

    [GeneratedRegex("<input\\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex Input();

    [GeneratedRegex("""<textarea\b[^>]*\bname="(?<name>[^"]*)"[^>]*>(?<text>.*?)</textarea>""", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex TextArea();

    [GeneratedRegex("""<select\b[^>]*\bname="(?<name>[^"]*)"[^>]*>(?<options>.*?)</select>""", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Select();

    [GeneratedRegex("<option\\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex Option();

    [GeneratedRegex("""<button\b[^>]*\bname="[^"]*"[^>]*>""", RegexOptions.IgnoreCase)]
    private static partial Regex NamedButton();

    [GeneratedRegex("""\schecked(="checked")?[\s>]""", RegexOptions.IgnoreCase)]
    private static partial Regex Checked();

    [GeneratedRegex("""\sselected(="selected")?[\s>]""", RegexOptions.IgnoreCase)]
    private static partial Regex Selected();
}
