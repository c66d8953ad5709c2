using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Services;
using PolicyPortal.Web.ViewModels.Compliance;
using PolicyPortal.Web.ViewModels.Shared;

namespace PolicyPortal.Web.Controllers;

/// <summary>Who has signed what, reminders and the evidence pack: for the Principal, and for governors to see.</summary>
[Authorize(Roles = Roles.PrincipalOrGovernor)]
[Route("compliance")]
public sealed class ComplianceController(Compliance compliance, Reminders reminders, PolicyCatalogue catalogue, PolicyText policyText, RecordChain chain, SchoolTime schoolTime, TimeProvider clock) : Controller
{
    public const int OutstandingPageSize = 200;
    private const string NoticeKey = "ComplianceNotice";

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View(await compliance.DashboardAsync(cancellationToken));

    [HttpGet("{slug}")]
    public async Task<IActionResult> Show(string slug, string? role, int? group, int page = 1, CancellationToken cancellationToken = default)
    {
        var summary = await compliance.SummaryAsync(slug, new OutstandingQuery(role, group, page, OutstandingPageSize), cancellationToken);
        if (summary is null)
        {
            return NotFound();
        }

        var today = schoolTime.Today();
        // The same dates the automatic reminders count from.
        var inForceSince = schoolTime.InForceFrom(summary.EffectiveFrom, summary.InForceSinceUtc);
        var rows = summary.Outstanding
            .Select(p => new OutstandingRow(
                p.Name,
                p.Role,
                p.JobTitle,
                today.DayNumber - schoolTime.DueToSignFrom(inForceSince, p.AddedAtUtc).DayNumber,
                p.LastReminded is { } day ? DisplayFormats.Date(day) : "Never"))
            .ToList();

        return View(new SignOffViewModel(
            summary.Slug,
            summary.Title,
            summary.Version,
            DisplayFormats.Date(inForceSince),
            summary.All,
            summary.ByGroup,
            new PageOf<OutstandingRow>(rows, summary.Page, OutstandingPageSize, summary.OutstandingTotal),
            summary.Roles,
            role,
            group,
            User.IsInRole(Roles.Principal),
            TempData[NoticeKey] as string));
    }

    /// <summary>One action reminds everyone outstanding, except whoever was already reminded of this revision today.</summary>
    [Authorize(Roles = Roles.Principal)]
    [HttpPost("{slug}/remind")]
    public async Task<IActionResult> Remind(string slug, CancellationToken cancellationToken)
    {
        var round = await reminders.RemindOutstandingAsync(slug, User.AsPerson(), cancellationToken);
        if (round is null)
        {
            return NotFound();
        }

        TempData[NoticeKey] = (round.Reminded, round.AlreadyToday) switch
        {
            (0, 0) => "Nobody is outstanding, so nobody was reminded.",
            (0, var already) => $"Nobody was reminded: all {already} outstanding {People(already)} had already been reminded today.",
            (var sent, 0) => $"Reminded {sent} {People(sent)} by email.",
            (var sent, var already) => $"Reminded {sent} {People(sent)} by email. {already} {People(already)} already reminded today {(already == 1 ? "was" : "were")} left alone.",
        };
        return RedirectToAction(nameof(Show), new { slug });
    }

    /// <summary>The full sign-off list for the revision in force, as CSV that is safe to open in a spreadsheet.</summary>
    [HttpGet("{slug}/sign-off.csv")]
    public async Task<IActionResult> Export(string slug, CancellationToken cancellationToken)
    {
        var export = await compliance.ExportAsync(slug, cancellationToken);
        if (export is null)
        {
            return NotFound();
        }

        // Names and emails of everyone in scope: no copy kept by the browser's or a proxy's cache.
        Response.Headers.CacheControl = "no-store";
        Response.ContentType = "text/csv";
        var attachment = new ContentDispositionHeaderValue("attachment");
        attachment.SetHttpFileName($"{export.Slug}-{export.Version}-sign-off.csv");
        Response.Headers.ContentDisposition = attachment.ToString();

        // Written as the database is read, row by row, rather than built whole in memory first: 20,000 rows are a few
        // megabytes, and the people behind them more.
        await Response.Body.WriteAsync(Encoding.UTF8.GetPreamble(), cancellationToken);
        await using var csv = new StreamWriter(Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 32 * 1024);
        var row = new StringBuilder(256);
        await csv.WriteAsync(SafeCsv.AppendRow(row, "Name", "Email", "Role", "Job title", "Signed at (UTC)", "Version signed", "Text SHA-256"), cancellationToken);
        await foreach (var p in export.People.WithCancellation(cancellationToken))
        {
            var signedAt = p.SignedAtUtc?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            await csv.WriteAsync(SafeCsv.AppendRow(row.Clear(), p.Name, p.Email, p.Role, p.JobTitle, signedAt, p.VersionSigned, p.TextSha256), cancellationToken);
        }

        return new EmptyResult();
    }

    /// <summary>
    /// The evidence pack for one revision (the one in force unless <paramref name="version"/> names an earlier one): its
    /// text and SHA-256, the adoption record and governors' reviews, the sign-off list with totals and the reminders sent.
    /// Made to be printed from the browser, or downloaded as a PDF (<see cref="EvidencePdf"/>).
    /// </summary>
    [HttpGet("{slug}/evidence")]
    public async Task<IActionResult> Evidence(string slug, string? version, CancellationToken cancellationToken) =>
        await EvidencePackAsync(slug, version, cancellationToken) is { } pack ? View(pack) : NotFound();

    /// <summary>The same evidence pack as a PDF file to download, laid out for A4 by <see cref="EvidencePackPdf"/>.</summary>
    [HttpGet("{slug}/evidence.pdf")]
    public async Task<IActionResult> EvidencePdf(string slug, string? version, CancellationToken cancellationToken)
    {
        if (await EvidencePackAsync(slug, version, cancellationToken) is not { } pack)
        {
            return NotFound();
        }

        var images = await catalogue.AttachmentContentsAsync(pack.TextSource.Images, cancellationToken);
        var pdf = EvidencePackPdf.Write(pack, images);

        // Names and emails of everyone in scope, as for the CSV: no copy kept by the browser's or a proxy's cache.
        Response.Headers.CacheControl = "no-store";
        return File(pdf, "application/pdf", $"{pack.Slug}-{pack.Version}-evidence-{schoolTime.Today():yyyy-MM-dd}.pdf");
    }

    private async Task<EvidencePackViewModel?> EvidencePackAsync(string slug, string? version, CancellationToken cancellationToken)
    {
        var signOff = await compliance.SignOffAsync(slug, version, cancellationToken);
        var policy = signOff is null ? null : await catalogue.WithRevisionsAsync(slug, cancellationToken);
        var revision = policy?.Revisions.SingleOrDefault(r => r.Id == signOff!.RevisionId);
        if (signOff is null || policy is null || revision is null)
        {
            return null;
        }

        string When(DateTime utc) => schoolTime.DateTimeText(utc);
        EvidenceSignature Row(PersonSignOff p) =>
            new(p.Name, p.Email, p.Role, p.JobTitle, p.SignedAtUtc is { } at ? When(at) : null, p.VersionSigned, p.TextSha256);

        var adoption = new List<(string, string)>
        {
            ("Adopted by", revision.AdoptedBy ?? "—"),
            ("Decision", revision.AdoptionNote ?? "—"),
            ("Meeting or review date", revision.ReviewedOn is { } on ? DisplayFormats.Date(on, revision.ReviewedOnPrecision) : "—"),
            ("Minute reference", revision.MinuteReference ?? "—"),
            ("Signed for the governing body by", revision.SignedBy ?? "—"),
            ("In force from", DisplayFormats.Date(schoolTime.InForceFrom(revision.EffectiveFrom, signOff.InForceSinceUtc))),
            ("Adoption recorded in the portal", revision.AdoptedAtUtc is { } recorded ? When(recorded) : "Imported with the policy's text"),
        };
        if (revision.LastReviewedWithoutChangeOn is { } reviewed)
        {
            adoption.Add(("Last reviewed without change", $"{DisplayFormats.Date(reviewed)} ({revision.LastReviewMinuteReference})"));
        }

        if (revision.NextReviewDue is { } due)
        {
            adoption.Add(("Next review due", DisplayFormats.Date(due)));
        }

        var text = policyText.Render(revision.Body, revision.BodySha256, revision.Attachments);
        return new EvidencePackViewModel(
            policy.Slug,
            policy.Title,
            revision.Version,
            revision.Status,
            revision.BodySha256,
            new HtmlString(text.Html),
            new PolicySource(revision.Body, revision.Attachments, []),
            adoption,
            [.. revision.Reviews.OrderBy(r => r.RecordedAtUtc).Select(r => new EvidenceReview(r.GovernorName, r.Verdict == ReviewVerdict.ReadyForAdoption ? "Ready for adoption" : "Changes needed", r.Reason, When(r.RecordedAtUtc)))],
            new Tally(signOff.People.Count, signOff.People.Count(p => p.Signed)),
            [.. signOff.People.Select(Row)],
            [.. signOff.Leavers.Select(Row)],
            [.. (await reminders.HistoryAsync(signOff.RevisionId, cancellationToken)).Select(d => new EvidenceReminder(DisplayFormats.Date(d.Day), d.Kind == ReminderKind.Manual ? $"Sent by {d.SentBy}" : "Automatic", d.People))],
            When(clock.GetUtcNow().UtcDateTime),
            ChainEntry.Of(await chain.HeadAsync(cancellationToken)));
    }

    private static string People(int count) => count == 1 ? "person" : "people";
}
