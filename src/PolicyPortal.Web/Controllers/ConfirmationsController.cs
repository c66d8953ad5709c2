using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Infrastructure;
using PolicyPortal.Web.Services;
using PolicyPortal.Web.ViewModels.Imports;

namespace PolicyPortal.Web.Controllers;

/// <summary>
/// Governors confirm the adoptions the Principal recorded from the minutes for policies brought in from Word: the
/// separation of duties that adoption in the portal has, for adoptions made before it.
/// </summary>
[Authorize(Roles = Roles.Governor)]
public sealed class ConfirmationsController(PolicyImport import, PolicyLifecycle lifecycle) : Controller
{
    private const string NoticeKey = "ConfirmationNotice";

    /// <summary>A governor's list of adoptions recorded from the minutes, to confirm those that are correct.</summary>
    [HttpGet("policies/confirmations")]
    public Task<IActionResult> Index(CancellationToken cancellationToken) =>
        ConfirmationsPageAsync(problem: null, StatusCodes.Status200OK, cancellationToken);

    [HttpPost("policies/confirmations")]
    [ProblemPage(nameof(ConfirmationsPageAsync))]
    public async Task<IActionResult> Confirm(ConfirmationForm form, CancellationToken cancellationToken)
    {
        var chosen = form.Items.Where(i => i.Confirm).Select(i => (i.Slug, i.Stamp)).ToList();
        if (chosen.Count == 0)
        {
            ModelState.AddModelError("Items", "Tick each adoption that matches the minutes, then confirm.");
            return await ConfirmationsPageAsync(null, StatusCodes.Status400BadRequest, cancellationToken);
        }

        var confirmed = await lifecycle.ConfirmPriorAdoptionsAsync(chosen, User.AsPerson(), cancellationToken);
        TempData[NoticeKey] = confirmed.Count == 1
            ? $"'{confirmed[0]}' is confirmed and in force."
            : $"{confirmed.Count} policies are confirmed and in force: {string.Join(", ", confirmed)}.";
        return RedirectToAction(nameof(Index));
    }

    private async Task<IActionResult> ConfirmationsPageAsync(string? problem, int statusCode, CancellationToken cancellationToken)
    {
        var me = User.UserId();
        var rows = (await import.AwaitingConfirmationAsync(cancellationToken))
            .Select(a => new ConfirmationRow(
                a.Slug,
                a.Title,
                a.Revision.Version,
                AdoptionRecord.DateText(a.Revision.ReviewedOn!.Value),
                a.Revision.MinuteReference!,
                a.Revision.SignedBy!,
                a.Revision.ProvidedBy,
                AdoptionRecord.DateText(a.Revision.NextReviewDue!.Value),
                ImportsController.SignersText(a.Audience),
                a.RecordedBy,
                a.RecordedByUserId == me,
                a.Revision.ConcurrencyStamp))
            .ToList();
        Response.StatusCode = statusCode;
        return View("Index", new ConfirmationsViewModel(rows, TempData[NoticeKey] as string, problem));
    }

}
