using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Infrastructure;
using PolicyPortal.Web.Services;
using PolicyPortal.Web.ViewModels.Reviews;

namespace PolicyPortal.Web.Controllers;

/// <summary>
/// The governors' review: they read a revision, compare it with the text in force, comment, give their view and record
/// the governing body's decision. The Principal sees all of it and may comment, but cannot adopt.
/// </summary>
[Authorize(Roles = Roles.PrincipalOrGovernor)]
public sealed class ReviewsController(PolicyLifecycle lifecycle, PolicyCatalogue catalogue, RevisionComparisons comparisons, SchoolTime schoolTime) : Controller
{
    private const string NoticeKey = "ReviewNotice";

    [HttpGet("/reviews")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var inReview = await catalogue.InReviewAsync(cancellationToken);
        var due = await lifecycle.ReviewsDueAsync(schoolTime.Today(), cancellationToken);
        var rows = inReview
            .Select(r =>
            {
                var views = r.CurrentViews();
                return new InReviewRow(r.Policy.Slug, r.Policy.Title, r.Version, r.ChangeKind, views.Count(v => v.Verdict == ReviewVerdict.ReadyForAdoption), views.Count(v => v.Verdict == ReviewVerdict.ChangesNeeded));
            })
            .ToList();
        return View(new ReviewListViewModel(rows, due));
    }

    [HttpGet("/policies/{slug}/review")]
    public Task<IActionResult> Show(string slug, CancellationToken cancellationToken) =>
        ReviewPageAsync(slug, null, null, null, null, StatusCodes.Status200OK, cancellationToken);

    [HttpPost("/policies/{slug}/review/comments")]
    [ProblemPage(nameof(ReviewPageAsync))]
    public async Task<IActionResult> Comment(string slug, CommentForm comment, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return await ReviewPageAsync(slug, comment, null, null, null, StatusCodes.Status400BadRequest, cancellationToken);
        }

        return await ActAsync(slug, () => lifecycle.CommentAsync(slug, comment.Text!, User.AsPerson(), cancellationToken), "Your comment is added.");
    }

    [Authorize(Roles = Roles.Governor)]
    [HttpPost("/policies/{slug}/review/views")]
    [ProblemPage(nameof(ReviewPageAsync))]
    public async Task<IActionResult> RecordView(string slug, ViewForm view, CancellationToken cancellationToken)
    {
        if (view.Verdict == ReviewVerdict.ChangesNeeded && string.IsNullOrWhiteSpace(view.Reason))
        {
            ModelState.AddModelError(nameof(ViewForm.Reason), "Say which changes are needed.");
        }

        if (!ModelState.IsValid)
        {
            return await ReviewPageAsync(slug, null, view, null, null, StatusCodes.Status400BadRequest, cancellationToken);
        }

        return await ActAsync(slug, () => lifecycle.RecordViewAsync(slug, view.Verdict!.Value, view.Reason, User.AsPerson(), cancellationToken), "Your view is recorded.");
    }

    [Authorize(Roles = Roles.Governor)]
    [HttpPost("/policies/{slug}/review/adoption")]
    [ProblemPage(nameof(ReviewPageAsync))]
    public async Task<IActionResult> Adopt(string slug, AdoptionForm adoption, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return await ReviewPageAsync(slug, null, null, adoption, null, StatusCodes.Status400BadRequest, cancellationToken);
        }

        var decision = new AdoptionDecision(adoption.MeetingDate!.Value, adoption.MinuteReference!, adoption.SignedBy!, adoption.EffectiveFrom!.Value);
        var adopted = await lifecycle.AdoptAsync(slug, adoption.ConcurrencyStamp, decision, User.AsPerson(), cancellationToken);
        TempData[PoliciesController.NoticeKey] = $"Version {adopted.Version} is adopted and now in force.";
        return RedirectToAction(nameof(PoliciesController.Show), "Policies", new { slug });
    }

    private async Task<IActionResult> ActAsync(string slug, Func<Task> action, string notice)
    {
        await action();
        TempData[NoticeKey] = notice;
        return RedirectToAction(nameof(Show), new { slug });
    }

    /// <summary>The review page, with whichever of its three forms was sent kept as it was typed.</summary>
    private async Task<IActionResult> ReviewPageAsync(
        string slug,
        CommentForm? comment,
        ViewForm? view,
        AdoptionForm? adoption,
        string? problem,
        int statusCode,
        CancellationToken cancellationToken)
    {
        var policy = await catalogue.WithRevisionsAsync(slug, cancellationToken);
        if (policy is null)
        {
            return NotFound();
        }

        if (policy.OpenRevision is not { Status: RevisionStatus.InReview } revision)
        {
            Response.StatusCode = statusCode == StatusCodes.Status200OK ? StatusCodes.Status404NotFound : statusCode;
            return View("NothingInReview", (policy.Slug, policy.Title, problem ?? (statusCode == StatusCodes.Status200OK ? null : "Nothing was recorded: no revision of this policy is in review now.")));
        }

        var current = policy.CurrentRevision;
        var model = new ReviewPageViewModel
        {
            Slug = policy.Slug,
            Title = policy.Title,
            Version = revision.Version,
            Kind = revision.ChangeKind,
            ChangeSummary = revision.ChangeSummary,
            CurrentVersion = current?.Version,
            ConcurrencyStamp = revision.ConcurrencyStamp,
            Text = await catalogue.TextAsync(revision, cancellationToken),
            Comparison = current is null ? null : comparisons.Compare(current, revision),
            Views = revision.CurrentViews(),
            Comments = [.. revision.Comments.OrderBy(c => c.WrittenAtUtc)],
            CanDecide = User.IsInRole(Roles.Governor),
            Comment = comment ?? new CommentForm(),
            View = view ?? new ViewForm(),
            Adoption = adoption ?? new AdoptionForm { ConcurrencyStamp = revision.ConcurrencyStamp, MeetingDate = schoolTime.Today(), EffectiveFrom = schoolTime.Today() },
            Problem = problem,
            Notice = TempData[NoticeKey] as string,
        };
        Response.StatusCode = statusCode;
        return View("Show", model);
    }
}
