using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Infrastructure;
using PolicyPortal.Web.Services;
using PolicyPortal.Web.ViewModels.PolicyDetails;

namespace PolicyPortal.Web.Controllers;

/// <summary>The Principal describes a policy beside its text: category, owner, review cycle and who must sign.</summary>
[Authorize(Roles = Roles.Principal)]
[Route("policies/{slug}/details")]
public sealed class PolicyDetailsController(PolicyLifecycle lifecycle, PolicyCatalogue catalogue, People people, Groups groups) : Controller
{
    [HttpGet("")]
    public Task<IActionResult> Edit(string slug, CancellationToken cancellationToken) =>
        DetailsPageAsync(slug, form: null, problem: null, StatusCodes.Status200OK, cancellationToken);

    [HttpPost("")]
    [ProblemPage(nameof(DetailsPageAsync), RuleStatus = StatusCodes.Status400BadRequest)]
    public async Task<IActionResult> Save(string slug, PolicyDetailsForm form, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return await DetailsPageAsync(slug, form, problem: null, StatusCodes.Status400BadRequest, cancellationToken);
        }

        await lifecycle.DescribeAsync(slug, new PolicyDescription(form.Category, form.OwnerUserId, form.ReviewCycleMonths!.Value, form.Audience, form.AudienceGroups), User.AsPerson(), cancellationToken);
        TempData[RevisionsController.NoticeKey] = "The policy's details are saved.";
        return RedirectToAction(nameof(RevisionsController.Index), "Revisions", new { slug });
    }

    /// <summary>The form, as saved or as typed, with the people who may own the policy.</summary>
    private async Task<IActionResult> DetailsPageAsync(string slug, PolicyDetailsForm? form, string? problem, int statusCode, CancellationToken cancellationToken)
    {
        var policy = await catalogue.WithRevisionsAsync(slug, cancellationToken);
        if (policy is null)
        {
            return NotFound();
        }

        var owners = (await people.ListAsync(PeopleStatus.Current, cancellationToken))
            .Where(p => p.Roles.Count > 0)
            .OrderBy(p => p.FullName, StringComparer.CurrentCulture)
            .Select(p => new OwnerChoice(p.Id, p.JobTitle is null ? p.FullName : $"{p.FullName}, {p.JobTitle}"))
            .ToList();
        form ??= new PolicyDetailsForm
        {
            Category = policy.Category,
            OwnerUserId = policy.OwnerUserId,
            ReviewCycleMonths = policy.ReviewCycleMonths,
            Audience = policy.Audience,
            AudienceGroups = [.. policy.AudienceGroups.Select(g => g.GroupId)],
        };
        Response.StatusCode = statusCode;
        return View("Edit", new PolicyDetailsViewModel(policy.Slug, policy.Title, form, owners, await groups.ListAsync(cancellationToken)) { Problem = problem });
    }
}
