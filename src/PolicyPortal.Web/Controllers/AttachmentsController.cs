using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Data;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Controllers;

/// <summary>
/// The images of policy texts, by their SHA-256 (<see cref="Services.PolicyText.ImageUrl"/>). Anyone signed in sees an
/// image of a text that is or was in force; an image only in a text being prepared is for the Principal and governors,
/// as that text is.
/// </summary>
[Authorize]
public sealed class AttachmentsController(PortalDbContext db) : Controller
{
    [HttpGet("attachments/{sha256:length(64)}")]
    public async Task<IActionResult> Show(string sha256, CancellationToken cancellationToken)
    {
        var insider = User.IsInRole(Roles.Principal) || User.IsInRole(Roles.Governor);
        var image = await db.PolicyRevisions.AsNoTracking()
            .Where(r => insider || r.Status == RevisionStatus.Adopted || r.Status == RevisionStatus.Superseded)
            .SelectMany(r => r.Attachments)
            .Where(a => a.Sha256 == sha256)
            .Select(a => new { a.ContentType })
            .FirstOrDefaultAsync(cancellationToken);
        if (image is null)
        {
            return NotFound();
        }

        var content = await db.AttachmentContents.AsNoTracking().Where(c => c.Sha256 == sha256).Select(c => c.Content).SingleAsync(cancellationToken);

        // The address names the bytes, so they never change: the browser may keep them, for this person only.
        Response.Headers.CacheControl = "private, max-age=31536000, immutable";
        return File(content, image.ContentType);
    }
}
