using Microsoft.AspNetCore.Mvc;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Services;
using PolicyPortal.Web.ViewModels.Home;

namespace PolicyPortal.Web.Controllers;

public sealed class HomeController(PolicyCatalogue catalogue, ToDoList toDoList, SchoolTime schoolTime) : Controller
{
    /// <summary>
    /// My policies: the Principal's or a governor's to-do list first, then each policy in force and whether I must sign
    /// it, have signed it, or need not.
    /// </summary>
    [HttpGet("/")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var policies = await catalogue.ForPersonAsync(User.UserId(), Roles.AudienceOf(User), cancellationToken);
        var rows = policies
            .Select(p => new MyPolicyRow(
                p.Slug,
                p.Title,
                p.Version,
                p.State,
                p.SignedAtUtc is { } signedAt ? schoolTime.DateTimeText(signedAt) : null,
                p.SignedVersion,
                p.AcknowledgementId))
            .ToList();
        return View(new MyPoliciesViewModel(User.FullName(), rows) { ToDo = await toDoList.ForAsync(User, cancellationToken) });
    }
}
