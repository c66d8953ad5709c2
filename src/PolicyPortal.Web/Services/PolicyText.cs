using System.Text;
using Markdig;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Microsoft.Extensions.Caching.Memory;

namespace PolicyPortal.Web.Services;

/// <summary>A heading of the policy text, for the table of contents.</summary>
public sealed record ContentsEntry(string Id, string Text, int Level);

/// <summary>Policy text rendered to HTML that is safe to write into a page as it is.</summary>
public sealed record RenderedPolicyText(string Html, IReadOnlyList<ContentsEntry> Contents);

/// <summary>
/// Renders policy Markdown. Raw HTML is shown as text, and a link is kept only when it is http, https, mailto or relative:
/// anything else (javascript:, data:, vbscript: ...) becomes its plain text. A text's rendering depends only on the text,
/// so it is cached by the text's SHA-256 and an adopted revision is rendered once, not per request.
/// </summary>
public sealed class PolicyText(IMemoryCache cache)
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseAutoIdentifiers(Markdig.Extensions.AutoIdentifiers.AutoIdentifierOptions.GitHub)
        .Build();

    private static readonly string[] AllowedSchemes = ["http", "https", "mailto"];

    public RenderedPolicyText Render(string markdown, string sha256) =>
        cache.GetOrCreate(("policy-text", sha256), entry =>
        {
            entry.SlidingExpiration = TimeSpan.FromHours(6);
            return Render(markdown);
        })!;

    public static RenderedPolicyText Render(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        NeutraliseUnsafeLinks(document);

        var contents = document.Descendants<HeadingBlock>()
            .Where(h => h.Level is 2 or 3)
            .Select(h => new ContentsEntry(h.GetAttributes().Id ?? string.Empty, PlainText(h.Inline), h.Level))
            .Where(e => e.Id.Length > 0)
            .ToList();

        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return new RenderedPolicyText(writer.ToString(), contents);
    }

    /// <summary>True for http, https and mailto URLs and for relative ones.</summary>
    public static bool IsAllowedUrl(string? url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return true;
        }

        // Browsers skip whitespace and control characters inside a scheme ("java\tscript:"), so read it without them.
        var cleaned = string.Concat(url.Where(c => !char.IsControl(c) && !char.IsWhiteSpace(c)));
        var colon = cleaned.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return true;
        }

        var pathStart = cleaned.IndexOfAny(['/', '?', '#']);
        if (pathStart >= 0 && pathStart < colon)
        {
            return true;
        }

        var scheme = cleaned[..colon];
        return AllowedSchemes.Any(s => s.Equals(scheme, StringComparison.OrdinalIgnoreCase));
    }

    private static void NeutraliseUnsafeLinks(MarkdownDocument document)
    {
        // Find every unsafe link before changing the tree: Markdig walks it through sibling links that the changes rewire.
        var links = document.Descendants<LinkInline>().Where(l => !IsAllowedUrl(l.Url)).ToList();
        var autolinks = document.Descendants<AutolinkInline>().Where(a => !IsAllowedUrl(a.Url)).ToList();

        foreach (var link in links)
        {
            ReplaceWithChildren(link);
        }

        foreach (var autolink in autolinks)
        {
            autolink.ReplaceBy(new LiteralInline(autolink.Url));
        }
    }

    private static void ReplaceWithChildren(LinkInline link)
    {
        var child = link.FirstChild;
        while (child is not null)
        {
            var next = child.NextSibling;
            child.Remove();
            link.InsertBefore(child);
            child = next;
        }

        link.Remove();
    }

    private static string PlainText(ContainerInline? inline)
    {
        var text = new StringBuilder();
        foreach (var node in inline?.Descendants() ?? [])
        {
            switch (node)
            {
                case LiteralInline literal:
                    text.Append(literal.Content.ToString());
                    break;
                case CodeInline code:
                    text.Append(code.Content);
                    break;
            }
        }

        return text.ToString();
    }
}
