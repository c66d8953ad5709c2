using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Infrastructure;
using PolicyPortal.Web.Services;
using PolicyPortal.Web.ViewModels.Presences;
using PolicyPortal.Web.ViewModels.Shared;

namespace PolicyPortal.Web.Controllers;

/// <summary>
/// Work-related social media presences: staff ask, the Principal decides (a governor decides the Principal's own), and
/// the register shows everyone which accounts are official.
/// </summary>
[Route("presences")]
public sealed class PresencesController(PresenceRequests presences, IAuthorizationService authorization, SchoolTime schoolTime) : Controller
{
    private const string StaffOrPrincipal = Roles.Staff + "," + Roles.Principal;
    private const string NoticeKey = "PresenceNotice";

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var mine = await presences.MineAsync(User.UserId(), cancellationToken);
        return View(new MyPresencesViewModel([.. mine.Select(Row)], TempData[NoticeKey] as string));
    }

    [Authorize(Roles = StaffOrPrincipal)]
    [HttpGet("new")]
    public IActionResult New() => FormPage(new PresenceForm(), null, null);

    [Authorize(Roles = StaffOrPrincipal)]
    [HttpPost("new")]
    [ProblemPage(nameof(FormPage))]
    public async Task<IActionResult> Create(PresenceForm form, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return FormPage(form, null, null);
        }

        var request = await presences.SubmitAsync(User.AsPerson(), User.IsInRole(Roles.Principal), form.ToDetails(), cancellationToken);
        TempData[NoticeKey] = User.IsInRole(Roles.Principal)
            ? "Your request is sent. As it is the Principal's own, a governor will decide it."
            : "Your request is sent to the Principal.";
        return RedirectToAction(nameof(Show), new { id = request.Id });
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Show(int id, CancellationToken cancellationToken) =>
        await PageAsync(id, problem: null, StatusCodes.Status200OK, cancellationToken);

    [HttpGet("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, CancellationToken cancellationToken)
    {
        var request = await ReadableAsync(id, cancellationToken);
        if (request is null)
        {
            return NotFound();
        }

        return request.RequesterUserId != User.UserId() ? Forbid() : FormPage(PresenceForm.From(request), id, null);
    }

    [HttpPost("{id:int}/edit")]
    [ProblemPage(nameof(FormPage))]
    public async Task<IActionResult> Update(int id, PresenceForm form, CancellationToken cancellationToken)
    {
        var request = await ReadableAsync(id, cancellationToken);
        if (request is null)
        {
            return NotFound();
        }

        if (request.RequesterUserId != User.UserId())
        {
            return Forbid();
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return FormPage(form, id, null);
        }

        await presences.EditAsync(id, form.ConcurrencyStamp, User.AsPerson(), form.ToDetails(), cancellationToken);
        TempData[NoticeKey] = request.Status == PresenceStatus.ChangesRequested
            ? "Your changes are saved. Send the request again when it is ready."
            : "Your changes are saved.";
        return RedirectToAction(nameof(Show), new { id });
    }

    [HttpPost("{id:int}/resubmit")]
    [ProblemPage(nameof(PageAsync))]
    public Task<IActionResult> Resubmit(int id, Guid concurrencyStamp, CancellationToken cancellationToken) =>
        RequesterActsAsync(id, () => presences.ResubmitAsync(id, concurrencyStamp, User.AsPerson(), cancellationToken), "Your request is sent again.", cancellationToken);

    [HttpPost("{id:int}/withdraw")]
    [ProblemPage(nameof(PageAsync))]
    public Task<IActionResult> Withdraw(int id, Guid concurrencyStamp, CancellationToken cancellationToken) =>
        RequesterActsAsync(id, () => presences.WithdrawAsync(id, concurrencyStamp, User.AsPerson(), cancellationToken), "Your request is withdrawn.", cancellationToken);

    [HttpPost("{id:int}/reconfirm")]
    [ProblemPage(nameof(PageAsync))]
    public Task<IActionResult> Reconfirm(int id, Guid concurrencyStamp, CancellationToken cancellationToken) =>
        RequesterActsAsync(id, () => presences.ReconfirmAsync(id, concurrencyStamp, User.AsPerson(), cancellationToken), "Thank you. The approval runs on for another period.", cancellationToken);

    [HttpPost("{id:int}/retire")]
    [ProblemPage(nameof(PageAsync))]
    public Task<IActionResult> Retire(int id, Guid concurrencyStamp, CancellationToken cancellationToken) =>
        RequesterActsAsync(id, () => presences.RetireAsync(id, concurrencyStamp, User.AsPerson(), cancellationToken), "The presence is retired and has left the register.", cancellationToken);

    [Authorize(Roles = Roles.PrincipalOrGovernor)]
    [HttpGet("review")]
    public async Task<IActionResult> Review(PresenceStatus? status, PresenceKind? kind, PresencePlatform? platform, CancellationToken cancellationToken)
    {
        var queue = await presences.QueueAsync(CurrentDecider(), new PresenceQueueFilter(status, kind, platform), cancellationToken);
        return View(new PresenceQueueViewModel([.. queue.Select(Row)], status, kind, platform));
    }

    // Most rules broken here are about what was typed (a reason left empty), so they are 400, as a form's are.
    [Authorize(Roles = Roles.PrincipalOrGovernor)]
    [HttpPost("{id:int}/decision")]
    [ProblemPage(nameof(PageAsync), RuleStatus = StatusCodes.Status400BadRequest)]
    public async Task<IActionResult> Decide(int id, Guid concurrencyStamp, PresenceDecision? decision, string? note, CancellationToken cancellationToken)
    {
        var request = await ReadableAsync(id, cancellationToken);
        if (request is null)
        {
            return NotFound();
        }

        if (!IsDecider(request))
        {
            return Forbid();
        }

        if (decision is not { } chosen || !Enum.IsDefined(chosen) || !ModelState.IsValid)
        {
            return await PageAsync(id, "Choose what to do: approve, ask for changes, decline or revoke.", StatusCodes.Status400BadRequest, cancellationToken);
        }

        await presences.DecideAsync(id, concurrencyStamp, CurrentDecider(), chosen, note, cancellationToken);
        TempData[NoticeKey] = chosen switch
        {
            PresenceDecision.Approve => "The request is approved and on the register.",
            PresenceDecision.RequestChanges => "The request is back with the requester for changes.",
            PresenceDecision.Decline => "The request is declined.",
            _ => "The approval is revoked and the presence has left the register.",
        };
        return RedirectToAction(nameof(Show), new { id });
    }

    [HttpGet("register")]
    public async Task<IActionResult> Register(CancellationToken cancellationToken)
    {
        var register = await presences.RegisterAsync(cancellationToken);
        return View(new RegisterViewModel([.. register.Select(Row)]));
    }

    private async Task<IActionResult> RequesterActsAsync(int id, Func<Task> action, string notice, CancellationToken cancellationToken)
    {
        var request = await ReadableAsync(id, cancellationToken);
        if (request is null)
        {
            return NotFound();
        }

        if (request.RequesterUserId != User.UserId())
        {
            return Forbid();
        }

        await action();
        TempData[NoticeKey] = notice;
        return RedirectToAction(nameof(Show), new { id });
    }

    private async Task<IActionResult> PageAsync(int id, string? problem, int statusCode, CancellationToken cancellationToken)
    {
        var request = await ReadableAsync(id, cancellationToken);
        if (request is null)
        {
            return NotFound();
        }

        Response.StatusCode = statusCode;
        return View("Show", new PresencePageViewModel
        {
            Request = request,
            Timeline = [.. request.Timeline.OrderBy(e => e.AtUtc).ThenBy(e => e.Id).Select(e => new TimelineEntry(schoolTime.DateTimeText(e.AtUtc), e.ActorName, e.Detail))],
            IsRequester = request.RequesterUserId == User.UserId(),
            IsDecider = IsDecider(request),
            ApprovedUntil = request.ApprovedUntil is { } until ? DisplayFormats.Date(until) : null,
            Problem = problem,
            Notice = TempData[NoticeKey] as string,
        });
    }

    // Someone else's request reads as missing: ids reveal nothing.
    private async Task<PresenceRequest?> ReadableAsync(int id, CancellationToken cancellationToken)
    {
        var request = await presences.FindAsync(id, cancellationToken);
        return request is not null && (await authorization.AuthorizeAsync(User, request, Operations.Read)).Succeeded ? request : null;
    }

    private bool IsDecider(PresenceRequest request) =>
        request.RequesterUserId != User.UserId() && (request.RequestedByPrincipal ? User.IsInRole(Roles.Governor) : User.IsInRole(Roles.Principal));

    private Decider CurrentDecider() => new(User.AsPerson(), User.IsInRole(Roles.Principal), User.IsInRole(Roles.Governor));

    private ViewResult FormPage(PresenceForm form, int? id, string? problem) => View("Form", new PresenceFormViewModel(form, id, problem));

    private PresenceRow Row(PresenceRequest r) =>
        new(r.Id, r.RequesterName, r.PlatformName, r.Handle, r.Kind, r.Status, r.ApprovedUntil is { } until ? DisplayFormats.Date(until) : null);
}
