using System.Text;
using System.Text.Encodings.Web;
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
public sealed record RenderedPolicyText(string Html, IReadOnlyList<ContentsEntry> Contents)
{
    /// <summary>Why the text cannot be shown, when it cannot: <see cref="Html"/> then says so in its place.</summary>
    public string? Problem { get; init; }
}

/// <summary>What a text is rendered from: the Markdown, its images, and the other policies in force its words may name.</summary>
public sealed record PolicySource(string Markdown, IReadOnlyCollection<RevisionAttachment> Images, IReadOnlyList<PolicyLink> OtherPolicies);

/// <summary>
/// Renders policy Markdown. Raw HTML is shown as text. A link is kept only when it goes to a place in the text itself
/// (<c>#scope</c>, a footnote), to an email address (<c>mailto:</c>) or to an absolute <c>http</c> or <c>https</c>
/// address; any other becomes its plain text: a relative, root-relative or protocol-relative (<c>//host</c>) one, which
/// would lead to the portal's own pages, and one with another scheme (<c>javascript:</c>, <c>data:</c> ...). The links
/// this class adds itself, to the other policies in force, are the only links to the portal's pages. An image is shown
/// only when it is one of the revision's own attachments, named by its file name (<c>![Flowchart](image1.png)</c>); any
/// other becomes its alt text. Tables are GitHub pipe tables, with header cells for columns and a caption from a
/// <c>Table: …</c> line straight after the table; footnotes are <c>[^1]</c>. A text the portal cannot render quickly or at
/// all (<see cref="Problem"/>) is never stored, and one stored before this was checked renders as a message saying why.
/// A rendering depends only on the text, its images and which policies are in force (their titles become links), so it
/// is cached by the revision's fingerprint, which covers the text and images, and the key of that set: an adopted
/// revision is rendered once, not per request, and again only when another policy is adopted or retired.
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

    /// <summary>
    /// Why the portal cannot show this text, in words for whoever wrote it, or null when it can: the one check a text
    /// passes before it is stored, submitted or adopted. Its shape is checked first (<see cref="PolicyTextLimits"/>), then
    /// it is rendered as every page renders it.
    /// </summary>
    public static string? Problem(string markdown) => Render(markdown).Problem;

    /// <summary>
    /// The text as HTML, with its contents; or, when it cannot be shown (<see cref="Problem"/>), a message saying why in
    /// its place, and no contents.
    /// </summary>
    /// <param name="imageUrl">Where each image is served from, by its SHA-256: <see cref="ImageUrl"/> unless told otherwise.</param>
    public static RenderedPolicyText Render(string markdown, IReadOnlyCollection<RevisionAttachment>? images = null, IReadOnlyList<PolicyLink>? otherPolicies = null, Func<string, string>? imageUrl = null)
    {
        if (PolicyTextLimits.Problem(markdown) is { } shape)
        {
            return CannotBeShown(shape);
        }

        try
        {
            return RenderChecked(markdown, images ?? [], otherPolicies, imageUrl ?? ImageUrl);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // Markdig refuses what is nested too deeply (as an ArgumentException); whatever else fails, the page still works.
            return CannotBeShown(WhereUnreadable(markdown, error));
        }
    }

    private static RenderedPolicyText RenderChecked(string markdown, IReadOnlyCollection<RevisionAttachment> images, IReadOnlyList<PolicyLink>? otherPolicies, Func<string, string> imageUrl)
    {
        var document = Parse(markdown, images, imageUrl);
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

    private static RenderedPolicyText CannotBeShown(string problem) =>
        new($"<div class=\"notice notice--problem\"><p>{HtmlEncoder.Default.Encode($"This version's text cannot be shown: {problem}")}</p></div>\n", [])
        {
            Problem = problem,
        };

    /// <summary>
    /// Says where a text Markdig cannot read goes wrong: the first paragraph (lines without a blank line between them) it
    /// cannot read on its own, if there is one.
    /// </summary>
    private static string WhereUnreadable(string markdown, Exception error)
    {
        var what = error is ArgumentException
            ? "nests brackets, bold or italic marks, quotes or lists inside each other too deeply, or leaves too many [ open. Simplify it."
            : "could not be read as Markdown.";
        var lines = markdown.Split('\n');
        for (var start = 0; start < lines.Length;)
        {
            var end = start;
            while (end < lines.Length && !string.IsNullOrWhiteSpace(lines[end]))
            {
                end++;
            }

            if (end > start && !Renders(string.Join('\n', lines[start..end])))
            {
                return $"The paragraph from line {start + 1} {what}";
            }

            start = end + 1;
        }

        return $"The text {what}";
    }

    private static bool Renders(string markdown)
    {
        try
        {
            RenderChecked(markdown, [], null, ImageUrl);
            return true;
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            return false;
        }
    }

    /// <summary>
    /// The text parsed as every rendering shows it: unsafe links made plain text, images that are not the revision's own
    /// made their alt text, and tables given their captions. The HTML and the evidence pack's PDF both start here; the PDF
    /// only for a text that can be shown (<see cref="Problem"/>), as Markdig throws on one nested too deeply.
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

    /// <summary>
    /// True for the links a policy's text may keep: to a place in the text (<c>#scope</c>), to an email address
    /// (<c>mailto:</c>), or to an absolute <c>http://</c> or <c>https://</c> address. Anything else is false: a relative,
    /// root-relative or protocol-relative (<c>//host</c>) address, which leads to the portal's own pages, an empty one, and
    /// every other scheme.
    /// </summary>
    public static bool IsAllowedUrl(string? url)
    {
        // Browsers skip whitespace and control characters inside an address ("java\tscript:", "/\t/host"), so read it without them.
        var cleaned = string.Concat((url ?? string.Empty).Where(c => !char.IsControl(c) && !char.IsWhiteSpace(c)));
        return cleaned.StartsWith('#')
            || cleaned.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase)
            || cleaned.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            || cleaned.StartsWith("http://", StringComparison.OrdinalIgnoreCase);
    }

    private static void NeutraliseUnsafeLinks(MarkdownDocument document)
    {
        // Find every unsafe link before changing the tree: Markdig walks it through sibling links that the changes rewire.
        // Images are left to ShowOnlyOwnImages; an autolink to an email address (<office@school.example>) is a mailto: link.
        var links = document.Descendants<LinkInline>().Where(l => !l.IsImage && !IsAllowedUrl(l.Url)).ToList();
        var autolinks = document.Descendants<AutolinkInline>().Where(a => !a.IsEmail && !IsAllowedUrl(a.Url)).ToList();

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
