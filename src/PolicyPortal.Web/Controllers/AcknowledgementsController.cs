using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Services;
using PolicyPortal.Web.ViewModels.Acknowledgements;
using PolicyPortal.Web.ViewModels.Shared;

namespace PolicyPortal.Web.Controllers;

[Route("acknowledgements")]
public sealed class AcknowledgementsController(
    PolicyCatalogue catalogue,
    IAuthorizationService authorization,
    RecordChain chain,
    SchoolTime schoolTime) : Controller
{
    public const string NoticeKey = "ReceiptNotice";

    /// <summary>A receipt. Anyone but its owner and the Principal gets 404, so ids reveal nothing.</summary>
    [HttpGet("{id:int}")]
    public async Task<IActionResult> Show(int id, CancellationToken cancellationToken)
    {
        var receipt = await catalogue.ReceiptAsync(id, cancellationToken);
        if (receipt is null || !(await authorization.AuthorizeAsync(User, receipt.Acknowledgement, Operations.Read)).Succeeded)
        {
            return NotFound();
        }

        var acknowledgement = receipt.Acknowledgement;
        return View(new ReceiptViewModel(
            acknowledgement.Id,
            receipt.PersonName,
            receipt.PersonEmail,
            receipt.PersonJobTitle,
            acknowledgement.SignatureName,
            receipt.PolicyTitle,
            receipt.PolicySlug,
            receipt.Revision.Version,
            receipt.Revision.Status == RevisionStatus.Adopted && !receipt.PolicyRetired,
            schoolTime.DateTimeText(acknowledgement.SignedAtUtc),
            acknowledgement.TextSha256,
            [.. receipt.Revision.Attachments.Select(a => (a.FileName, a.Sha256))],
            ChainEntry.Of(await chain.LinkOfSignatureAsync(acknowledgement.Id, cancellationToken)),
            TempData[NoticeKey] as string));
    }
}
