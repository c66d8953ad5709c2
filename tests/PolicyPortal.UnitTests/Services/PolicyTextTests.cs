using Microsoft.Extensions.Caching.Memory;
using PolicyPortal.Web.Services;

namespace PolicyPortal.UnitTests.Services;

public sealed class PolicyTextTests
{
    [Theory]
    [InlineData("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;")]
    [InlineData("Text with <b onmouseover=\"alert(1)\">inline html</b>.", "&lt;b onmouseover=&quot;alert(1)&quot;&gt;inline html&lt;/b&gt;")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>", "&lt;iframe")]
    public void Raw_html_is_shown_as_text(string markdown, string expected)
    {
        var html = PolicyText.Render(markdown).Html;

        Assert.Contains(expected, html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b ", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<iframe", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[click](javascript:alert(1))", "click")]
    [InlineData("[click](JaVaScRiPt:alert(1))", "click")]
    [InlineData("[click](java\tscript:alert(1))", "click")]
    [InlineData("[click](javascript&#58;alert(1))", "click")]
    [InlineData("[click](data:text/html;base64,PHNjcmlwdD4=)", "click")]
    [InlineData("[click](vbscript:msgbox(1))", "click")]
    [InlineData("[click][ref]\n\n[ref]: javascript:alert(1)", "click")]
    [InlineData("![picture](javascript:alert(1))", "picture")]
    [InlineData("<javascript:alert(1)>", "javascript:alert(1)")]
    [InlineData("<data:text/html,hello>", "data:text/html,hello")]
    public void Links_to_scripts_and_data_become_plain_text(string markdown, string text)
    {
        var html = PolicyText.Render(markdown).Html;

        Assert.DoesNotContain("<a", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.Contains(text, html, StringComparison.Ordinal);
    }

    // A link to the portal's own pages (a concern, a sign-off list) would have whoever follows it open that page from a
    // policy's text; only the links the portal makes itself, to other policies in force, lead there.
    [Theory]
    [InlineData("[concern](/concerns/1)")]
    [InlineData("[concern](concerns/1)")]
    [InlineData("[up](../people)")]
    [InlineData("[sign-off](?page=2)")]
    [InlineData("[elsewhere](//evil.example/x)")]
    [InlineData("[elsewhere](/\t/evil.example/x)")]
    [InlineData("[same page]()")]
    [InlineData("[relative http](https:concerns/1)")]
    [InlineData("[one slash](https:/concerns/1)")]
    [InlineData("[concern][ref]\n\n[ref]: /concerns/1")]
    public void Relative_root_relative_and_protocol_relative_links_become_plain_text(string markdown)
    {
        var html = PolicyText.Render(markdown).Html;

        Assert.DoesNotContain("<a", html, StringComparison.Ordinal);
        Assert.Contains(markdown[1..markdown.IndexOf(']', StringComparison.Ordinal)], html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[site](https://example.org/a?b=c)", "<a href=\"https://example.org/a?b=c\">site</a>")]
    [InlineData("[site](http://example.org)", "<a href=\"http://example.org\">site</a>")]
    [InlineData("[site](HTTPS://example.org)", "<a href=\"HTTPS://example.org\">site</a>")]
    [InlineData("[mail](mailto:office@school.example)", "<a href=\"mailto:office@school.example\">mail</a>")]
    [InlineData("[section](#scope)", "<a href=\"#scope\">section</a>")]
    [InlineData("<https://example.org>", "<a href=\"https://example.org\">https://example.org</a>")]
    [InlineData("<office@school.example>", "<a href=\"mailto:office@school.example\">office@school.example</a>")]
    [InlineData("Staff must comply.[^1]\n\n[^1]: As amended.", "href=\"#fn:1\" class=\"footnote-ref\"")]
    public void Links_within_the_text_to_email_and_to_absolute_web_addresses_are_kept(string markdown, string expected)
    {
        Assert.Contains(expected, PolicyText.Render(markdown).Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Headings_get_anchors_and_a_table_of_contents()
    {
        var rendered = PolicyText.Render("## Scope\n\nText.\n\n## Employee Groups / Networks\n\n### Detail\n\nMore.");

        Assert.Contains("<h2 id=\"scope\">Scope</h2>", rendered.Html, StringComparison.Ordinal);
        Assert.Equal(
            [new ContentsEntry("scope", "Scope", 2), new ContentsEntry("employee-groups--networks", "Employee Groups / Networks", 2), new ContentsEntry("detail", "Detail", 3)],
            rendered.Contents);
    }

    [Fact]
    public void Several_unsafe_links_in_one_paragraph_all_become_plain_text()
    {
        var html = PolicyText.Render("Click [here](javascript:alert(1)) or <javascript:alert(2)> or [data](data:text/html,x) or <https://example.org>.").Html;

        Assert.Equal("<p>Click here or javascript:alert(2) or data or <a href=\"https://example.org\">https://example.org</a>.</p>\n", html);
    }

    [Fact]
    public void A_text_is_rendered_once_and_then_served_from_the_cache()
    {
        using var cache = new MemoryCache(new MemoryCacheOptions());
        var policyText = new PolicyText(cache);

        var first = policyText.Render("## Scope\n\nText.", "hash-1", []);
        var second = policyText.Render("## Scope\n\nText.", "hash-1", []);
        var other = policyText.Render("## Other\n\nText.", "hash-2", []);

        Assert.Same(first, second);
        Assert.NotSame(first, other);
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public async Task A_text_with_links_is_rendered_again_only_when_the_policies_in_force_change()
    {
        using var cache = new MemoryCache(new MemoryCacheOptions());
        var policyText = new PolicyText(cache);
        var loads = 0;
        const string text = "See the Disciplinary Policy.";
        Task<PolicySource> Load(IReadOnlyList<PolicyLink> links)
        {
            loads++;
            return Task.FromResult(new PolicySource(text, [], links));
        }

        var before = await policyText.RenderAsync("hash-1", 1, "a", () => Load([]));
        var again = await policyText.RenderAsync("hash-1", 1, "a", () => Load([]));
        var after = await policyText.RenderAsync("hash-1", 1, "a\nb", () => Load([new("Disciplinary Policy", "disciplinary")]));

        Assert.Same(before, again);
        Assert.Equal(2, loads);
        Assert.DoesNotContain("<a ", before.Html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/policies/disciplinary\">Disciplinary Policy</a>", after.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_policies_with_the_same_text_each_link_to_the_other_and_not_to_themselves()
    {
        using var cache = new MemoryCache(new MemoryCacheOptions());
        var policyText = new PolicyText(cache);
        const string text = "Read with the Code of Conduct and the Disciplinary Policy.";
        IReadOnlyList<PolicyLink> codeOfConduct = [new("Code of Conduct", "code-of-conduct")];
        IReadOnlyList<PolicyLink> disciplinary = [new("Disciplinary Policy", "disciplinary")];

        var onDisciplinary = await policyText.RenderAsync("hash-1", 1, "both", () => Task.FromResult(new PolicySource(text, [], codeOfConduct)));
        var onCodeOfConduct = await policyText.RenderAsync("hash-1", 2, "both", () => Task.FromResult(new PolicySource(text, [], disciplinary)));

        Assert.Contains("<a href=\"/policies/code-of-conduct\">", onDisciplinary.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<a href=\"/policies/disciplinary\">", onDisciplinary.Html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/policies/disciplinary\">", onCodeOfConduct.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<a href=\"/policies/code-of-conduct\">", onCodeOfConduct.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Titles_of_other_policies_in_running_text_link_to_them()
    {
        var links = new List<PolicyLink> { new("Disciplinary Policy", "disciplinary"), new("E-Safety Policy", "e-safety") };

        var html = PolicyText.Render(
            "## Disciplinary Policy\n\nSee the Academy's E-Safety Policy and the disciplinary policy. [Disciplinary Policy](https://example.org) stays as written.",
            otherPolicies: links).Html;

        Assert.Contains("<h2 id=\"disciplinary-policy\">Disciplinary Policy</h2>", html, StringComparison.Ordinal);
        Assert.Contains("See the Academy's <a href=\"/policies/e-safety\">E-Safety Policy</a> and the <a href=\"/policies/disciplinary\">disciplinary policy</a>.", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://example.org\">Disciplinary Policy</a> stays as written.", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pipe_table_has_column_header_cells_a_caption_and_a_named_box_that_scrolls()
    {
        var html = PolicyText.Render("| Platform | Who decides |\n| --- | :---: |\n| Facebook | The Principal |\n\nTable: Who decides a request").Html;

        Assert.Contains("<div class=\"table-box\" role=\"region\" tabindex=\"0\" aria-label=\"Who decides a request\">", html, StringComparison.Ordinal);
        Assert.Contains("<caption>Who decides a request</caption>", html, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"col\">Platform</th>", html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"align-center\">The Principal</td>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Table:", html, StringComparison.Ordinal);
        Assert.DoesNotContain("style=", html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_table_without_a_caption_is_named_by_its_place_and_a_cell_cannot_carry_html()
    {
        var html = PolicyText.Render("| A |\n| - |\n| <script>x</script> |").Html;

        Assert.Contains("aria-label=\"Table 1\"", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<caption>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Footnotes_are_notes_at_the_end()
    {
        var html = PolicyText.Render("Staff must comply.[^1]\n\n[^1]: As amended in 2016.").Html;

        Assert.Contains("class=\"footnotes\"", html, StringComparison.Ordinal);
        Assert.Contains("As amended in 2016.", html, StringComparison.Ordinal);
    }

    [Fact]
    public void An_image_is_shown_only_when_it_is_one_of_the_revisions_own_attachments()
    {
        var revision = new Web.Domain.Policy("p", "P", Web.Domain.PolicyAudience.Staff, [], []).StartDraft(DateTime.UnixEpoch, "![Flowchart](image1.png) ![Elsewhere](https://example.org/a.png) ![Missing](image2.png)");
        revision.ReplaceAttachments([new Web.Domain.NewAttachment("image1.png", "image/png", [1, 2, 3])]);
        var sha = Web.Domain.AttachmentContent.HashOf([1, 2, 3]);

        var html = PolicyText.Render(revision.Body, revision.Attachments).Html;

        Assert.Contains($"<img src=\"/attachments/{sha}\" alt=\"Flowchart\" />", html, StringComparison.Ordinal);
        Assert.Contains("Elsewhere", html, StringComparison.Ordinal);
        Assert.Contains("Missing", html, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "<img"));
    }
}
