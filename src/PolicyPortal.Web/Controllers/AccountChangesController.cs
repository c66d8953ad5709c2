using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Infrastructure;
using PolicyPortal.Web.Services;
using PolicyPortal.Web.ViewModels.People;

namespace PolicyPortal.Web.Controllers;

/// <summary>
/// Governors confirm or decline the changes to accounts the Principal asked for: adding, changing or removing a governor
/// or a Principal. The separation of duties that adoption has, for who the governors are.
/// </summary>
[Authorize(Roles = Roles.Governor)]
[Route("governors/changes")]
public sealed class AccountChangesController(ChangesToConfirm changes, SchoolTime schoolTime) : Controller
{
    private const string NoticeKey = "AccountChangeNotice";

    /// <summary>Every change waiting for a governor: what, about whom, who asked and when.</summary>
    [HttpGet("")]
    public Task<IActionResult> Index(CancellationToken cancellationToken) =>
        ChangesPageAsync(problem: null, StatusCodes.Status200OK, cancellationToken);

    [HttpPost("{id:int}/confirm")]
    [ProblemPage(nameof(ChangesPageAsync))]
    public async Task<IActionResult> Confirm(int id, CancellationToken cancellationToken)
    {
        var change = await changes.ConfirmAsync(id, User.AsPerson(), cancellationToken);
        TempData[NoticeKey] = $"Confirmed and made: {change.Summary()}. Every governor, and {change.AskedByName}, has been told.";
        return RedirectToAction(nameof(Index));
    }

    [HttpPost("{id:int}/decline")]
    [ProblemPage(nameof(ChangesPageAsync))]
    public async Task<IActionResult> Decline(int id, CancellationToken cancellationToken)
    {
        var change = await changes.DeclineAsync(id, User.AsPerson(), cancellationToken);
        TempData[NoticeKey] = $"Declined: {change.Summary()}. Nothing of it was made. Every governor, and {change.AskedByName}, has been told.";
        return RedirectToAction(nameof(Index));
    }

    private async Task<IActionResult> ChangesPageAsync(string? problem, int statusCode, CancellationToken cancellationToken)
    {
        var me = User.UserId();
        var (oldest, total) = await changes.WaitingAsync(cancellationToken);
        var rows = oldest.Select(c => AccountChangeRow.From(c, utc => schoolTime.DateTimeText(utc), me)).ToList();
        Response.StatusCode = statusCode;
        return View("Index", new ChangesToConfirmViewModel(rows, total, TempData[NoticeKey] as string, problem));
    }
}
