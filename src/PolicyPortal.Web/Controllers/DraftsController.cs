using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Infrastructure;
using PolicyPortal.Web.Services;
using PolicyPortal.Web.ViewModels.Drafts;
using PolicyPortal.Web.ViewModels.Shared;

namespace PolicyPortal.Web.Controllers;

/// <summary>The Principal prepares policies and their revisions. Governors review and adopt, but never edit text.</summary>
[Authorize(Roles = Roles.Principal)]
[Route("policies")]
public sealed class DraftsController(PolicyLifecycle lifecycle, PolicyCatalogue catalogue, PolicyText policyText, SchoolTime schoolTime) : Controller
{
    private const string NoticeKey = "DraftNotice";

    [HttpGet("new")]
    public IActionResult New() => View(new NewPolicyForm { StaffSign = true });

    [HttpPost("new")]
    [LargeForm(RequestLimits.PolicyTextForm)]
    [ProblemPage(nameof(NewPage), RuleStatus = StatusCodes.Status400BadRequest)]
    public async Task<IActionResult> Create(NewPolicyForm form, CancellationToken cancellationToken)
    {
        if (form.Audience == PolicyAudience.None)
        {
            ModelState.AddModelError(nameof(NewPolicyForm.StaffSign), "Say who must sign the policy: staff, governors or both.");
        }

        if (form.Slug is not null && !PolicySlug.IsValid(form.Slug) && ModelState.IsValid)
        {
            ModelState.AddModelError(nameof(NewPolicyForm.Slug), $"'{form.Slug}' cannot be used as an address. Choose another.");
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return NewPage(form, problem: null);
        }

        await lifecycle.CreateAsync(new NewPolicy(form.Title!, form.Slug!, form.Audience, form.ReviewCycleMonths, form.Body ?? string.Empty), User.AsPerson(), cancellationToken);
        TempData[NoticeKey] = "The policy is created with its first draft.";
        return RedirectToAction(nameof(Edit), new { slug = form.Slug });
    }

    [HttpPost("{slug}/draft/start")]
    [ProblemPage(nameof(DraftPageAsync))]
    public Task<IActionResult> Start(string slug, CancellationToken cancellationToken) =>
        ActAsync(slug, () => lifecycle.StartDraftAsync(slug, User.AsPerson(), cancellationToken), "A new draft is started from the text in force.");

    [HttpGet("{slug}/draft")]
    public async Task<IActionResult> Edit(string slug, CancellationToken cancellationToken) =>
        await DraftPageAsync(slug, form: null, previewOf: null, savedByOthers: null, problem: null, StatusCodes.Status200OK, cancellationToken);

    [HttpPost("{slug}/draft")]
    [LargeForm(RequestLimits.PolicyTextForm)]
    [ProblemPage(nameof(DraftPageAsync))]
    public async Task<IActionResult> Save(string slug, DraftForm form, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return await DraftPageAsync(slug, form, null, null, null, StatusCodes.Status400BadRequest, cancellationToken);
        }

        if (form.Intent == "preview")
        {
            return await DraftPageAsync(slug, form, form.Body ?? string.Empty, null, null, StatusCodes.Status200OK, cancellationToken);
        }

        var result = await lifecycle.SaveDraftAsync(slug, new DraftEdit(form.Body ?? string.Empty, form.ChangeSummary, form.Kind, form.ProvidedBy, form.ConcurrencyStamp), User.AsPerson(), cancellationToken);
        switch (result.Outcome)
        {
            case DraftSaveOutcome.Saved when form.Intent == "submit":
                // Submitting sends what is in the editor, so it is saved first. A refusal (the text is the one in force,
                // say) shows the page again with the text as typed, which is now saved.
                // A refused submit shows the form again: with the saved draft's stamp, so saving from it is no clash.
                form.ConcurrencyStamp = result.Draft!.ConcurrencyStamp;
                await lifecycle.SubmitAsync(slug, form.ConcurrencyStamp, User.AsPerson(), cancellationToken);
                TempData[NoticeKey] = "Your changes are saved, and the draft is with the governors for review.";
                return RedirectToAction(nameof(Edit), new { slug });
            case DraftSaveOutcome.Saved:
                TempData[NoticeKey] = "Your changes are saved.";
                return RedirectToAction(nameof(Edit), new { slug });
            case DraftSaveOutcome.ChangedMeanwhile when result.Draft is not { Status: RevisionStatus.Draft }:
                // It went to the governors (or away) meanwhile: nothing can be saved now, but what they typed stays on the page.
                return await DraftPageAsync(
                    slug,
                    form,
                    null,
                    null,
                    "This revision was submitted for review after you opened it, so your changes were not saved. Your text is shown below so that you can copy it; take the revision back into draft to use it.",
                    StatusCodes.Status409Conflict,
                    cancellationToken);
            case DraftSaveOutcome.ChangedMeanwhile:
                // Keep what they typed in the form; show the other person's saved text beside it, and let them save over it knowingly.
                form.ConcurrencyStamp = result.Draft.ConcurrencyStamp;
                return await DraftPageAsync(
                    slug,
                    form,
                    null,
                    result.Draft.Body,
                    "Someone else saved this draft after you opened it, so your changes were not saved. Your text is still in the form below; the text they saved is shown after it. Save again to replace theirs with yours.",
                    StatusCodes.Status409Conflict,
                    cancellationToken);
            default:
                return NotFound();
        }
    }

    [HttpPost("{slug}/draft/submit")]
    [ProblemPage(nameof(DraftPageAsync))]
    public Task<IActionResult> Submit(string slug, Guid concurrencyStamp, CancellationToken cancellationToken) =>
        ActAsync(slug, () => lifecycle.SubmitAsync(slug, concurrencyStamp, User.AsPerson(), cancellationToken), "The draft is with the governors for review.");

    [HttpPost("{slug}/draft/revise")]
    [ProblemPage(nameof(DraftPageAsync))]
    public Task<IActionResult> Revise(string slug, Guid concurrencyStamp, CancellationToken cancellationToken) =>
        ActAsync(slug, () => lifecycle.ReturnToDraftAsync(slug, concurrencyStamp, User.AsPerson(), cancellationToken), "The revision is back in draft. Submit it again when it is ready.");

    // The draft editor's script (wwwroot/js/draft-editor.js) asks for these as the Principal types. They answer the script,
    // not a person: a session that has ended gets 401 ([ScriptEndpoint]), and a refusal is JSON, in words.

    /// <summary>
    /// The text as it will look, rendered here as for the Preview button (never in the browser): an HTML fragment; or, for
    /// a text that could not be saved because the portal cannot show it, why not.
    /// </summary>
    [HttpPost("{slug}/draft/preview")]
    [ScriptEndpoint]
    [LargeForm(RequestLimits.PolicyTextForm)]
    public async Task<IActionResult> LivePreview(string slug, DraftForm form, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return ScriptRefusal(problem: null, StatusCodes.Status400BadRequest);
        }

        var text = PolicyText.Render(form.Body ?? string.Empty, await catalogue.OpenRevisionImagesAsync(slug, cancellationToken));
        return text.Problem is { } problem
            ? ScriptRefusal(problem, StatusCodes.Status400BadRequest)
            : Content(text.Html, "text/html; charset=utf-8");
    }

    /// <summary>Saves the draft as the editor holds it, as Save does; answers the new stamp for the form, or why it was not saved.</summary>
    [HttpPost("{slug}/draft/autosave")]
    [ScriptEndpoint]
    [LargeForm(RequestLimits.PolicyTextForm)]
    [ProblemPage(nameof(ScriptRefusal))]
    public async Task<IActionResult> Autosave(string slug, DraftForm form, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return ScriptRefusal(problem: null, StatusCodes.Status400BadRequest);
        }

        var result = await lifecycle.SaveDraftAsync(slug, new DraftEdit(form.Body ?? string.Empty, form.ChangeSummary, form.Kind, form.ProvidedBy, form.ConcurrencyStamp), User.AsPerson(), cancellationToken);
        return result.Outcome switch
        {
            DraftSaveOutcome.Saved => Json(new DraftAutosaved(result.Draft!.ConcurrencyStamp, DisplayFormats.Time(schoolTime.Now()))),
            DraftSaveOutcome.ChangedMeanwhile when result.Draft is not { Status: RevisionStatus.Draft } => ScriptRefusal(
                "This revision was submitted for review after you opened it, so your changes are not saved, and no longer saved automatically. Your text is still in the editor: copy it somewhere safe, then take the revision back into draft to use it.",
                StatusCodes.Status409Conflict),
            DraftSaveOutcome.ChangedMeanwhile => ScriptRefusal(
                "Someone else saved this draft after you opened it, so your changes are not saved, and no longer saved automatically. Your text is still in the editor: choose Save the draft to see their text beside yours, then save again to keep yours.",
                StatusCodes.Status409Conflict),
            _ => ScriptRefusal(
                "This policy has no draft any more (it was adopted or discarded after you opened it), so your changes are not saved. Your text is still in the editor: copy it somewhere safe before you leave this page.",
                StatusCodes.Status409Conflict),
        };
    }

    [HttpGet("{slug}/draft/discard")]
    public Task<IActionResult> ConfirmDiscard(string slug, CancellationToken cancellationToken) =>
        DiscardPageAsync(slug, problem: null, StatusCodes.Status200OK, cancellationToken);

    [HttpPost("{slug}/draft/discard")]
    [ProblemPage(nameof(DiscardPageAsync))]
    public async Task<IActionResult> Discard(string slug, Guid concurrencyStamp, CancellationToken cancellationToken)
    {
        var discarded = await lifecycle.DiscardDraftAsync(slug, concurrencyStamp, User.AsPerson(), cancellationToken);
        if (discarded.PolicyRetired)
        {
            TempData[PoliciesController.NoticeKey] = $"Version {discarded.Version} of '{discarded.Title}' is discarded. It was the policy's only text, so the policy is retired: it is listed under Retired.";
            return RedirectToAction(nameof(PoliciesController.Index), "Policies");
        }

        TempData[RevisionsController.NoticeKey] = $"Version {discarded.Version} is discarded, with its comments and governors' views.";
        return RedirectToAction(nameof(RevisionsController.Index), "Revisions", new { slug });
    }

    private async Task<IActionResult> ActAsync(string slug, Func<Task> action, string notice)
    {
        await action();
        TempData[NoticeKey] = notice;
        return RedirectToAction(nameof(Edit), new { slug });
    }

    /// <summary>A refusal for the editor's script: the broken rule's message, or else what is wrong with the details sent.</summary>
    private JsonResult ScriptRefusal(string? problem, int statusCode) =>
        new(new DraftEditorRefusal(problem ?? string.Join(" ", ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage).Where(m => m.Length > 0).DefaultIfEmpty("The details sent could not be read."))))
        {
            StatusCode = statusCode,
        };

    private ViewResult NewPage(NewPolicyForm form, string? problem)
    {
        if (problem is not null)
        {
            ModelState.AddModelError(string.Empty, problem);
        }

        return View("New", form);
    }

    /// <summary>The page that asks the Principal to confirm throwing the draft away, with why it was not, if it was refused.</summary>
    private async Task<IActionResult> DiscardPageAsync(string slug, string? problem, int statusCode, CancellationToken cancellationToken)
    {
        var policy = await catalogue.WithRevisionsAsync(slug, cancellationToken);
        if (policy is null)
        {
            return NotFound();
        }

        if (policy.OpenRevision is not { } draft)
        {
            if (problem is null)
            {
                return RedirectToAction(nameof(RevisionsController.Index), "Revisions", new { slug });
            }

            Response.StatusCode = statusCode;
            return View("NoDraft", (policy.Slug, policy.Title, problem));
        }

        Response.StatusCode = statusCode;
        return View("Discard", new DiscardDraftViewModel(
            policy.Slug,
            policy.Title,
            draft.Version,
            draft.Status,
            draft.ConcurrencyStamp,
            draft.Comments.Count,
            draft.Reviews.Count,
            DeletesPolicy: policy.Revisions.Count == 1)
        {
            Problem = problem,
        });
    }

    private async Task<IActionResult> DraftPageAsync(
        string slug,
        DraftForm? form,
        string? previewOf,
        string? savedByOthers,
        string? problem,
        int statusCode,
        CancellationToken cancellationToken)
    {
        var policy = await catalogue.WithRevisionsAsync(slug, cancellationToken);
        if (policy is null)
        {
            return NotFound();
        }

        if (policy.OpenRevision is not { } draft)
        {
            if (problem is null)
            {
                // Nothing is being prepared: the history page is where a new draft is started.
                return RedirectToAction(nameof(RevisionsController.Index), "Revisions", new { slug });
            }

            Response.StatusCode = statusCode;
            return View("NoDraft", (policy.Slug, policy.Title, problem));
        }

        // A refused form for a revision in review has no editor to show its errors beside: say why in words.
        if (statusCode != StatusCodes.Status200OK && draft.Status != RevisionStatus.Draft)
        {
            problem ??= "This revision is with the governors for review, so nothing was saved. Take it back into draft to change it.";
        }

        // The Preview button shows the text as typed; one the portal cannot show is refused as saving it would be.
        var preview = previewOf is not null ? PolicyText.Render(previewOf, draft.Attachments)
            : draft.Status is RevisionStatus.InReview or RevisionStatus.AwaitingConfirmation ? policyText.Render(draft.Body, draft.BodySha256, draft.Attachments)
            : null;
        if (previewOf is not null && draft.Status == RevisionStatus.Draft && preview?.Problem is { } refused)
        {
            ModelState.AddModelError(nameof(DraftForm.Body), refused);
            statusCode = StatusCodes.Status400BadRequest;
            preview = null;
        }

        var model = new DraftPageViewModel
        {
            Slug = policy.Slug,
            Title = policy.Title,
            Version = draft.Version,
            Status = draft.Status,
            CurrentVersion = policy.CurrentRevision?.Version,
            Form = form ?? new DraftForm { Body = draft.Body, ChangeSummary = draft.ChangeSummary, Kind = draft.ChangeKind, ProvidedBy = draft.ProvidedBy, ConcurrencyStamp = draft.ConcurrencyStamp },
            FormIsUnsaved = form is not null,
            UnsavedText = draft.Status != RevisionStatus.Draft && form?.Body is { } typed && typed != draft.Body ? typed : null,
            Preview = preview,
            SavedByOthers = savedByOthers,
            Problem = problem,
            Notice = TempData[NoticeKey] as string,
            Views = draft.CurrentViews(),
            Comments = [.. draft.Comments.OrderBy(c => c.WrittenAtUtc)],
        };
        Response.StatusCode = statusCode;
        return View("Edit", model);
    }
}
