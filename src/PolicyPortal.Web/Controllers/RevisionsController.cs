using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Infrastructure;
using PolicyPortal.Web.Services;
using PolicyPortal.Web.ViewModels.Reviews;
using PolicyPortal.Web.ViewModels.Revisions;
using PolicyPortal.Web.ViewModels.Shared;

namespace PolicyPortal.Web.Controllers;

/// <summary>
/// A policy's history: every revision, any past text, and a redline between any two. Everyone sees adopted and
/// superseded text; revisions still being prepared and the audit trail are for the Principal and governors.
/// </summary>
[Route("policies/{slug}")]
public sealed class RevisionsController(PolicyCatalogue catalogue, PolicyLifecycle lifecycle, RevisionComparisons comparisons, SchoolTime schoolTime) : Controller
{
    public const string NoticeKey = "HistoryNotice";

    [HttpGet("revisions")]
    public Task<IActionResult> Index(string slug, CancellationToken cancellationToken) =>
        HistoryPageAsync(slug, review: null, problem: null, StatusCodes.Status200OK, cancellationToken);

    /// <summary>The history page, with the annual review form as typed and why it was refused, if it was.</summary>
    private async Task<IActionResult> HistoryPageAsync(string slug, NoChangeReviewForm? review, string? problem, int statusCode, CancellationToken cancellationToken)
    {
        var policy = await catalogue.WithRevisionsAsync(slug, cancellationToken);
        if (policy is null)
        {
            return NotFound();
        }

        var insider = IsInsider();
        var rows = Visible(policy)
            .OrderByDescending(r => r.Sequence)
            .Select(r => new HistoryRow(
                r.Version,
                r.Status,
                r.ChangeKind,
                r.ChangeSummary,
                AdoptionText(r),
                insider ? [.. r.CurrentViews().Select(v => $"{v.GovernorName}: {(v.Verdict == ReviewVerdict.ReadyForAdoption ? "ready for adoption" : $"changes needed ({v.Reason})")}")] : []))
            .ToList();
        var events = insider
            ? (await catalogue.EventsAsync(policy.Id, cancellationToken))
                .Select(e => new HistoryEvent(schoolTime.DateTimeText(e.AtUtc), e.ActorName, e.Kind, e.Detail))
                .ToList()
            : [];

        Response.StatusCode = statusCode;
        return View("Index", new HistoryViewModel(
            policy.Slug,
            policy.Title,
            rows,
            events,
            CanPrepare: User.IsInRole(Roles.Principal),
            HasOpenRevision: policy.OpenRevision is not null,
            CanRecordNoChangeReview: User.IsInRole(Roles.Governor) && policy.CurrentRevision is not null && policy.OpenRevision is null && !policy.IsRetired,
            HasVersionInForce: policy.CurrentRevision is not null)
        {
            RetiredOn = policy.RetiredAtUtc is { } retired ? DisplayFormats.Date(schoolTime.DateOf(retired)) : null,
            Category = policy.Category,
            Owner = await catalogue.NameOfAsync(policy.OwnerUserId, cancellationToken),
            Review = review ?? new NoChangeReviewForm(),
            Problem = problem,
            Notice = TempData[NoticeKey] as string,
        });
    }

    [HttpGet("revisions/{version}")]
    public async Task<IActionResult> Show(string slug, string version, CancellationToken cancellationToken)
    {
        var policy = await catalogue.WithRevisionsAsync(slug, cancellationToken);
        var revision = policy is null ? null : Visible(policy).SingleOrDefault(r => r.Version == version);
        if (revision is null)
        {
            return NotFound();
        }

        return View(new RevisionTextViewModel(policy!.Slug, policy.Title, revision.Version, revision.Status, policy.CurrentRevision?.Version, revision.BodySha256, await catalogue.TextAsync(revision, cancellationToken)));
    }

    [HttpGet("compare")]
    public async Task<IActionResult> Compare(string slug, string? from, string? to, CancellationToken cancellationToken)
    {
        var policy = await catalogue.WithRevisionsAsync(slug, cancellationToken);
        if (policy is null)
        {
            return NotFound();
        }

        var visible = Visible(policy).OrderBy(r => r.Sequence).ToList();
        var older = visible.SingleOrDefault(r => r.Version == from);
        var newer = visible.SingleOrDefault(r => r.Version == to);
        if (older is null || newer is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Problem", new ProblemViewModel(
                400,
                "Choose two versions to compare",
                $"Compare needs two versions of this policy, e.g. ?from=1.0&to=2.0. The versions are: {string.Join(", ", visible.Select(r => r.Version))}."));
        }

        return View(new CompareViewModel(policy.Slug, policy.Title, older.Version, newer.Version, [.. visible.Select(r => r.Version)], comparisons.Compare(older, newer)));
    }

    [Authorize(Roles = Roles.Governor)]
    [HttpPost("annual-review")]
    [ProblemPage(nameof(HistoryPageAsync))]
    public async Task<IActionResult> RecordNoChangeReview(string slug, NoChangeReviewForm review, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return await HistoryPageAsync(slug, review, problem: null, StatusCodes.Status400BadRequest, cancellationToken);
        }

        await lifecycle.ReviewWithoutChangeAsync(slug, review.ReviewedOn!.Value, review.MinuteReference!, User.AsPerson(), cancellationToken);
        TempData[NoticeKey] = "The review is recorded.";
        return RedirectToAction(nameof(Index), new { slug });
    }

    [Authorize(Roles = Roles.Principal)]
    [HttpGet("retire")]
    public Task<IActionResult> ConfirmRetire(string slug, CancellationToken cancellationToken) =>
        RetirePageAsync(slug, problem: null, StatusCodes.Status200OK, cancellationToken);

    [Authorize(Roles = Roles.Principal)]
    [HttpPost("retire")]
    [ProblemPage(nameof(RetirePageAsync))]
    public async Task<IActionResult> Retire(string slug, CancellationToken cancellationToken)
    {
        await lifecycle.RetireAsync(slug, User.AsPerson(), cancellationToken);
        TempData[NoticeKey] = "The policy is retired. Nobody is asked to sign it, and it has left the lists and the compliance figures.";
        return RedirectToAction(nameof(Index), new { slug });
    }

    [Authorize(Roles = Roles.Principal)]
    [HttpPost("restore")]
    [ProblemPage(nameof(HistoryPageAsync))]
    public async Task<IActionResult> Restore(string slug, CancellationToken cancellationToken)
    {
        await lifecycle.RestoreAsync(slug, User.AsPerson(), cancellationToken);
        TempData[NoticeKey] = "The policy is restored and in force again.";
        return RedirectToAction(nameof(Index), new { slug });
    }

    /// <summary>The confirmation before a policy is retired, with why it was not, if it was refused.</summary>
    private async Task<IActionResult> RetirePageAsync(string slug, string? problem, int statusCode, CancellationToken cancellationToken)
    {
        var policy = await catalogue.WithRevisionsAsync(slug, cancellationToken);
        if (policy is null)
        {
            return NotFound();
        }

        Response.StatusCode = statusCode;
        return View("Retire", new RetirePolicyViewModel(policy.Slug, policy.Title, policy.IsRetired, policy.OpenRevision?.Version) { Problem = problem });
    }

    private bool IsInsider() => User.IsInRole(Roles.Principal) || User.IsInRole(Roles.Governor);

    private IEnumerable<PolicyRevision> Visible(Policy policy) =>
        IsInsider() ? policy.Revisions : policy.Revisions.Where(r => r.IsImmutable);

    private static string? AdoptionText(PolicyRevision revision) =>
        revision.ReviewedOn is not { } reviewed || !revision.IsImmutable
            ? null
            : string.Join(", ", new[]
            {
                $"adopted by {revision.AdoptedBy}",
                revision.AdoptionNote,
                DisplayFormats.Date(reviewed, revision.ReviewedOnPrecision),
                revision.MinuteReference is null ? null : $"minute {revision.MinuteReference}",
                revision.SignedBy is null ? null : $"signed by {revision.SignedBy}",
                revision.LastReviewedWithoutChangeOn is { } lastReview ? $"reviewed without change {DisplayFormats.Date(lastReview)} (minute {revision.LastReviewMinuteReference})" : null,
            }.Where(part => part is not null));
}
