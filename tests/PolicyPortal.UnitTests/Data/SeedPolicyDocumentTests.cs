using System.Net;
using System.Text.RegularExpressions;
using PolicyPortal.Web.Data.Seeding;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Services;

namespace PolicyPortal.UnitTests.Data;

public sealed partial class SeedPolicyDocumentTests
{
    private static readonly string SourceFile = Path.Combine(RepositoryRoot(), "src", "PolicyPortal.Web", "Data", "Seed", "personal-use-of-social-media.md");

    [Fact]
    public void The_shipped_policy_is_the_repository_file_word_for_word()
    {
        var source = PolicyRevision.NormaliseLineEndings(File.ReadAllText(SourceFile));
        var shipped = PortalSeeder.ShippedPolicies().Single();

        var bodyInFile = source[(source.IndexOf("\n---\n", 4, StringComparison.Ordinal) + 5)..];

        Assert.Equal(bodyInFile.Trim('\n'), shipped.Body);
        Assert.Equal(Words(bodyInFile), Words(shipped.Body));
    }

    [Fact]
    public void Every_word_of_the_shipped_policy_is_rendered_in_order()
    {
        var body = PortalSeeder.ShippedPolicies().Single().Body;

        var rendered = PolicyText.Render(body).Html;
        var renderedText = WebUtility.HtmlDecode(Tags().Replace(rendered, " "));

        // Markdown syntax (heading marks, list bullets, emphasis stars) is not text; every word is.
        var expected = Words(MarkdownSyntax().Replace(body, " "));
        Assert.Equal(expected, Words(renderedText));
        Assert.True(expected.Count > 1700, $"only {expected.Count} words");
    }

    [Fact]
    public void The_front_matter_becomes_the_adoption_record()
    {
        var policy = PortalSeeder.ShippedPolicies().Single();

        Assert.Equal("Personal Use of Social Media Sites", policy.Title);
        Assert.Equal("personal-use-of-social-media", policy.Slug);
        Assert.Equal("1.0", policy.Version);
        Assert.Equal(PolicyAudience.StaffAndGovernors, policy.Audience);
        Assert.Equal(["support staff", "teachers", "headteachers/principals", "governors"], policy.AppliesTo);
        Assert.Equal(["E-Safety Policy", "Disciplinary Policy", "Dignity at Work Policy and Procedure"], policy.References);
        Assert.Equal(
            new AdoptionRecord(
                "Governing Body of King Edward VII Science and Sport College",
                "adopted in its entirety",
                new DateOnly(2016, 1, 1),
                DatePrecision.Month,
                "J.T. Kailofer",
                "Leicestershire County Council Traded Services, following consultation with unions",
                12),
            policy.Adoption);
        Assert.StartsWith("## Scope\n\nThis policy applies to support staff", policy.Body, StringComparison.Ordinal);
        Assert.EndsWith("not in breach of any of the terms in this policy.", policy.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no front matter")]
    [InlineData("---\ntitle: x\n")]
    [InlineData("---\ntitle: X\nslug: x\nversion: 1.0\nadopted-by: GB\nlast-reviewed: January\n---\nBody")]
    [InlineData("---\ntitle: X\nslug: x\nversion: 1.0\nadopted-by: GB\nlast-reviewed: 2020-01\nreview-cycle: fortnightly\n---\nBody")]
    [InlineData("---\ntitle: X\nslug: x\nversion: 1\nadopted-by: GB\nlast-reviewed: 2020-01\n---\nBody")]
    public void A_malformed_seed_file_is_refused_with_a_reason(string text) =>
        Assert.Throws<FormatException>(() => SeedPolicyDocument.Parse(text));

    private static List<string> Words(string text) =>
        [.. text.Split((char[])[' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)];

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "PolicyPortal.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("PolicyPortal.sln not found above the test folder.");
    }

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"(?m)^#{1,6} |^- |\*(?=\S)|(?<=\S)\*")]
    private static partial Regex MarkdownSyntax();
}
