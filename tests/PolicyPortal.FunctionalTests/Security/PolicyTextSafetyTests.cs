using System.Text.RegularExpressions;
using PolicyPortal.Testing;
using PolicyPortal.Web.Data.Seeding;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.FunctionalTests.Security;

public sealed partial class PolicyTextSafetyTests(PortalApplication app) : IClassFixture<PortalApplication>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private const string HostileText = """
        ## Hostile

        <script>alert('raw script')</script>

        Click [here](javascript:alert(1)) or <javascript:alert(2)> or [data](data:text/html;base64,PHNjcmlwdD5hbGVydCgzKTwvc2NyaXB0Pg==).

        <div onclick="alert(4)">raw html block</div>

        An <img src=x onerror=alert(5)> inline tag and [fine](https://example.org/ok).
        """;

    [Fact]
    public async Task Script_raw_html_and_javascript_links_in_policy_text_render_inert()
    {
        await app.WithDatabaseAsync(async db =>
        {
            var policy = new Policy("hostile", "Hostile Policy", PolicyAudience.Staff, ["all staff"], []);
            policy.AddAdoptedRevision("1.0", HostileText, new AdoptionRecord("Governing Body", null, new DateOnly(2026, 9, 1), DatePrecision.Day, null, null, 12), app.Clock.GetUtcNow().UtcDateTime);
            db.Policies.Add(policy);
            await db.SaveChangesAsync();
        });
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);

        var page = await teacher.GetStringAsync("/policies/hostile");

        // The only script on the page is the portal's own file.
        Assert.Equal(["<script src=\"/js/site.js"], ScriptTag().Matches(page).Select(m => m.Value[..Math.Min(m.Value.Length, 24)]));
        Assert.DoesNotContain("href=\"javascript", page, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("or javascript:alert(2) or", page, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"data:", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<div onclick", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", page, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", page, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://example.org/ok\">fine</a>", page, StringComparison.Ordinal);
        Assert.Contains("Click here or", page, StringComparison.Ordinal);
    }

    [GeneratedRegex("<script[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTag();
}
