using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Infrastructure;
using PolicyPortal.Web.Services;
using PolicyPortal.Web.ViewModels.People;
using PolicyPortal.Web.ViewModels.Shared;

namespace PolicyPortal.Web.Controllers;

/// <summary>The Principal's list of people: adding and inviting them, importing them from the school's MIS, and leavers.</summary>
[Authorize(Roles = Roles.Principal)]
[Route("people")]
public sealed class PeopleController(
    People people,
    Invitations invitations,
    PeopleImport import,
    SignInManager<PortalUser> signInManager,
    SchoolTime schoolTime) : Controller
{
    private const string NoticeKey = "PeopleNotice";

    [HttpGet("")]
    public async Task<IActionResult> Index(string? q, string? role, PeopleStatus status = PeopleStatus.Current, int page = 1, CancellationToken cancellationToken = default)
    {
        if (!Enum.IsDefined(status))
        {
            status = PeopleStatus.Current;
        }

        var found = await people.PageAsync(new PeopleFilter(q, role, status, page), cancellationToken);
        return View(new PeopleListViewModel(
            [.. found.People.Select(p => new PersonRow(p.Id, p.FullName, p.Email, p.JobTitle, PeopleText.Roles(p), PeopleText.Status(p, LocalDate(p.LeftAtUtc)), LocalDate(p.AddedAtUtc) ?? "—"))],
            q,
            Roles.All.Contains(role) ? role : null,
            status,
            TempData[NoticeKey] as string)
        {
            Page = found,
        });
    }

    /// <summary>Everyone invited who has not set a password, to send them all a new invitation.</summary>
    [HttpGet("invitations")]
    public Task<IActionResult> Invitations(CancellationToken cancellationToken) =>
        InvitationsPageAsync(problem: null, StatusCodes.Status200OK, cancellationToken);

    [HttpPost("invitations")]
    [ProblemPage(nameof(InvitationsPageAsync))]
    public async Task<IActionResult> ResendInvitations(CancellationToken cancellationToken)
    {
        var sent = await invitations.ResendAllAsync(User.AsPerson(), cancellationToken);
        TempData[NoticeKey] = sent == 0
            ? "Everyone invited has set a password: there was nobody to send a new invitation to."
            : $"New invitations to {Count(sent, "person", "people")} go out in school hours. The links in earlier ones no longer work.";
        return RedirectToAction(nameof(Index), new { status = PeopleStatus.Invited });
    }

    [HttpGet("new")]
    public IActionResult New() => FormPage(new PersonForm { Roles = [Roles.Staff] }, null, null);

    [HttpPost("new")]
    [ProblemPage(nameof(FormPage))]
    public async Task<IActionResult> Create(PersonForm form, CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            var emailProblem = PersonDetails.EmailProblem((form.Email ?? string.Empty).Trim());
            if (emailProblem is not null)
            {
                ModelState.AddModelError(nameof(PersonForm.Email), emailProblem);
            }

            var details = PersonDetails.Create(form.FullName, form.JobTitle, form.Roles);
            if (emailProblem is null)
            {
                var id = await people.AddAsync(form.Email, details, User.AsPerson(), cancellationToken);
                TempData[NoticeKey] = $"{details.FullName} is added, and an invitation to set a password is on its way to {form.Email!.Trim()}.";
                return RedirectToAction(nameof(Show), new { id });
            }
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return FormPage(form, null, null);
    }

    [HttpGet("{id}")]
    public Task<IActionResult> Show(string id, CancellationToken cancellationToken) =>
        PageAsync(id, problem: null, StatusCodes.Status200OK, cancellationToken);

    [HttpGet("{id}/edit")]
    public async Task<IActionResult> Edit(string id, CancellationToken cancellationToken)
    {
        var person = await people.FindAsync(id, cancellationToken);
        return person is null ? NotFound() : FormPage(PersonForm.From(person), id, null);
    }

    [HttpPost("{id}/edit")]
    [ProblemPage(nameof(FormPage))]
    public async Task<IActionResult> Update(string id, PersonForm form, CancellationToken cancellationToken)
    {
        var person = await people.FindAsync(id, cancellationToken);
        if (person is null)
        {
            return NotFound();
        }

        form.Email = person.Email;
        if (ModelState.IsValid)
        {
            await people.UpdateAsync(id, form.ConcurrencyStamp, PersonDetails.Create(form.FullName, form.JobTitle, form.Roles), User.AsPerson(), cancellationToken);
            if (id == User.UserId())
            {
                // Their own roles may have changed the stamp: a fresh cookie keeps them signed in.
                await signInManager.RefreshSignInAsync((await signInManager.UserManager.FindByIdAsync(id))!);
            }

            TempData[NoticeKey] = "The changes are saved. A change of roles applies at the person's next page, within a minute.";
            return RedirectToAction(nameof(Show), new { id });
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return FormPage(form, id, null);
    }

    [HttpPost("{id}/invitation")]
    [ProblemPage(nameof(PageAsync))]
    public Task<IActionResult> Resend(string id, CancellationToken cancellationToken) =>
        ActAsync(id, () => invitations.ResendAsync(id, User.AsPerson(), cancellationToken), "A new invitation is on its way. The link in any earlier one no longer works.");

    [HttpGet("{id}/leave")]
    public async Task<IActionResult> ConfirmLeave(string id, CancellationToken cancellationToken)
    {
        var person = await people.FindAsync(id, cancellationToken);
        if (person is null)
        {
            return NotFound();
        }

        return !person.IsActive || id == User.UserId()
            ? RedirectToAction(nameof(Show), new { id })
            : View("Leave", person);
    }

    [HttpPost("{id}/leave")]
    [ProblemPage(nameof(PageAsync))]
    public Task<IActionResult> Leave(string id) =>
        ActAsync(id, () => people.DeactivateAsync(id, User.AsPerson()), "Marked as left. They can no longer sign in, and any open session ends within a minute. Everything they signed stays.");

    [HttpPost("{id}/reactivate")]
    [ProblemPage(nameof(PageAsync))]
    public Task<IActionResult> Reactivate(string id) =>
        ActAsync(id, () => people.ReactivateAsync(id), "Reactivated. They sign in with the password they had; if they never set one, send them a new invitation.");

    [HttpGet("import")]
    public IActionResult Import() => View("Import", new ImportUploadViewModel(null));

    [HttpPost("import")]
    [LargeForm(RequestLimits.ImportFileForm)]
    public async Task<IActionResult> Preview(IFormFile? file, CancellationToken cancellationToken)
    {
        string? text = null, problem;
        if (!ModelState.IsValid)
        {
            problem = $"The upload could not be read. Choose the file again; it must be a CSV file of at most {PeopleImport.MaxFileMegabytes} MB.";
        }
        else
        {
            await using var stream = file?.OpenReadStream();
            (text, problem) = await PeopleImport.ReadFileAsync(stream, file?.Length ?? 0, cancellationToken);
        }

        if (text is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Import", new ImportUploadViewModel(problem));
        }

        var preview = await import.PreviewAsync(text, User.AsPerson(), cancellationToken: cancellationToken);
        if (preview.Plan.FileProblem is { } fileProblem)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Import", new ImportUploadViewModel(fileProblem));
        }

        // Headings the portal does not know: the Principal says which column holds what before any row is shown.
        return preview.Plan.ColumnsProblem is { } columnsProblem
            ? View("Columns", new ImportColumnsViewModel(preview, columnsProblem))
            : View("Preview", new ImportPreviewViewModel(preview, null));
    }

    /// <summary>Which column of the file holds what, to change from the preview.</summary>
    [HttpPost("import/columns")]
    [LargeForm(RequestLimits.ImportApplyForm, Fields = RequestLimits.ImportApplyFields)]
    public async Task<IActionResult> Columns(string? upload, CancellationToken cancellationToken) =>
        await import.PreviewAgainAsync(upload, User.AsPerson(), [], cancellationToken) is { } preview
            ? View("Columns", new ImportColumnsViewModel(preview, null))
            : ImportUnreadable();

    /// <summary>The preview reading the columns chosen.</summary>
    [HttpPost("import/columns/read")]
    [LargeForm(RequestLimits.ImportApplyForm, Fields = RequestLimits.ImportApplyFields)]
    public async Task<IActionResult> ReadColumns(ImportColumnsForm form, CancellationToken cancellationToken)
    {
        var columns = new Dictionary<ImportColumn, int?>
        {
            [ImportColumn.FullName] = form.FullName,
            [ImportColumn.Forename] = form.Forename,
            [ImportColumn.Surname] = form.Surname,
            [ImportColumn.Email] = form.Email,
            [ImportColumn.JobTitle] = form.JobTitle,
            [ImportColumn.Role] = form.Role,
        };
        var chosen = columns.Where(c => c.Value is not null).ToDictionary(c => c.Key, c => c.Value!.Value);
        if (await import.ReadColumnsAsync(form.Upload, User.AsPerson(), chosen, cancellationToken) is not { } preview)
        {
            return ImportUnreadable();
        }

        if (preview.Plan.ColumnsProblem is { } problem)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Columns", new ImportColumnsViewModel(preview, problem));
        }

        return View("Preview", new ImportPreviewViewModel(preview, null) { Notice = "The rows below are read from the columns you chose. Nothing is imported yet." });
    }

    /// <summary>The preview again, with the roles chosen for the role column's values.</summary>
    [HttpPost("import/roles")]
    [LargeForm(RequestLimits.ImportApplyForm, Fields = RequestLimits.ImportApplyFields)]
    public async Task<IActionResult> ChooseRoles(string? upload, List<RoleChoice>? choices, CancellationToken cancellationToken)
    {
        if (await import.PreviewAgainAsync(upload, User.AsPerson(), choices ?? [], cancellationToken) is not { } preview)
        {
            return ImportUnreadable();
        }

        return View("Preview", new ImportPreviewViewModel(preview, null) { Notice = "The rows below show the roles you chose. Nothing is imported yet." });
    }

    [HttpPost("import/apply")]
    [LargeForm(RequestLimits.ImportApplyForm, Fields = RequestLimits.ImportApplyFields)]
    public async Task<IActionResult> Apply(string? upload, List<RoleChoice>? choices, bool confirmPrincipals, bool markMissingAsLeft, CancellationToken cancellationToken)
    {
        switch (await import.ApplyAsync(upload, User.AsPerson(), choices ?? [], confirmPrincipals, markMissingAsLeft, cancellationToken))
        {
            case ImportOutcome.Applied(var added, var updated, var left):
                TempData[NoticeKey] = added + updated + left == 0
                    ? "Nothing to import: everyone in the file is already up to date."
                    : $"Imported: {Count(added, "person", "people")} added, each sent an invitation; {Count(updated, "person", "people")} updated; "
                      + (left == 0 ? "nobody marked as left." : $"{Count(left, "person", "people")} not in the file marked as left, with everything they signed kept.");
                return RedirectToAction(nameof(Index));
            case ImportOutcome.NotApplied notApplied:
                Response.StatusCode = notApplied.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status400BadRequest;
                return View("Preview", new ImportPreviewViewModel(notApplied.Preview, notApplied.Reason));
            case ImportOutcome.ChoicesChanged changed:
                Response.StatusCode = StatusCodes.Status409Conflict;
                return View("Preview", new ImportPreviewViewModel(changed.Preview, "Nothing was imported: you chose other roles than the preview showed. The rows below now show them; check them, then import."));
            case ImportOutcome.PrincipalsUnconfirmed unconfirmed:
                Response.StatusCode = StatusCodes.Status400BadRequest;
                var who = unconfirmed.Preview.Plan.NewPrincipals.Count == 1 ? "this person becomes a Principal" : "these people become Principals";
                return View("Preview", new ImportPreviewViewModel(unconfirmed.Preview, null) { PrincipalsProblem = $"Confirm that {who}, or choose another role for them above. Nothing was imported." });
            default:
                return ImportUnreadable();
        }
    }

    private ViewResult ImportUnreadable()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return View("Import", new ImportUploadViewModel("The import could not be read back. Upload the file again."));
    }

    private async Task<IActionResult> ActAsync(string id, Func<Task<bool>> action, string notice)
    {
        if (!await action())
        {
            return NotFound();
        }

        TempData[NoticeKey] = notice;
        return RedirectToAction(nameof(Show), new { id });
    }

    private ViewResult FormPage(PersonForm form, string? id, string? problem) => View("Form", new PersonFormViewModel(form, id, problem));

    private async Task<IActionResult> InvitationsPageAsync(string? problem, int statusCode, CancellationToken cancellationToken)
    {
        Response.StatusCode = statusCode;
        return View("Invitations", new InvitationsViewModel(await people.ListAsync(PeopleStatus.Invited, cancellationToken), problem));
    }

    private async Task<IActionResult> PageAsync(string id, string? problem, int statusCode, CancellationToken cancellationToken)
    {
        var person = await people.FindAsync(id, cancellationToken);
        if (person is null)
        {
            return NotFound();
        }

        Response.StatusCode = statusCode;
        return View("Show", new PersonPageViewModel(
            person,
            PeopleText.Status(person, LocalDate(person.LeftAtUtc)),
            LocalDate(person.AddedAtUtc) ?? "Before the portal recorded it",
            person.Id == User.UserId(),
            TempData[NoticeKey] as string,
            problem));
    }

    private string? LocalDate(DateTime? utc) => utc is { } at ? DisplayFormats.Date(schoolTime.DateOf(at)) : null;

    private static string Count(int n, string one, string many) => $"{n:N0} {(n == 1 ? one : many)}";
}
