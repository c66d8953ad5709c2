using System.Net;
using Microsoft.EntityFrameworkCore;
using PolicyPortal.Testing;
using PolicyPortal.Web.Data.Seeding;
using PolicyPortal.Web.Domain;
using static PolicyPortal.Testing.ImportSteps;

namespace PolicyPortal.FunctionalTests.Imports;

public sealed class WordImportTests(PortalApplication app) : IClassFixture<PortalApplication>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Word_files_are_previewed_with_what_was_not_carried_over_and_nothing_is_saved_until_imported()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);

        var upload = await UploadAsync(
            principal,
            (WordDocuments.TableAndImage, WordDocuments.Saved(WordDocuments.TableAndImage)),
            ("anti-bullying.docx", WordDocuments.Simple("Anti-Bullying Policy", ("Scope", "Every pupil and member of staff."))));

        Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);
        var preview = await principal.GetStringAsync(upload.Headers.Location!.OriginalString);
        Assert.Contains("2 documents are ready to import.", preview, StringComparison.Ordinal);
        Assert.Contains("<h2 id=\"Files_0_heading\">anti-bullying.docx</h2>", preview, StringComparison.Ordinal);
        Assert.Contains("<h2 id=\"Files_1_heading\">table-caption-image.docx</h2>", preview, StringComparison.Ordinal);
        Assert.Contains("<caption>", preview, StringComparison.Ordinal);
        Assert.Contains("value=\"Anti-Bullying Policy\"", preview, StringComparison.Ordinal);
        Assert.Contains("value=\"anti-bullying-policy\"", preview, StringComparison.Ordinal);
        Assert.Contains("Every pupil and member of staff.", preview, StringComparison.Ordinal);
        Assert.Contains("Nothing: everything a reader sees in the document is in the preview.", preview, StringComparison.Ordinal);
        var image = System.Text.RegularExpressions.Regex.Match(preview, "<img src=\"([^\"]+)\"").Groups[1].Value;
        var imageResponse = await principal.GetAsync(image);
        Assert.Equal(HttpStatusCode.OK, imageResponse.StatusCode);
        Assert.Equal("image/png", imageResponse.Content.Headers.ContentType!.MediaType);
        Assert.Equal(1, await app.WithDatabaseAsync(db => db.Policies.CountAsync()));
    }

    [Fact]
    public async Task The_seed_policy_saved_as_Word_imports_as_a_new_draft_with_exactly_the_text_in_force()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);

        var imported = await UploadAndImportAsync(
            principal,
            fields => fields["Files[0].IntoPolicy"] = SeedPolicy.Slug,
            (WordDocuments.SeedPolicy, WordDocuments.Saved(WordDocuments.SeedPolicy)));

        Assert.Equal(HttpStatusCode.Redirect, imported.StatusCode);
        var revisions = await app.WithDatabaseAsync(db => db.PolicyRevisions.OrderBy(r => r.Sequence).ToListAsync());
        Assert.Equal(2, revisions.Count);
        Assert.Equal(RevisionStatus.Draft, revisions[1].Status);
        // The one difference: the shipped Markdown puts a blank line inside one list (making it "loose"), which a Word
        // list cannot hold.
        Assert.Equal(revisions[0].Body.Replace("Local Authority.\n\n- Potentially", "Local Authority.\n- Potentially", StringComparison.Ordinal), revisions[1].Body);
        var history = await principal.GetStringAsync(SeedPolicy.Url + "/revisions");
        Assert.Contains("Imported version 1.1 from the Word document personal-use-of-social-media.docx.", history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_imported_table_and_image_are_shown_in_force_and_the_fingerprint_signed_changes_when_only_the_image_does()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var governor = await app.SignedInAsync(DemoAccounts.Governor);
        await UploadAndImportAsync(
            principal,
            fields =>
            {
                (fields["Files[0].Title"], fields["Files[0].Slug"]) = ("Visitors Policy", "visitors");
                (fields["Files[1].Title"], fields["Files[1].Slug"]) = ("Visitors Policy (other site)", "visitors-other-site");
            },
            (WordDocuments.TableAndImage, WordDocuments.Saved(WordDocuments.TableAndImage)),
            (WordDocuments.TableAndOtherImage, WordDocuments.Saved(WordDocuments.TableAndOtherImage)));
        Assert.Equal(HttpStatusCode.Redirect, (await RecordAdoptionAsync(principal, "visitors")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await RecordAdoptionAsync(principal, "visitors-other-site")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await ConfirmAsync(governor, "visitors", "visitors-other-site")).StatusCode);

        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        var page = await teacher.GetStringAsync("/policies/visitors");
        Assert.Contains("<table class=\"table\">", page, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"col\">", page, StringComparison.Ordinal);
        var image = System.Text.RegularExpressions.Regex.Match(page, "<img src=\"(/attachments/[0-9a-f]{64})\"").Groups[1].Value;
        Assert.NotEmpty(image);
        var bytes = await teacher.GetByteArrayAsync(image);
        Assert.Equal(image[^64..], Web.Domain.AttachmentContent.HashOf(bytes));

        var (one, other) = await app.WithDatabaseAsync(async db => (
            await db.PolicyRevisions.SingleAsync(r => r.Policy.Slug == "visitors"),
            await db.PolicyRevisions.SingleAsync(r => r.Policy.Slug == "visitors-other-site")));
        Assert.Equal(one.Body, other.Body);
        Assert.NotEqual(one.BodySha256, other.BodySha256);
        Assert.Equal(PolicyRevision.FingerprintOf(one.Body, one.Attachments), one.BodySha256);

        var signed = await teacher.PostFormAsync("/policies/visitors", "/policies/visitors/acknowledge", new()
        {
            ["RevisionId"] = PortalClient.HiddenValue(page, "RevisionId"),
            ["TextSha256"] = PortalClient.HiddenValue(page, "TextSha256"),
            ["SignatureName"] = DemoAccounts.Teacher.FullName,
            ["Confirmed"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, signed.StatusCode);
        var receipt = await teacher.GetStringAsync(signed.Headers.Location!.OriginalString);
        Assert.Contains("SHA-256 of the text and images signed", receipt, StringComparison.Ordinal);
        Assert.Contains(one.BodySha256, receipt, StringComparison.Ordinal);
        Assert.Contains(one.Attachments.Single().Sha256, receipt, StringComparison.Ordinal);
    }

    public static TheoryData<string, byte[], string> BadFiles => new()
    {
        { "notes.docx", "Just some text, not a Word file."u8.ToArray(), "This is not a Word document." },
        { "old-policy.doc", WordDocuments.OldWordFormat(), "This is an old Word file (.doc)." },
        { "old-policy.docx", WordDocuments.OldWordFormat(), "This is an old Word file (.doc)." },
        { "macros.docm", WordDocuments.MacroEnabled(), "This Word file contains macros (.docm)." },
        { "macros.docx", WordDocuments.MacroEnabled(), "This Word file contains macros (.docm)." },
        { "locked.docx", WordDocuments.PasswordProtected(), "This Word file is protected by a password" },
        { "huge.docx", new byte[(20 * 1024 * 1024) + 1], "The file is larger than 20 MB, the most that can be imported." },
        { "bomb.docx", WordDocuments.ZipBomb(), "The file unpacks to far more than its own size" },
        { "escape.zip", WordDocuments.ZipLeavingItsFolder(), "The .zip contains paths that lead outside it" },
        { "empty.docx", WordDocuments.Empty(), "The document has no text." },
        { "tracked.docx", WordDocuments.WithTrackedChange(), "The document has tracked changes still pending." },
    };

    // Not enumerated at discovery: xUnit would serialise every file's bytes, 20 MB of them one by one, before any test ran.
    [Theory]
    [MemberData(nameof(BadFiles), DisableDiscoveryEnumeration = true)]
    public async Task A_file_that_cannot_be_imported_is_refused_with_its_reason_and_nothing_is_saved(string name, byte[] content, string message)
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);

        var response = await UploadAsync(principal, (name, content));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains(System.Net.WebUtility.HtmlEncode(message), page, StringComparison.Ordinal);
        Assert.Contains("<input type=\"file\" id=\"files\"", page, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDatabaseAsync(db => db.WordUploads.CountAsync()));
        Assert.Equal(1, await app.WithDatabaseAsync(db => db.Policies.CountAsync()));
    }

    [Fact]
    public async Task A_bad_file_among_good_ones_is_listed_with_its_reason_and_the_good_ones_go_on_to_the_preview()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);

        var upload = await UploadAsync(
            principal,
            ("old.doc", WordDocuments.OldWordFormat()),
            ("policies.zip", WordDocuments.Zip(("Policies/e-safety.docx", WordDocuments.Simple("E-Safety Policy", ("Scope", "Everyone."))))));

        var preview = await principal.GetStringAsync(upload.Headers.Location!.OriginalString);
        Assert.Contains("<strong>old.doc</strong>: This is an old Word file (.doc).", preview, StringComparison.Ordinal);
        Assert.Contains("Policies/e-safety.docx", preview, StringComparison.Ordinal);
        Assert.Contains("1 document is ready to import.", preview, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Choices_that_clash_are_refused_beside_their_fields_with_what_was_typed_kept_and_nothing_saved()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);

        var response = await UploadAndImportAsync(
            principal,
            fields =>
            {
                fields["Files[0].Slug"] = SeedPolicy.Slug;
                fields["Files[1].Title"] = string.Empty;
            },
            ("a.docx", WordDocuments.Simple("Anti-Bullying Policy", ("Scope", "Everyone."))),
            ("b.docx", WordDocuments.Simple("Behaviour Policy", ("Scope", "Everyone."))));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains($"Another policy already has the address /policies/{SeedPolicy.Slug}. Choose another.", page, StringComparison.Ordinal);
        Assert.Contains("Give the policy a title.", page, StringComparison.Ordinal);
        Assert.Contains($"value=\"{SeedPolicy.Slug}\"", page, StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDatabaseAsync(db => db.Policies.CountAsync()));
    }

    [Fact]
    public async Task An_adoption_recorded_from_the_minutes_is_checked_and_not_in_force_until_another_governor_confirms_it()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var governor = await app.SignedInAsync(DemoAccounts.Governor);
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        await UploadAndImportAsync(principal, null, ("a.docx", WordDocuments.Simple("Anti-Bullying Policy", ("Scope", "Everyone."))));

        var refused = await RecordAdoptionAsync(principal, "anti-bullying-policy", meetingDate: "2027-01-01", minute: "", nextReview: "2026-01-01");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var form = await refused.Content.ReadAsStringAsync();
        Assert.Contains("The meeting date is in the future.", form, StringComparison.Ordinal);
        Assert.Contains("Enter the minute reference.", form, StringComparison.Ordinal);
        Assert.Contains("The next review must come after the meeting that adopted the policy.", form, StringComparison.Ordinal);
        Assert.Contains("value=\"2027-01-01\"", form, StringComparison.Ordinal);

        await RecordAdoptionAsync(principal, "anti-bullying-policy");
        Assert.Equal(HttpStatusCode.NotFound, (await teacher.GetAsync("/policies/anti-bullying-policy")).StatusCode);
        var draft = await principal.GetStringAsync("/policies/anti-bullying-policy/draft");
        Assert.Contains("Adoption recorded, waiting for a governor to confirm it", draft, StringComparison.Ordinal);
        Assert.Contains("Take back into draft to revise", draft, StringComparison.Ordinal);
        Assert.DoesNotContain("data-draft-editor", draft, StringComparison.Ordinal);
        Assert.Contains("1 adoption of imported policies to confirm", await governor.GetStringAsync("/"), StringComparison.Ordinal);

        await ConfirmAsync(governor, "anti-bullying-policy");

        var page = await teacher.GetStringAsync("/policies/anti-bullying-policy");
        Assert.Contains("Everyone.", page, StringComparison.Ordinal);
        Assert.Contains("You have 2 policies to sign.", await teacher.GetStringAsync("/"), StringComparison.Ordinal);
        var revision = await app.WithDatabaseAsync(db => db.PolicyRevisions.SingleAsync(r => r.Policy.Slug == "anti-bullying-policy"));
        Assert.Equal(new DateOnly(2025, 3, 12), revision.ReviewedOn);
        Assert.Equal(new DateOnly(2026, 3, 12), revision.NextReviewDue);
    }

    [Fact]
    public async Task A_policy_marked_in_force_with_no_signature_required_asks_nobody_to_sign()
    {
        var principal = await app.SignedInAsync(DemoAccounts.Principal);
        var governor = await app.SignedInAsync(DemoAccounts.Governor);
        await UploadAndImportAsync(principal, fields => fields["Files[0].Signers"] = "none", ("a.docx", WordDocuments.Simple("Lettings Policy", ("Scope", "Hirers of the school's rooms."))));
        await RecordAdoptionAsync(principal, "lettings-policy");
        await ConfirmAsync(governor, "lettings-policy");

        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        Assert.Contains("Hirers of the school", await teacher.GetStringAsync("/policies/lettings-policy"), StringComparison.Ordinal);
        Assert.Contains("You have 1 policy to sign.", await teacher.GetStringAsync("/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_governor_cannot_confirm_an_adoption_they_recorded_and_only_the_principal_imports()
    {
        var teacher = await app.SignedInAsync(DemoAccounts.Teacher);
        var governor = await app.SignedInAsync(DemoAccounts.Governor);

        Assert.Equal(HttpStatusCode.Forbidden, (await teacher.GetAsync("/policies/import")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await governor.GetAsync("/policies/import")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await teacher.GetAsync("/policies/confirmations")).StatusCode);
    }
}
