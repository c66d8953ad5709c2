using PolicyPortal.FunctionalTests.Lifecycle;
using PolicyPortal.FunctionalTests.Presences;
using PolicyPortal.Testing;
using PolicyPortal.Web.Data.Seeding;

namespace PolicyPortal.FunctionalTests.Security;

/// <summary>Whatever is sent to a form, the answer is a page with a message, never a server error.</summary>
public sealed class BadInputTests
{
    internal static readonly string[] Junk =
    [
        "",
        new string('x', 1_000_000),
        "\u0000\u0001\u001b[31m\r\n",
        "\u202Egnp.exe",
        "😀👩‍🏫",
        "<script>alert(1)</script>",
        "'; DROP TABLE Policies; --",
        "-1",
        "99999999999999999999",
        "NotAnEnumValue",
    ];

    [Fact]
    public async Task No_form_answers_junk_with_a_server_error()
    {
        using var app = new PortalApplication();
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var governor = await app.SignedInAsync(DemoAccounts.Governor);
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        await LifecycleSteps.StartDraftAsync(principal);
        var presence = (await teacher.PostFormAsync("/presences/new", "/presences/new", PresenceForms.Endorsed())).Headers.Location!.OriginalString;

        var forms = new (HttpClient Client, string Url, string[] Fields)[]
        {
            (principal, "/policies/new", ["Title", "Slug", "StaffSign", "GovernorsSign", "ReviewCycleMonths", "Body"]),
            (principal, LifecycleSteps.DraftUrl, ["Body", "ChangeSummary", "Kind", "ConcurrencyStamp", "Intent"]),
            (principal, LifecycleSteps.DraftUrl + "/submit", ["ConcurrencyStamp"]),
            (governor, LifecycleSteps.ReviewUrl + "/comments", ["Text"]),
            (governor, LifecycleSteps.ReviewUrl + "/views", ["Verdict", "Reason"]),
            (governor, LifecycleSteps.ReviewUrl + "/adoption", ["ConcurrencyStamp", "MeetingDate", "MinuteReference", "SignedBy", "EffectiveFrom"]),
            (governor, SeedPolicy.Url + "/annual-review", ["ReviewedOn", "MinuteReference"]),
            (teacher, SeedPolicy.SignUrl, ["RevisionId", "TextSha256", "Confirmed", "SignatureName"]),
            (teacher, "/presences/new", ["Platform", "OtherPlatformName", "Handle", "Address", "Kind", "Purpose", "Audience", "KeptSeparateFromPersonal"]),
            (teacher, presence + "/edit", ["Platform", "Handle", "Address", "Kind", "Purpose", "Audience", "ConcurrencyStamp"]),
            (principal, presence + "/decision", ["ConcurrencyStamp", "decision", "note"]),
        };

        var failures = new List<string>();
        foreach (var (client, url, fields) in forms)
        {
            foreach (var junk in Junk)
            {
                var response = await client.PostFormAsync("/", url, fields.ToDictionary(f => f, _ => junk));
                if ((int)response.StatusCode >= 500)
                {
                    failures.Add($"{url} with {junk[..Math.Min(junk.Length, 20)]}: {(int)response.StatusCode}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(1, await app.WithDatabaseAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Policies)));
    }
}
