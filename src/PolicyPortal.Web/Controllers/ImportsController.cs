using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Infrastructure;
using PolicyPortal.Web.Services;
using PolicyPortal.Web.Services.WordImport;
using PolicyPortal.Web.ViewModels.Imports;

namespace PolicyPortal.Web.Controllers;

/// <summary>
/// Bringing the school's Word policies in: upload, a preview of each file, the import, then the governing body's earlier
/// adoption recorded by the Principal and confirmed by a governor.
/// </summary>
[Authorize(Roles = Roles.Principal)]
public sealed class ImportsController(PolicyImport import, PolicyLifecycle lifecycle, PolicyCatalogue catalogue) : Controller
{
    private const string NoticeKey = "ImportNotice";
    private const string RefusedKey = "ImportRefused";

    [HttpGet("policies/import")]
    public IActionResult Upload() => UploadPage([], StatusCodes.Status200OK);

    [HttpPost("policies/import")]
    [LargeForm(RequestLimits.WordUploadForm)]
    public async Task<IActionResult> Upload(List<IFormFile> files, CancellationToken cancellationToken)
    {
        if (files.Count == 0)
        {
            ModelState.AddModelError("files", "Choose one or more Word documents (.docx), or a .zip of them.");
            return UploadPage([], StatusCodes.Status400BadRequest);
        }

        var uploads = new List<UploadedFile>();
        var tooLarge = new List<RefusedFileRow>();
        foreach (var file in files)
        {
            var name = Path.GetFileName(file.FileName);
            if (file.Length > import.MaxBytes)
            {
                // Refused before it is read into memory.
                tooLarge.Add(new RefusedFileRow(name, WordRefusals.TooLarge(import.MaxBytes)));
                continue;
            }

            using var content = new MemoryStream();
            await file.CopyToAsync(content, cancellationToken);
            uploads.Add(new UploadedFile(name, content.ToArray()));
        }

        var (batch, refused) = uploads.Count == 0 ? (null, []) : await import.UploadAsync(uploads, User.AsPerson(), cancellationToken);
        var refusedRows = tooLarge.Concat(refused.Select(r => new RefusedFileRow(r.FileName, r.Message))).ToList();
        if (batch is null)
        {
            ModelState.AddModelError("files", refusedRows.Count == 1 ? refusedRows[0].Message : "None of the files can be imported. Each one's reason is listed below.");
            return UploadPage(refusedRows, StatusCodes.Status400BadRequest);
        }

        TempData[RefusedKey] = refusedRows.Select(r => $"{r.FileName}\n{r.Message}").ToArray();
        return RedirectToAction(nameof(Preview), new { batch });
    }

    [HttpGet("policies/import/{batch:guid}")]
    public Task<IActionResult> Preview(Guid batch, CancellationToken cancellationToken) =>
        PreviewPageAsync(batch, form: null, problem: null, StatusCodes.Status200OK, cancellationToken);

    [HttpPost("policies/import/{batch:guid}")]
    [ProblemPage(nameof(PreviewPageAsync))]
    public async Task<IActionResult> Import(Guid batch, ImportForm form, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return await PreviewPageAsync(batch, form, null, StatusCodes.Status400BadRequest, cancellationToken);
        }

        var choices = form.Files.Select(f => new ImportChoice(f.Id, f.Title, f.Slug, f.IntoPolicy, f.Audience)).ToList();
        var imported = await import.ImportAsync(batch, choices, User.AsPerson(), cancellationToken);
        TempData[NoticeKey] = imported.Count == 1
            ? $"'{imported[0].Title}' is imported as a draft."
            : $"{imported.Count} policies are imported as drafts: {string.Join(", ", imported.Select(d => d.Title))}.";
        return RedirectToAction(nameof(Imported));
    }

    /// <summary>An image of an uploaded document, for its preview: nothing is saved yet, so it is read from the upload.</summary>
    [HttpGet("policies/import/{batch:guid}/images/{sha256:length(64)}")]
    public async Task<IActionResult> PreviewImage(Guid batch, string sha256, CancellationToken cancellationToken)
    {
        var image = (await import.PreviewAsync(batch, User.AsPerson(), cancellationToken))
            .SelectMany(c => c.Conversion.Images)
            .FirstOrDefault(i => AttachmentContent.HashOf(i.Content) == sha256);
        return image is null ? NotFound() : File(image.Content, image.ContentType);
    }

    /// <summary>Policies with no text in force yet: where their adoption is recorded, or their draft finished.</summary>
    [HttpGet("policies/import/adoptions")]
    public async Task<IActionResult> Imported(CancellationToken cancellationToken)
    {
        var rows = (await import.FirstTextsAsync(cancellationToken))
            .Select(t => new ImportedPolicyRow(t.Slug, t.Title, t.Version, t.Status, SignersText(t.Audience)))
            .ToList();
        return View(new ImportedPoliciesViewModel(rows, TempData[NoticeKey] as string));
    }

    [HttpGet("policies/{slug}/prior-adoption")]
    public Task<IActionResult> PriorAdoption(string slug, CancellationToken cancellationToken) =>
        PriorAdoptionPageAsync(slug, form: null, problem: null, StatusCodes.Status200OK, cancellationToken);

    [HttpPost("policies/{slug}/prior-adoption")]
    [ProblemPage(nameof(PriorAdoptionPageAsync))]
    public async Task<IActionResult> RecordPriorAdoption(string slug, PriorAdoptionForm form, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return await PriorAdoptionPageAsync(slug, form, null, StatusCodes.Status400BadRequest, cancellationToken);
        }

        var cycle = form.ReviewCycleMonths!.Value;
        var adoption = new PriorAdoption(
            form.MeetingDate!.Value,
            form.MinuteReference ?? string.Empty,
            form.SignedBy ?? string.Empty,
            form.ProvidedBy,
            cycle,
            form.NextReviewDue ?? form.MeetingDate.Value.AddMonths(cycle));
        await lifecycle.RecordPriorAdoptionAsync(slug, form.ConcurrencyStamp, adoption, User.AsPerson(), cancellationToken);
        TempData[NoticeKey] = "The adoption is recorded. It comes into force when a governor confirms it.";
        return RedirectToAction(nameof(Imported));
    }

    private ViewResult UploadPage(IReadOnlyList<RefusedFileRow> refused, int statusCode)
    {
        Response.StatusCode = statusCode;
        return View("Upload", new ImportUploadViewModel((int)(import.MaxBytes / 1024 / 1024), refused));
    }

    private async Task<IActionResult> PreviewPageAsync(Guid batch, ImportForm? form, string? problem, int statusCode, CancellationToken cancellationToken)
    {
        var candidates = await import.PreviewAsync(batch, User.AsPerson(), cancellationToken);
        if (candidates.Count == 0)
        {
            if (problem is null)
            {
                return NotFound();
            }

            TempData[NoticeKey] = problem;
            return RedirectToAction(nameof(Imported));
        }

        form ??= new ImportForm
        {
            Files = [.. candidates.Select(c => new ImportFileForm { Id = c.Id, Title = c.Conversion.Title, Slug = c.SuggestedSlug, Signers = "staff" })],
        };
        var refused = (TempData[RefusedKey] as IEnumerable<string> ?? [])
            .Select(r => r.Split('\n', 2))
            .Select(r => new RefusedFileRow(r[0], r.ElementAtOrDefault(1) ?? string.Empty))
            .ToList();
        var policies = await import.PoliciesToImportIntoAsync(cancellationToken);
        var files = candidates.Select(c => new ImportPreviewFile(
            c,
            PolicyText.Render(
                c.Conversion.Markdown,
                [.. c.Conversion.Images.Select(i => RevisionAttachment.Unsaved(i.FileName, i.ContentType, i.Content))],
                imageUrl: sha256 => Url.Action(nameof(PreviewImage), new { batch, sha256 })!))).ToList();
        Response.StatusCode = statusCode;
        return View("Preview", new ImportPreviewViewModel(batch, files, form, policies, refused, problem));
    }

    private async Task<IActionResult> PriorAdoptionPageAsync(string slug, PriorAdoptionForm? form, string? problem, int statusCode, CancellationToken cancellationToken)
    {
        var policy = await catalogue.WithRevisionsAsync(slug, cancellationToken);
        if (policy?.OpenRevision is not { } draft)
        {
            return NotFound();
        }

        form ??= new PriorAdoptionForm { ReviewCycleMonths = policy.ReviewCycleMonths, ProvidedBy = draft.ProvidedBy, ConcurrencyStamp = draft.ConcurrencyStamp };
        Response.StatusCode = statusCode;
        return View("PriorAdoption", new PriorAdoptionViewModel(policy.Slug, policy.Title, draft.Version, form, problem));
    }

    internal static string SignersText(PolicyAudience audience) => audience switch
    {
        PolicyAudience.Staff => "Staff must sign it",
        PolicyAudience.Governors => "Governors must sign it",
        PolicyAudience.StaffAndGovernors => "Staff and governors must sign it",
        _ => "In force, no signature required",
    };

}
