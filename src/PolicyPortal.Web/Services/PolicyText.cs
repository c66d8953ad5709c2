using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Microsoft.Extensions.Caching.Memory;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Services;

/// <summary>A heading of the policy text, for the table of contents.</summary>
public sealed record ContentsEntry(string Id, string Text, int Level);

/// <summary>Another policy in force that a text may name: its title and address.</summary>
public sealed record PolicyLink(string Title, string Slug);

/// <summary>Policy text rendered to HTML that is safe to write into a page as it is.</summary>
public sealed record RenderedPolicyText(string Html, IReadOnlyList<ContentsEntry> Contents);

/// <summary>What a text is rendered from: the Markdown, its images, and the other policies in force its words may name.</summary>
public sealed record PolicySource(string Markdown, IReadOnlyCollection<RevisionAttachment> Images, IReadOnlyList<PolicyLink> OtherPolicies);

/// <summary>
/// Renders policy Markdown. Raw HTML is shown as text, and a link is kept only when it is http, https, mailto or relative:
/// anything else (javascript:, data:, vbscript: ...) becomes its plain text. An image is shown only when it is one of the
/// revision's own attachments, named by its file name (<c>![Flowchart](image1.png)</c>); any other becomes its alt text.
/// Tables are GitHub pipe tables, with header cells for columns and a caption from a <c>Table: …</c> line straight after
/// the table; footnotes are <c>[^1]</c>. A rendering depends only on the text, its images and which policies are in force
/// (their titles become links), so it is cached by the revision's fingerprint, which covers the text and images, and the
/// key of that set: an adopted revision is rendered once, not per request, and again only when another policy is adopted
/// or retired.
/// </summary>
public sealed class PolicyText(IMemoryCache cache)
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseAutoIdentifiers(Markdig.Extensions.AutoIdentifiers.AutoIdentifierOptions.GitHub)
        .UsePipeTables(new PipeTableOptions { InferColumnWidthsFromSeparator = false })
        .UseFootnotes()
        .Build();

    /// <summary>Where an attachment is served from; the bytes are named by their SHA-256, so the address never goes stale.</summary>
    public static string ImageUrl(string sha256) => $"/attachments/{sha256}";

    private static readonly string[] AllowedSchemes = ["http", "https", "mailto"];

    private static readonly TimeSpan CacheFor = TimeSpan.FromHours(6);

    /// <summary>The text as it is, without links to other policies: a draft's preview, a sign-off sheet.</summary>
    /// <param name="fingerprint">The revision's fingerprint (<see cref="PolicyRevision.BodySha256"/>), which names it in the cache.</param>
    public RenderedPolicyText Render(string markdown, string fingerprint, IReadOnlyCollection<RevisionAttachment> images) =>
        cache.GetOrCreate(("policy-text", fingerprint), entry =>
        {
            entry.SlidingExpiration = CacheFor;
            return Render(markdown, images);
        })!;

    /// <summary>The text with each mention of another policy in force linked to it.</summary>
    /// <param name="sha256">The text's SHA-256, which names it in the cache.</param>
    /// <param name="policyId">
    /// The policy the text belongs to. Two policies with the same text link to different others (each not to itself), so
    /// they are rendered apart.
    /// </param>
    /// <param name="inForce">Names the set of policies in force (<see cref="PolicyCatalogue.InForceKeyAsync"/>).</param>
    /// <param name="source">Loads the text and the policies whose titles become links; asked only when the text is rendered.</param>
    public async Task<RenderedPolicyText> RenderAsync(string sha256, int policyId, string inForce, Func<Task<PolicySource>> source) =>
        (await cache.GetOrCreateAsync(("policy-text-linked", sha256, policyId, inForce), async entry =>
        {
            entry.SlidingExpiration = CacheFor;
            var text = await source();
            return Render(text.Markdown, text.Images, text.OtherPolicies);
        }))!;

    /// <param name="imageUrl">Where each image is served from, by its SHA-256: <see cref="ImageUrl"/> unless told otherwise.</param>
    public static RenderedPolicyText Render(string markdown, IReadOnlyCollection<RevisionAttachment>? images = null, IReadOnlyList<PolicyLink>? otherPolicies = null, Func<string, string>? imageUrl = null)
    {
        var document = Parse(markdown, images ?? [], imageUrl ?? ImageUrl);
        if (otherPolicies is { Count: > 0 })
        {
            LinkOtherPolicies(document, otherPolicies);
        }

        var contents = document.Descendants<HeadingBlock>()
            .Where(h => h.Level is 2 or 3)
            .Select(h => new ContentsEntry(h.GetAttributes().Id ?? string.Empty, PlainText(h.Inline), h.Level))
            .Where(e => e.Id.Length > 0)
            .ToList();

        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.ObjectRenderers.Replace<HtmlTableRenderer>(new PolicyTables());
        renderer.Render(document);
        writer.Flush();
        return new RenderedPolicyText(writer.ToString(), contents);
    }

    /// <summary>
    /// The text parsed as every rendering shows it: unsafe links made plain text, images that are not the revision's own
    /// made their alt text, and tables given their captions. The HTML and the evidence pack's PDF both start here.
    /// </summary>
    /// <param name="imageUrl">What each own image's URL becomes, from its SHA-256.</param>
    internal static MarkdownDocument Parse(string markdown, IReadOnlyCollection<RevisionAttachment> images, Func<string, string> imageUrl)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        NeutraliseUnsafeLinks(document);
        ShowOnlyOwnImages(document, images, imageUrl);
        PolicyTables.TakeCaptions(document);
        return document;
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

    /// <summary>Points each image at the revision's attachment of that name; an image of anything else becomes its alt text.</summary>
    private static void ShowOnlyOwnImages(MarkdownDocument document, IReadOnlyCollection<RevisionAttachment> images, Func<string, string> imageUrl)
    {
        var byName = images.ToDictionary(a => a.FileName, StringComparer.OrdinalIgnoreCase);
        foreach (var image in document.Descendants<LinkInline>().Where(l => l.IsImage).ToList())
        {
            if (image.Url is { } url && byName.TryGetValue(url, out var attachment))
            {
                image.Url = imageUrl(attachment.Sha256);
            }
            else
            {
                ReplaceWithChildren(image);
            }
        }
    }

    /// <summary>Turns each mention of another policy's title in running text (not in headings or links) into a link to it.</summary>
    private static void LinkOtherPolicies(MarkdownDocument document, IReadOnlyList<PolicyLink> policies)
    {
        var byTitle = policies
            .GroupBy(p => p.Title, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().Slug, StringComparer.OrdinalIgnoreCase);
        var titles = new Regex(
            $@"\b(?:{string.Join('|', byTitle.Keys.OrderByDescending(t => t.Length).Select(Regex.Escape))})\b",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant,
            TimeSpan.FromSeconds(1));

        var candidates = document.Descendants<LiteralInline>()
            .Where(l => l.FirstParentOfType<LinkInline>() is null && RootOf(l).ParentBlock is not HeadingBlock)
            .ToList();
        foreach (var literal in candidates)
        {
            var text = literal.Content.ToString();
            var matches = titles.Matches(text);
            if (matches.Count == 0)
            {
                continue;
            }

            var position = 0;
            foreach (Match match in matches)
            {
                if (match.Index > position)
                {
                    literal.InsertBefore(new LiteralInline(text[position..match.Index]));
                }

                var link = new LinkInline($"/policies/{byTitle[match.Value]}", string.Empty);
                link.AppendChild(new LiteralInline(match.Value));
                literal.InsertBefore(link);
                position = match.Index + match.Length;
            }

            if (position < text.Length)
            {
                literal.InsertBefore(new LiteralInline(text[position..]));
            }

            literal.Remove();
        }
    }

    private static ContainerInline RootOf(Inline inline)
    {
        var root = inline.Parent!;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        return root;
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

    /// <summary>The words of some inline Markdown, without its marks: a heading's text for the contents, a table's caption for its name.</summary>
    internal static string PlainText(ContainerInline? inline)
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
