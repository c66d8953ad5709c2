using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Services;
using PolicyPortal.Web.ViewModels.Record;

namespace PolicyPortal.Web.Controllers;

/// <summary>
/// "Verify the record", for the governors and the Principal: a walk of the whole hash chain over signatures and audit
/// events, and a check of a chain head held elsewhere, such as on a printed evidence pack or in a governor's email.
/// </summary>
[Authorize(Roles = Roles.PrincipalOrGovernor)]
[Route("record")]
public sealed partial class RecordController(RecordChain chain, SchoolTime schoolTime) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string? entry, string? chainHash, CancellationToken cancellationToken)
    {
        var report = await chain.VerifyAsync(cancellationToken);
        string? comparison = null;
        var matches = false;
        if (entry is not null || chainHash is not null)
        {
            var sequence = ParseEntry(entry);
            var hash = chainHash?.Trim().ToLowerInvariant();
            if (sequence is null)
            {
                ModelState.AddModelError(nameof(entry), "Enter the entry number printed with the chain hash, for example 1204.");
            }

            if (hash is null || !Sha256Hex().IsMatch(hash))
            {
                ModelState.AddModelError(nameof(chainHash), "Enter the chain hash as printed: 64 characters, the digits 0 to 9 and the letters a to f.");
            }

            if (ModelState.IsValid)
            {
                var result = await chain.CompareAsync(sequence!.Value, hash!, cancellationToken);

                // The stored chain hash of an entry after one that no longer checks out proves nothing.
                var brokenBefore = report.Finding is { Sequence: { } broken } && broken <= sequence;
                matches = result == HeadComparison.Matches && !brokenBefore;
                comparison = result switch
                {
                    HeadComparison.NoSuchEntry => $"Does not match: the record has no entry {sequence}, so entries have been removed since your copy was made, or the copy is of another portal's record.",
                    HeadComparison.DoesNotMatch => $"Does not match: entry {sequence} has a different chain hash, so the record up to that entry has been rewritten since your copy was made.",
                    _ when brokenBefore => $"Does not match: the record does not check out at entry {report.Finding!.Sequence} (above), which comes before entry {sequence} of your copy.",
                    _ => $"Matches: entry {sequence} has this chain hash, so the record up to that entry is as it was when your copy was made.",
                };
            }
            else
            {
                Response.StatusCode = StatusCodes.Status400BadRequest;
            }
        }

        return View(new RecordViewModel(
            report.Entries,
            report.Head is { } head ? schoolTime.DateTimeText(head.AtUtc) : null,
            report.Head?.ChainSha256,
            report.Finding is { } finding ? ChainWords.Finding(finding, finding.AtUtc is { } at ? schoolTime.DateTimeText(at) : null) : null,
            entry,
            chainHash,
            comparison,
            matches));
    }

    private static long? ParseEntry(string? entry) =>
        long.TryParse(entry?.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var sequence) && sequence > 0 ? sequence : null;

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Hex();
}
