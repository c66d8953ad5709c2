using Microsoft.AspNetCore.Mvc;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Infrastructure;
using PolicyPortal.Web.Services;
using PolicyPortal.Web.ViewModels.Policies;
using PolicyPortal.Web.ViewModels.Shared;

namespace PolicyPortal.Web.Controllers;

[Route("policies")]
public sealed class PoliciesController(
    PolicyCatalogue catalogue,
    SchoolTime schoolTime) : Controller
{
    public const string NoticeKey = "PolicyNotice";

    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] PolicyListQuery query, CancellationToken cancellationToken)
    {
        // A value that is not one of the choices (a hand-edited address) binds as null and filters nothing.
        var filter = new PolicyListFilter(query.Q, query.Category, query.Owner, query.Cycle);
        var entries = await catalogue.ListAsync(filter, cancellationToken);
        var (owners, cycles) = await catalogue.ListChoicesAsync(cancellationToken);
        var rows = entries.ToLookup(e => e.IsRetired, e => new PolicyListRow(
            e.Slug,
            e.Title,
            e.Version,
            string.Join(", ", e.AppliesTo),
            e.NextReviewDue is { } due ? DisplayFormats.Date(due, e.ReviewedOnPrecision) : null,
            e.Category == PolicyCategory.Statutory ? "Statutory" : "School",
            e.Owner));
        return View(new PolicyListViewModel(query, [.. rows[false]], [.. rows[true]], owners, cycles, !filter.IsEmpty)
        {
            Notice = TempData[NoticeKey] as string,
        });
    }

    [HttpGet("{slug}")]
    public Task<IActionResult> Show(string slug, CancellationToken cancellationToken) =>
        PolicyPageAsync(slug, current => (new SignPolicyForm { RevisionId = current.Id, TextSha256 = current.BodySha256 }, null), StatusCodes.Status200OK, cancellationToken);

    [HttpPost("{slug}/acknowledge")]
    public async Task<IActionResult> Acknowledge(string slug, SignPolicyForm form, [FromServices] PolicySigning signing, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return await PolicyPageAsync(slug, _ => (form, null), StatusCodes.Status400BadRequest, cancellationToken);
        }

        var request = new SigningRequest(form.RevisionId, form.TextSha256, form.Confirmed, form.SignatureName);
        var result = await signing.SignAsync(slug, User.UserId(), Roles.AudienceOf(User), request, cancellationToken);
        switch (result.Outcome)
        {
            case SigningOutcome.Signed:
                TempData[AcknowledgementsController.NoticeKey] = "Thank you. Your signature is recorded.";
                return RedirectToAction(nameof(AcknowledgementsController.Show), "Acknowledgements", new { id = result.Receipt!.Id });

            case SigningOutcome.AlreadySigned:
                TempData[AcknowledgementsController.NoticeKey] = result.OfEarlierRevision
                    ? "Your signature of an earlier version still counts (the changes since were minor), so nothing new was recorded."
                    : "You had already signed this version, so nothing new was recorded.";
                return RedirectToAction(nameof(AcknowledgementsController.Show), "Acknowledgements", new { id = result.Receipt!.Id });

            case SigningOutcome.NoSuchPolicy:
                return NotFound();

            case SigningOutcome.NotRequired:
                return await PolicyPageAsync(slug, _ => (form, "You are not asked to sign this policy, so nothing was recorded."), StatusCodes.Status403Forbidden, cancellationToken);

            case SigningOutcome.Retired:
                return await PolicyPageAsync(slug, _ => (form, "This policy is retired: it is no longer in force and nobody signs it, so nothing was recorded."), StatusCodes.Status409Conflict, cancellationToken);

            case SigningOutcome.StaleRevision:
                // The text changed after the page was shown: offer the new text with a fresh form, keeping only the name typed.
                return await PolicyPageAsync(
                    slug,
                    current => (
                        new SignPolicyForm { RevisionId = current.Id, TextSha256 = current.BodySha256, SignatureName = form.SignatureName },
                        $"This policy changed after you opened it, so nothing was recorded. The text below is version {current.Version}, the one now in force: please read it, then sign."),
                    StatusCodes.Status409Conflict,
                    cancellationToken);

            default:
                ModelState.AddProblems(result.Problems);
                return await PolicyPageAsync(slug, _ => (form, null), StatusCodes.Status400BadRequest, cancellationToken);
        }
    }

    // The page of the policy in force, with the form and any problem that concerns the whole form given by formFor: what
    // they say may depend on the revision in force. Not found when the policy has none.
    private async Task<IActionResult> PolicyPageAsync(
        string slug,
        Func<RevisionInForce, (SignPolicyForm Form, string? Problem)> formFor,
        int statusCode,
        CancellationToken cancellationToken)
    {
        var page = await catalogue.PageAsync(slug, User.UserId(), cancellationToken);
        if (page is null)
        {
            return NotFound();
        }

        var revision = page.Revision;
        var (form, problem) = formFor(revision);
        var latest = page.LatestSignature;
        var counts = latest is not null && latest.CountsFor(revision);
        var state = counts ? SigningState.Signed
            : revision.RetiredAtUtc is not null ? SigningState.NotRequired
            : (revision.Audience & Roles.AudienceOf(User)) != 0 || page.InAudienceGroup ? SigningState.ToSign
            : SigningState.NotRequired;

        // Someone who has signed, or need not, has no form on the page to show its errors beside: say it in words.
        if (state != SigningState.ToSign && !ModelState.IsValid)
        {
            problem ??= "The form was not sent as the page gave it, so nothing was recorded.";
        }

        var changes = latest is not null && state == SigningState.ToSign ? new ChangesSinceSigned(latest.Version, Format(latest.SignedAtUtc), revision.ChangeSummary) : null;

        var model = new PolicyPageViewModel
        {
            Slug = revision.Slug,
            Title = revision.Title,
            Version = revision.Version,
            TextSha256 = revision.BodySha256,
            Text = await catalogue.TextAsync(page, cancellationToken),
            Details = new PolicyDetails(
                revision.AdoptedBy,
                revision.AdoptionNote,
                revision.ReviewedOn is { } reviewed ? DisplayFormats.Date(reviewed, revision.ReviewedOnPrecision) : null,
                revision.EffectiveFrom is { } effective ? DisplayFormats.Date(effective) : null,
                revision.SignedBy,
                revision.ProvidedBy,
                DisplayFormats.ReviewCycle(revision.ReviewCycleMonths),
                revision.LastReviewedWithoutChangeOn is { } lastReview ? $"{DisplayFormats.Date(lastReview)} (minute {revision.LastReviewMinuteReference})" : null,
                revision.NextReviewDue is { } due ? DisplayFormats.Date(due, revision.LastReviewedWithoutChangeOn is null ? revision.ReviewedOnPrecision : DatePrecision.Day) : null,
                revision.NextReviewDue < schoolTime.Today(),
                revision.AppliesTo,
                revision.RelatedPolicies),
            State = state,
            Signature = counts ? new MySignature(latest!.AcknowledgementId, latest.Version, Format(latest.SignedAtUtc)) : null,
            ChangesSinceSigned = changes,
            Form = form,
            Problem = problem,
            Notice = TempData[NoticeKey] as string,
            RetiredOn = revision.RetiredAtUtc is { } retired ? DisplayFormats.Date(schoolTime.DateOf(retired)) : null,
            CanPrepare = User.IsInRole(Roles.Principal),
            CanReview = User.IsInRole(Roles.Governor) || User.IsInRole(Roles.Principal),
        };

        Response.StatusCode = statusCode;
        return View("Show", model);
    }

    private string Format(DateTime utc) => schoolTime.DateTimeText(utc);
}
