using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Infrastructure;
using PolicyPortal.Web.Services;
using PolicyPortal.Web.ViewModels.Groups;

namespace PolicyPortal.Web.Controllers;

/// <summary>The Principal names groups of people (teaching staff, the safeguarding team) that policies can be asked of.</summary>
[Authorize(Roles = Roles.Principal)]
[Route("people/groups")]
public sealed class GroupsController(Groups groups) : Controller
{
    private const string NoticeKey = "GroupsNotice";

    [HttpGet("")]
    public Task<IActionResult> Index(CancellationToken cancellationToken) =>
        PageAsync(name: null, problem: null, StatusCodes.Status200OK, cancellationToken);

    [HttpPost("")]
    [ProblemPage(nameof(PageAsync), RuleStatus = StatusCodes.Status400BadRequest)]
    public async Task<IActionResult> Add(string? name, CancellationToken cancellationToken)
    {
        await groups.AddAsync(name, cancellationToken);
        TempData[NoticeKey] = $"The group {Domain.PersonDetails.Tidy(name)} is added. Put people in it from their pages, or by an import with a department column.";
        return RedirectToAction(nameof(Index));
    }

    [HttpPost("{id:int}/remove")]
    [ProblemPage(nameof(PageAsync))]
    public async Task<IActionResult> Remove(int id, CancellationToken cancellationToken)
    {
        if (!await groups.RemoveAsync(id, User.AsPerson(), cancellationToken))
        {
            return NotFound();
        }

        TempData[NoticeKey] = "The group is removed. Its members are in their other groups as before.";
        return RedirectToAction(nameof(Index));
    }

    private async Task<IActionResult> PageAsync(string? name, string? problem, int statusCode, CancellationToken cancellationToken)
    {
        Response.StatusCode = statusCode;
        return View("Index", new GroupsViewModel(await groups.ListAsync(cancellationToken), name, TempData[NoticeKey] as string, problem));
    }
}
