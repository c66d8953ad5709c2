using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PolicyPortal.FunctionalTests.Signing;
using PolicyPortal.Testing;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Data.Seeding;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Services;
using PolicyPortal.Web.ViewModels.Compliance;

namespace PolicyPortal.FunctionalTests.Compliance;

public sealed class EvidencePdfTests(PortalApplication app) : IClassFixture<PortalApplication>, IAsyncLifetime
{
    private const string PdfUrl = "/compliance/" + SeedPolicy.Slug + "/evidence.pdf";

    private static readonly string TextSha256 = PolicyRevision.HashOf(SeedPolicy.Document.Body);

    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_evidence_pack_downloads_as_a_pdf_with_the_same_facts_as_the_page()
    {
        await SigningForm.SignAsync(await app.SignedInAsync(DemoAccounts.Teacher), "Sam Taylor");
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        await principal.PostFormAsync("/compliance/" + SeedPolicy.Slug, "/compliance/" + SeedPolicy.Slug + "/remind", []);
        var governor = await app.SignedInAsync(DemoAccounts.Governor);

        var page = await governor.GetStringAsync("/compliance/" + SeedPolicy.Slug + "/evidence");
        using var response = await governor.GetAsync(PdfUrl);
        var pdf = await response.Content.ReadAsByteArrayAsync();
        var text = string.Join(" ", PdfText.Pages(pdf));
        var (title, author, pages) = PdfText.Info(pdf);
        var head = await app.WithDatabaseAsync(db => db.ChainLinks.OrderBy(l => l.Sequence).LastAsync());

        Assert.Contains($"href=\"{PdfUrl}?version=1.0\">Download as PDF</a>", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal($"{SeedPolicy.Slug}-1.0-evidence-2026-11-24.pdf", response.Content.Headers.ContentDisposition.FileNameStar);
        Assert.True(response.Headers.CacheControl!.NoStore, "The sign-off list must not be kept in a cache.");
        Assert.Equal("%PDF-", Encoding.ASCII.GetString(pdf, 0, 5));
        Assert.Equal("Evidence pack: Personal Use of Social Media Sites, version 1.0", title);
        Assert.Equal("PolicyPortal", author);

        Assert.Contains($"Text SHA-256 {TextSha256}", text, StringComparison.Ordinal);
        Assert.Contains($"Record's chain head Entry {head.Sequence}, to compare on the portal's Verify the record page", text, StringComparison.Ordinal);
        Assert.Contains($"Its chain hash {head.ChainSha256}", text, StringComparison.Ordinal);
        Assert.Contains("Application of this Policy to Academy Governors", text, StringComparison.Ordinal);
        Assert.Contains("Governing Body of King Edward VII Science and Sport College", text, StringComparison.Ordinal);
        Assert.Contains("J.T. Kailofer", text, StringComparison.Ordinal);
        Assert.Contains("1 of 4 people now in scope have signed (25%); 3 outstanding.", text, StringComparison.Ordinal);
        Assert.Contains($"Sam Taylor teacher@example.org Staff Teacher of Geography 24 November 2026 at 09:30 1.0 {TextSha256[..32]} {TextSha256[32..]}", text, StringComparison.Ordinal);
        Assert.Contains("Jo Patel support@example.org Staff Teaching Assistant Not signed", text, StringComparison.Ordinal);
        Assert.Contains("24 November 2026 Sent by Alex Morgan 3", text, StringComparison.Ordinal);
        Assert.Contains($"Page {pages} of {pages}", PdfText.Pages(pdf)[^1], StringComparison.Ordinal);
        Assert.Contains("Produced by PolicyPortal on 24 November 2026 at 09:30", PdfText.Pages(pdf)[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_principal_and_governors_can_download_the_pdf_of_a_version_that_exists()
    {
        var staff = await (await app.SignedInAsync(DemoAccounts.Support)).GetAsync(PdfUrl);
        var unknownVersion = await (await app.SignedInAsync(DemoAccounts.Principal)).GetAsync(PdfUrl + "?version=9.9");
        var unknownPolicy = await (await app.SignedInAsync(DemoAccounts.Principal)).GetAsync("/compliance/no-such-policy/evidence.pdf");

        Assert.Equal(HttpStatusCode.Forbidden, staff.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownVersion.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownPolicy.StatusCode);
    }

    [Fact]
    public async Task A_long_sign_off_list_runs_on_over_more_pages_with_its_header_on_each()
    {
        var governor = await app.SignedInAsync(DemoAccounts.Governor);
        var before = PdfText.Info(await governor.GetByteArrayAsync(PdfUrl)).PageCount;
        await app.WithDatabaseAsync(async db =>
        {
            var staff = await db.Roles.SingleAsync(r => r.Name == Roles.Staff);
            for (var n = 1; n <= 300; n++)
            {
                var user = new PortalUser { UserName = $"p{n}@example.org", Email = $"p{n}@example.org", FullName = $"Person {n:D3}", JobTitle = "Teacher" };
                db.Users.Add(user);
                db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = staff.Id });
            }

            await db.SaveChangesAsync();
        });

        var pages = PdfText.Pages(await governor.GetByteArrayAsync(PdfUrl));
        // From the page the list starts on (after the contents) to the one the next section starts on.
        var first = pages.Skip(1).ToList().FindIndex(p => p.Contains("4. Sign-off list", StringComparison.Ordinal)) + 1;
        var last = pages.Skip(1).ToList().FindIndex(p => p.Contains("5. Reminders sent", StringComparison.Ordinal)) + 1;
        var listPages = pages.Take(last + 1).Skip(first).ToList();

        Assert.True(pages.Count >= before + 3, $"{before} pages before 300 more people, {pages.Count} after.");
        Assert.True(listPages.Count >= 3, $"The sign-off list took {listPages.Count} pages.");
        Assert.All(listPages, p => Assert.Contains("Name Email Role Job title Signed Version Text SHA-256", p, StringComparison.Ordinal));
        Assert.All(Enumerable.Range(1, 300), n => Assert.Contains($"Person {n:D3} p{n}@example.org", string.Join(" ", listPages), StringComparison.Ordinal));
    }

    [Fact]
    public void A_pack_of_two_thousand_signatures_has_every_name_as_typed_and_every_page_numbered()
    {
        string[] names = ["Zoë Ashworth", "Siobhán O’Brien", "Siân Llŷr", "Łukasz Wójcik", "José “Pepe” Núñez"];
        var signatures = Enumerable.Range(1, 2000)
            .Select(n => new EvidenceSignature(
                n <= names.Length ? names[n - 1] : $"Person {n:D4}",
                $"person{n}@trust.example",
                Roles.Staff,
                n % 3 == 0 ? null : "Teacher of Geography",
                n % 10 == 0 ? null : "24 November 2026 at 09:30",
                n % 10 == 0 ? null : "1.0",
                n % 10 == 0 ? null : TextSha256))
            .ToList();
        var pack = new EvidencePackViewModel(
            SeedPolicy.Slug,
            "Personal Use of Social Media Sites",
            "1.0",
            RevisionStatus.Adopted,
            TextSha256,
            HtmlString.Empty,
            new PolicySource(SeedPolicy.Document.Body, [], []),
            [("Adopted by", "Governing Body"), ("Decision", "Adopted in its entirety")],
            [new EvidenceReview("Robin Hughes", "Ready for adoption", null, "20 November 2026 at 18:00")],
            new Tally(2000, signatures.Count(s => s.SignedAt is not null)),
            signatures,
            [],
            [new EvidenceReminder("24 November 2026", "Automatic", 200)],
            "24 November 2026 at 09:30",
            ChainHead: null);

        var pdf = EvidencePackPdf.Write(pack, new Dictionary<string, byte[]>());
        var pages = PdfText.Pages(pdf);
        var text = string.Join(" ", pages);

        Assert.All(names, name => Assert.Contains(name, text, StringComparison.Ordinal));
        Assert.Contains("Person 2000 person2000@trust.example", text, StringComparison.Ordinal);
        Assert.Contains("1800 of 2000 people now in scope have signed (90%); 200 outstanding.", text, StringComparison.Ordinal);
        Assert.True(pages.Count > 40, $"Only {pages.Count} pages for 2,000 rows.");
        Assert.All(pages.Select((p, i) => (p, i)), page => Assert.Contains($"Page {page.i + 1} of {pages.Count}", page.p, StringComparison.Ordinal));
    }
}
