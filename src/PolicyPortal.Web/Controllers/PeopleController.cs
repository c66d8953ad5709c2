using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
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
    Groups groups,
    PersonRecords records,
    PersonalData personalData,
    PeopleImport import,
    ChangesToConfirm changes,
    SignInManager<PortalUser> signInManager,
    SchoolTime schoolTime,
    IOptions<OidcOptions> oidc,
    TimeProvider clock) : Controller
{
    private const string NoticeKey = "PeopleNotice";

    [HttpGet("")]
    public Task<IActionResult> Index(string? q, string? role, int? group, PeopleStatus status = PeopleStatus.Current, int page = 1, CancellationToken cancellationToken = default) =>
        ListPageAsync(q, role, group, status, page, problem: null, cancellationToken);

    /// <summary>The list of people as it opens, with why the last action was refused.</summary>
    private Task<IActionResult> ListProblemPageAsync(string? problem, int statusCode, CancellationToken cancellationToken)
    {
        Response.StatusCode = statusCode;
        return ListPageAsync(null, null, null, PeopleStatus.Current, 1, problem, cancellationToken);
    }

    private async Task<IActionResult> ListPageAsync(string? q, string? role, int? group, PeopleStatus status, int page, string? problem, CancellationToken cancellationToken)
    {
        if (!Enum.IsDefined(status))
        {
            status = PeopleStatus.Current;
        }

        var allGroups = await groups.ListAsync(cancellationToken);
        var groupId = allGroups.Any(g => g.Id == group) ? group : null;
        var found = await people.PageAsync(new PeopleFilter(q, role, status, page, groupId), cancellationToken);
        var (waiting, waitingTotal) = await changes.WaitingAsync(cancellationToken);
        return View("Index", new PeopleListViewModel(
            [.. found.People.Select(p => new PersonRow(p.Id, p.FullName, p.Email, p.JobTitle, PeopleText.Roles(p), string.Join(", ", p.Groups), PeopleText.Status(p, LocalDate(p.LeftAtUtc)), LocalDate(p.AddedAtUtc) ?? "—"))],
            q,
            Roles.All.Contains(role) ? role : null,
            status,
            TempData[NoticeKey] as string)
        {
            Page = found,
            Groups = allGroups,
            GroupId = groupId,
            Problem = problem,
            Waiting = [.. waiting.Select(c => AccountChangeRow.From(c, When))],
            WaitingTotal = waitingTotal,
        });
    }

    /// <summary>The Principal takes back a change waiting for a governor, before one decides it.</summary>
    [HttpPost("changes/{id:int}/withdraw")]
    [ProblemPage(nameof(ListProblemPageAsync))]
    public async Task<IActionResult> Withdraw(int id, CancellationToken cancellationToken)
    {
        var change = await changes.WithdrawAsync(id, User.AsPerson(), User.IsInRole(Roles.Principal), cancellationToken);
        TempData[NoticeKey] = $"Withdrawn: {change.Summary()}. Nothing of it was made.";
        return change.SubjectUserId is { } subject ? RedirectToAction(nameof(Show), new { id = subject }) : RedirectToAction(nameof(Index));
    }

    private static string Waits(WaitingChange waiting) =>
        "Every governor has been emailed."
        + (waiting.Deciders == 0 ? " No governor can confirm it yet: whoever runs the portal's server adds the first governors with the create-governor command." : string.Empty);

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
    public Task<IActionResult> New(CancellationToken cancellationToken) => FormPageAsync(new PersonForm { Roles = [Roles.Staff] }, null, null, cancellationToken);

    [HttpPost("new")]
    [ProblemPage(nameof(FormPageAsync))]
    public async Task<IActionResult> Create(PersonForm form, CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            var emailProblem = PersonDetails.EmailProblem((form.Email ?? string.Empty).Trim());
            if (emailProblem is not null)
            {
                ModelState.AddModelError(nameof(PersonForm.Email), emailProblem);
            }

            var details = form.Details();
            if (emailProblem is null)
            {
                var added = await people.AddAsync(form.Email, details, User.AsPerson(), cancellationToken);
                if (added.Waiting is { } waiting)
                {
                    TempData[NoticeKey] = $"Nothing is added yet: a governor must confirm adding {details.FullName} as {string.Join(" and ", details.Roles)}, and the invitation goes to {form.Email!.Trim()} only then. {Waits(waiting)}";
                    return RedirectToAction(nameof(Index));
                }

                TempData[NoticeKey] = $"{details.FullName} is added, and an invitation {(oidc.Value.IsConfigured ? "to sign in with their school account" : "to set a password")} is on its way to {form.Email!.Trim()}.";
                return RedirectToAction(nameof(Show), new { id = added.PersonId });
            }
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return await FormPageAsync(form, null, null, cancellationToken);
    }

    [HttpGet("{id}")]
    public Task<IActionResult> Show(string id, CancellationToken cancellationToken) =>
        PageAsync(id, problem: null, StatusCodes.Status200OK, cancellationToken);

    /// <summary>Everything the portal holds about one person, with the audit of their account: for a subject access request.</summary>
    [HttpGet("{id}/data")]
    public async Task<IActionResult> Data(string id, CancellationToken cancellationToken)
    {
        var person = await people.FindAsync(id, cancellationToken);
        if (person is null || await personalData.ForPersonAsync(id, User.AsPerson(), cancellationToken) is not { } data)
        {
            return NotFound();
        }

        // Personal data: no copy kept by the browser's or a proxy's cache.
        Response.Headers.CacheControl = "no-store";
        return File(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(data, JsonOptions), "application/json", $"PolicyPortal data of {person.FullName}.json");
    }

    private static readonly System.Text.Json.JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    /// <summary>The audit trail of people's accounts: who imported, changed or marked whom, and when.</summary>
    [HttpGet("audit")]
    public async Task<IActionResult> Audit(CancellationToken cancellationToken) =>
        View("Audit", new AccountAuditViewModel([.. (await records.LatestAsync(AuditPageSize, cancellationToken)).Select(AuditRow)], AuditPageSize));

    private const int AuditPageSize = 500;

    private AccountAuditRow AuditRow(AccountEntry e) =>
        new(schoolTime.DateTimeText(e.AtUtc), PeopleText.Kind(e.Kind), e.SubjectUserId, e.Subject, e.Actor, e.Detail);

    [HttpGet("{id}/edit")]
    public async Task<IActionResult> Edit(string id, CancellationToken cancellationToken)
    {
        var person = await people.FindAsync(id, cancellationToken);
        return person is null ? NotFound() : await FormPageAsync(PersonForm.From(person), id, null, cancellationToken);
    }

    [HttpPost("{id}/edit")]
    [ProblemPage(nameof(FormPageAsync))]
    public async Task<IActionResult> Update(string id, PersonForm form, CancellationToken cancellationToken)
    {
        var person = await people.FindAsync(id, cancellationToken);
        if (person is null)
        {
            return NotFound();
        }

        if (ModelState.IsValid)
        {
            // An emptied field is a missing address, not the same one.
            var edited = await people.UpdateAsync(id, form.ConcurrencyStamp, form.Email ?? string.Empty, form.Details(), User.AsPerson(), cancellationToken);
            if (edited?.Waiting is { } waiting)
            {
                TempData[NoticeKey] = $"Nothing has changed yet: a governor must confirm a change to the name, email address or roles of a governor or a Principal, or one that makes someone either. The whole edit waits, job title and groups included. {Waits(waiting)}";
                return RedirectToAction(nameof(Show), new { id });
            }

            if (id == User.UserId())
            {
                // Their own roles may have changed the stamp: a fresh cookie keeps them signed in.
                await signInManager.RefreshSignInAsync((await signInManager.UserManager.FindByIdAsync(id))!);
            }

            TempData[NoticeKey] = edited?.Email switch
            {
                EmailChange.Changed => $"The changes are saved. Their invitation now goes to {form.Email!.Trim()}, and {person.Email} has been told.",
                EmailChange.AwaitingConfirmation => $"The changes are saved. A link to confirm the new address has gone to {person.Email}: they sign in with it until they confirm. Only they can confirm it, since they have set a password.",
                _ => "The changes are saved. A change of roles applies at the person's next page, within a minute.",
            };
            return RedirectToAction(nameof(Show), new { id });
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return await FormPageAsync(form, id, null, cancellationToken);
    }

    [HttpPost("{id}/invitation")]
    [ProblemPage(nameof(PageAsync))]
    public Task<IActionResult> Resend(string id, CancellationToken cancellationToken) =>
        ActAsync(id, () => invitations.ResendAsync(id, User.AsPerson(), cancellationToken), "A new invitation is on its way. The link in any earlier one no longer works.");

    /// <summary>Removes someone's password, so that they sign in with their school account alone.</summary>
    [HttpPost("{id}/school-account-only")]
    [ProblemPage(nameof(PageAsync))]
    public Task<IActionResult> SchoolAccountOnly(string id, CancellationToken cancellationToken) =>
        ActAsync(
            id,
            () => oidc.Value.IsConfigured
                ? people.SetSchoolAccountOnlyAsync(id, schoolAccountOnly: true, oidc.Value.DisplayName, User.AsPerson(), cancellationToken)
                : throw new DomainRuleException("Single sign-on is not set up (Auth:Oidc in the settings), so nobody can sign in with a school account."),
            "They now sign in with their school account only. Their password is removed, and any session signed in with it ends within a minute.");

    [HttpPost("{id}/allow-password")]
    [ProblemPage(nameof(PageAsync))]
    public Task<IActionResult> AllowPassword(string id, CancellationToken cancellationToken) =>
        ActAsync(
            id,
            () => people.SetSchoolAccountOnlyAsync(id, schoolAccountOnly: false, oidc.Value.DisplayName, User.AsPerson(), cancellationToken),
            "They may set a password again: on the sign-in page, \"Forgotten your password?\" emails them a link.");

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
            : View("Leave", new LeaveViewModel(person, AccountChange.IsGuarded(person.Roles)));
    }

    [HttpPost("{id}/leave")]
    [ProblemPage(nameof(PageAsync))]
    public async Task<IActionResult> Leave(string id, CancellationToken cancellationToken)
    {
        TempData[NoticeKey] = await people.DeactivateAsync(id, User.AsPerson(), cancellationToken) is { } waiting
            ? $"They have not left yet: a governor must confirm marking a governor or a Principal as left. {Waits(waiting)}"
            : "Marked as left. They can no longer sign in, and any open session ends within a minute. Everything they signed stays.";
        return RedirectToAction(nameof(Show), new { id });
    }

    [HttpPost("{id}/reactivate")]
    [ProblemPage(nameof(PageAsync))]
    public async Task<IActionResult> Reactivate(string id, CancellationToken cancellationToken)
    {
        TempData[NoticeKey] = await people.ReactivateAsync(id, User.AsPerson(), cancellationToken) is { } waiting
            ? $"They are not back yet: a governor must confirm reactivating a governor or a Principal. {Waits(waiting)}"
            : "Reactivated. They sign in with the password they had; if they never set one, send them a new invitation.";
        return RedirectToAction(nameof(Show), new { id });
    }

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
            [ImportColumn.Group] = form.Group,
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
            case ImportOutcome.Applied(var added, var updated, var left, var waiting):
                TempData[NoticeKey] = added + updated + left + waiting == 0
                    ? "Nothing to import: everyone in the file is already up to date."
                    : $"Imported: {Count(added, "person", "people")} added, each sent an invitation; {Count(updated, "person", "people")} updated; "
                      + (left == 0 ? "nobody marked as left." : $"{Count(left, "person", "people")} not in the file marked as left, with everything they signed kept.")
                      + (waiting == 0 ? string.Empty : $" {Count(waiting, "change", "changes")} to governors or Principals {(waiting == 1 ? "waits" : "wait")} for a governor's confirmation, listed below; every governor has been emailed.");
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

    private string When(DateTime utc) => schoolTime.DateTimeText(utc);

    private async Task<IActionResult> FormPageAsync(PersonForm form, string? id, string? problem, CancellationToken cancellationToken) =>
        View("Form", new PersonFormViewModel(form, id, problem, [.. (await groups.ListAsync(cancellationToken)).Select(g => g.Name)]));

    private async Task<IActionResult> InvitationsPageAsync(string? problem, int statusCode, CancellationToken cancellationToken)
    {
        Response.StatusCode = statusCode;
        return View("Invitations", new InvitationsViewModel(await people.ListAsync(PeopleStatus.Invited, cancellationToken), problem));
    }

    private async Task<IActionResult> PageAsync(string id, string? problem, int statusCode, CancellationToken cancellationToken)
    {
        var record = await records.ForAsync(id, cancellationToken);
        if (record is null)
        {
            return NotFound();
        }

        var person = record.Person;
        var today = schoolTime.Today();
        string? Standing(MyPolicy policy)
        {
            if (policy.State == SigningState.Signed)
            {
                return $"Signed version {policy.SignedVersion} on {When(policy.SignedAtUtc!.Value)}";
            }

            if (policy.State == SigningState.NotRequired)
            {
                return null;
            }

            var due = schoolTime.DueToSignFrom(schoolTime.InForceFrom(policy.EffectiveFrom, policy.InForceSinceUtc), person.AddedAtUtc);
            var days = Math.Max(0, today.DayNumber - due.DayNumber);
            return $"Not signed: outstanding for {days} {(days == 1 ? "day" : "days")}, since {DisplayFormats.Date(due)}";
        }

        Response.StatusCode = statusCode;
        return View("Show", new PersonPageViewModel(
            person,
            PeopleText.Status(person, LocalDate(person.LeftAtUtc)),
            LocalDate(person.AddedAtUtc) ?? "Before the portal recorded it",
            person.Id == User.UserId(),
            TempData[NoticeKey] as string,
            problem)
        {
            Policies = [.. record.Policies
                .Select(p => (Policy: p, Standing: Standing(p)))
                .Where(p => p.Standing is not null)
                .OrderBy(p => p.Policy.State == SigningState.Signed)
                .Select(p => new PersonPolicyRow(p.Policy.Slug, p.Policy.Title, p.Policy.Version, p.Standing!, p.Policy.AcknowledgementId))],
            Signatures = [.. record.Signatures.Select(a => new PersonSignatureRow(a.AcknowledgementId, a.PolicyTitle, a.Version, When(a.SignedAtUtc)))],
            Presences = [.. record.Presences.Select(r => new PersonPresenceRow(r.Id, r.Platform, r.Handle, r.Status.ToString(), LocalDate(r.CreatedAtUtc)!))],
            Account = [.. record.Account.Select(AuditRow)],
            SchoolAccounts = oidc.Value.IsConfigured,
            SignsInWith = SignsInWith(person),
            Waiting = await changes.WaitingAboutAsync(id, cancellationToken) is { } waiting ? AccountChangeRow.From(waiting, When) : null,
            Invitation = record.Invitation is { } sent
                ? $"The last invitation was sent on {When(sent.SentAtUtc)}. Its link {(sent.ExpiresAtUtc <= clock.GetUtcNow().UtcDateTime ? "expired" : "works until")} {When(sent.ExpiresAtUtc)}."
                : null,
        });
    }

    /// <summary>How the person signs in, where single sign-on is set up or they have used it; otherwise null.</summary>
    private string? SignsInWith(PersonSummary person) =>
        !oidc.Value.IsConfigured && person.SchoolAccountLinkedAtUtc is null ? null
        : person.SchoolAccountOnly ? $"Their school account only{(person.SchoolAccountLinkedAtUtc is { } only ? $", first on {LocalDate(only)}" : ", not yet used")}"
        : person.SchoolAccountLinkedAtUtc is { } linked ? $"Their school account, first on {LocalDate(linked)}, or a password if they set one"
        : person.HasSignedIn ? "A password"
        : "Not yet signed in";

    private string? LocalDate(DateTime? utc) => utc is { } at ? DisplayFormats.Date(schoolTime.DateOf(at)) : null;

    private static string Count(int n, string one, string many) => $"{n:N0} {(n == 1 ? one : many)}";
}
