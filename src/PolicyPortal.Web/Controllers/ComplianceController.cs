using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Services;
using PolicyPortal.Web.ViewModels.Compliance;
using PolicyPortal.Web.ViewModels.Shared;

namespace PolicyPortal.Web.Controllers;

/// <summary>Who has signed what: for the Principal, and for governors to see.</summary>
[Authorize(Roles = Roles.PrincipalOrGovernor)]
[Route("compliance")]
public sealed class ComplianceController(Compliance compliance, SchoolTime schoolTime) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View(await compliance.DashboardAsync(cancellationToken));

    [HttpGet("{slug}")]
    public async Task<IActionResult> Show(string slug, string? role, string? jobTitle, CancellationToken cancellationToken)
    {
        var signOff = await compliance.SignOffAsync(slug, cancellationToken);
        if (signOff is null)
        {
            return NotFound();
        }

        var today = schoolTime.Today();
        var inForceSince = DateOnly.FromDateTime(schoolTime.ToLocal(signOff.InForceSinceUtc));
        var outstanding = signOff.People
            .Where(p => !p.Signed)
            .Where(p => string.IsNullOrEmpty(role) || p.Role == role)
            .Where(p => string.IsNullOrEmpty(jobTitle) || p.JobTitle == jobTitle)
            .Select(p => new OutstandingRow(p.Name, p.Role, p.JobTitle, today.DayNumber - inForceSince.DayNumber))
            .ToList();
        var byJobTitle = signOff.People
            .GroupBy(p => p.JobTitle ?? "No job title")
            .OrderBy(g => g.Key, StringComparer.CurrentCulture)
            .Select(g => new JobTitleRow(g.Key, new Tally(g.Count(), g.Count(p => p.Signed))))
            .ToList();

        return View(new SignOffViewModel(
            signOff.Slug,
            signOff.Title,
            signOff.Version,
            DisplayFormats.Date(inForceSince),
            new Tally(signOff.People.Count, signOff.People.Count(p => p.Signed)),
            byJobTitle,
            outstanding,
            [.. signOff.People.Select(p => p.Role).Distinct().Order()],
            [.. signOff.People.Select(p => p.JobTitle).OfType<string>().Distinct().Order()],
            role,
            jobTitle));
    }

    /// <summary>The full sign-off list for the revision in force, as CSV that is safe to open in a spreadsheet.</summary>
    [HttpGet("{slug}/sign-off.csv")]
    public async Task<IActionResult> Export(string slug, CancellationToken cancellationToken)
    {
        var signOff = await compliance.SignOffAsync(slug, cancellationToken);
        if (signOff is null)
        {
            return NotFound();
        }

        var csv = new StringBuilder(SafeCsv.Row("Name", "Email", "Role", "Job title", "Signed at (UTC)", "Version signed", "Text SHA-256"));
        foreach (var p in signOff.People)
        {
            csv.Append(SafeCsv.Row(p.Name, p.Email, p.Role, p.JobTitle, p.SignedAtUtc?.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), p.VersionSigned, p.TextSha256));
        }

        return File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray(), "text/csv", $"{signOff.Slug}-{signOff.Version}-sign-off.csv");
    }
}
