using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Infrastructure;
using PolicyPortal.Web.Services;
using PolicyPortal.Web.ViewModels.Concerns;
using PolicyPortal.Web.ViewModels.Shared;

namespace PolicyPortal.Web.Controllers;

/// <summary>
/// Concerns about colleagues' social media or breaches of the policy: anyone reports one, the Principal handles it (the
/// governors when it concerns the Principal), and the person it concerns never sees it.
/// </summary>
[Route("concerns")]
public sealed class ConcernsController(Concerns concerns, IAuthorizationService authorization, SchoolTime schoolTime) : Controller
{
    private const string NoticeKey = "ConcernNotice";

    [HttpGet("")]
    public async Task<IActionResult> Index(ConcernStatus? status, CancellationToken cancellationToken)
    {
        var viewer = User.AsConcernViewer();
        var reported = await concerns.ReportedByAsync(viewer.Person.UserId, cancellationToken);
        var filter = status is { } chosen && Enum.IsDefined(chosen) ? status : null;
        var queue = viewer.IsPrincipal || viewer.IsGovernor ? await concerns.QueueAsync(viewer, filter, cancellationToken) : null;
        return View(new ConcernListViewModel([.. reported.Select(Row)], queue is null ? null : [.. queue.Select(Row)], filter, TempData[NoticeKey] as string));
    }

    [HttpGet("new")]
    public Task<IActionResult> New(CancellationToken cancellationToken) => FormPageAsync(new ConcernForm(), cancellationToken);

    [HttpPost("new")]
    [ProblemPage(nameof(FormPageAsync))]
    public async Task<IActionResult> Create(ConcernForm form, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return await FormPageAsync(form, cancellationToken);
        }

        var concern = await concerns.ReportAsync(User.AsPerson(), form.ToDetails(), cancellationToken);
        TempData[NoticeKey] = $"Thank you. Your concern is sent to {Concern.HandlerText(concern.Handler)}. Follow it on this page, or from Concerns at the top of any page.";
        return RedirectToAction(nameof(Show), new { id = concern.PublicId });
    }

    // The id in a concern's address is its PublicId; any other, a concern's number included, answers 404.
    // A page fetched ahead (a prefetch or prerender) is refused, empty, so that the browser asks again when the handler
    // opens it, and that opening is recorded: a prerendered page is shown without another request.
    [HttpGet("{id:length(32)}")]
    public async Task<IActionResult> Show(string id, CancellationToken cancellationToken)
    {
        if (Request.IsPrefetch())
        {
            Response.Headers.CacheControl = "no-store";
            return StatusCode(StatusCodes.Status400BadRequest);
        }

        return await PageAsync(id, problem: null, StatusCodes.Status200OK, cancellationToken);
    }

    // Most rules broken here are about what was typed (a note or an outcome left empty), so they are 400, as a form's are.
    [HttpPost("{id:length(32)}/review")]
    [ProblemPage(nameof(PageAsync), RuleStatus = StatusCodes.Status400BadRequest)]
    public Task<IActionResult> StartReview(string id, Guid concurrencyStamp, CancellationToken cancellationToken) =>
        HandlerActsAsync(id, () => concerns.StartReviewAsync(id, concurrencyStamp, User.AsConcernViewer(), cancellationToken), "The concern is under review.", cancellationToken);

    [HttpPost("{id:length(32)}/notes")]
    [ProblemPage(nameof(PageAsync), RuleStatus = StatusCodes.Status400BadRequest)]
    public Task<IActionResult> AddNote(string id, Guid concurrencyStamp, string? note, CancellationToken cancellationToken) =>
        HandlerActsAsync(id, () => concerns.AddNoteAsync(id, concurrencyStamp, User.AsConcernViewer(), note, cancellationToken), "Your note is added.", cancellationToken);

    [HttpPost("{id:length(32)}/close")]
    [ProblemPage(nameof(PageAsync), RuleStatus = StatusCodes.Status400BadRequest)]
    public Task<IActionResult> Close(string id, Guid concurrencyStamp, string? outcome, CancellationToken cancellationToken) =>
        HandlerActsAsync(id, () => concerns.CloseAsync(id, concurrencyStamp, User.AsConcernViewer(), outcome, cancellationToken), "The concern is closed, and the person who reported it is told.", cancellationToken);

    private async Task<IActionResult> HandlerActsAsync(string id, Func<Task> action, string notice, CancellationToken cancellationToken)
    {
        var concern = await ReadableAsync(id, cancellationToken);
        if (concern is null)
        {
            return NotFound();
        }

        if (!concern.IsHandledBy(User.AsConcernViewer()))
        {
            return Forbid();
        }

        if (!ModelState.IsValid)
        {
            return await PageAsync(id, "The form was not sent as the page gave it. Reload the page and try again.", StatusCodes.Status400BadRequest, cancellationToken);
        }

        await action();
        TempData[NoticeKey] = notice;
        return RedirectToAction(nameof(Show), new { id });
    }

    private async Task<IActionResult> PageAsync(string id, string? problem, int statusCode, CancellationToken cancellationToken)
    {
        var concern = await ReadableAsync(id, cancellationToken);
        if (concern is null)
        {
            return NotFound();
        }

        var viewer = User.AsConcernViewer();
        var isHandler = concern.IsHandledBy(viewer);
        if (isHandler && Request.IsPageNavigation())
        {
            concern = await concerns.RecordViewAsync(id, viewer, cancellationToken);
        }

        Response.StatusCode = statusCode;
        return View("Show", new ConcernPageViewModel
        {
            Concern = concern,
            IsHandler = isHandler,
            ReportedAt = ReportedAt(concern),
            SeenOn = DisplayFormats.Date(concern.SeenOn),
            ClosedAt = concern.ClosedAtUtc is { } closed ? schoolTime.DateTimeText(closed) : null,
            Section = await SectionAsync(concern, cancellationToken),
            Timeline = isHandler
                ? [.. concern.Timeline.OrderBy(e => e.AtUtc).ThenBy(e => e.Id).Select(e => new ConcernTimelineEntry(schoolTime.DateTimeText(e.AtUtc), e.ActorName, e.Detail))]
                : [],
            Problem = problem,
            Notice = TempData[NoticeKey] as string,
        });
    }

    // Someone else's concern reads as missing: an address reveals nothing, least of all to the person it concerns.
    private async Task<Concern?> ReadableAsync(string id, CancellationToken cancellationToken)
    {
        var concern = await concerns.FindAsync(id, cancellationToken);
        return concern is not null && (await authorization.AuthorizeAsync(User, concern, Operations.Read)).Succeeded ? concern : null;
    }

    private async Task<ConcernSection?> SectionAsync(Concern concern, CancellationToken cancellationToken)
    {
        if (concern.PolicySection is not { } anchor)
        {
            return null;
        }

        // The anchor links to the policy in force while it still has that heading; otherwise it is shown as it was chosen.
        var policy = await concerns.PolicySectionsAsync(cancellationToken);
        var heading = policy is not null && policy.PolicyId == concern.PolicyId ? policy.Sections.FirstOrDefault(s => s.Id == anchor) : null;
        return heading is null ? new ConcernSection(anchor, null, anchor) : new ConcernSection(heading.Text, policy!.Slug, anchor);
    }

    private async Task<IActionResult> FormPageAsync(ConcernForm form, CancellationToken cancellationToken) =>
        View("Form", new ConcernFormViewModel(form, await concerns.PolicySectionsAsync(cancellationToken), schoolTime.Today().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));

    private ConcernRow Row(Concern c) =>
        new(c.PublicId, ReportedAt(c), c.Concerning, c.ReporterName, c.Status, c.Handler);

    private string ReportedAt(Concern c) => schoolTime.DateTimeText(c.ReportedAtUtc);
}
