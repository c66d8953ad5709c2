using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PolicyPortal.Web.Data;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Infrastructure;
using PolicyPortal.Web.Services.WordImport;

namespace PolicyPortal.Web.Services;

/// <summary>An uploaded Word document as it would be imported: its conversion, or why it cannot be.</summary>
public sealed record ImportCandidate(Guid Id, string FileName, WordConversion Conversion, string SuggestedSlug);

/// <summary>
/// What the Principal chose for one file: a new policy (<see cref="Title"/> at <see cref="Slug"/>) or, when
/// <see cref="IntoPolicy"/> names one, a new draft of that policy; and who must sign it.
/// </summary>
public sealed record ImportChoice(Guid Id, string? Title, string? Slug, string? IntoPolicy, PolicyAudience Audience);

/// <summary>A policy draft made from a Word document.</summary>
public sealed record ImportedDraft(string Slug, string Title, string Version);

/// <summary>A policy whose first text is being prepared or waits for a governor to confirm its adoption.</summary>
public sealed record FirstText(string Slug, string Title, string Version, RevisionStatus Status, PolicyAudience Audience);

/// <summary>An adoption recorded from the minutes, waiting for a governor's confirmation.</summary>
public sealed record AwaitingConfirmation(PolicyRevision Revision, string Title, string Slug, PolicyAudience Audience, string RecordedByUserId, string RecordedBy);

/// <summary>
/// Brings a school's Word policies in: uploads are checked and converted (<see cref="WordConverter"/>), kept until the
/// Principal has looked at each preview, then each becomes a new policy's draft, or a new draft of a policy already in the
/// portal, with its images, in one save. Nothing is saved for a file that cannot be imported.
/// </summary>
public sealed class PolicyImport(PortalDbContext db, TimeProvider clock, IOptions<RequestLimitsOptions> limits, ILogger<PolicyImport> logger)
{
    /// <summary>How long an upload waits for its import before it is cleared away.</summary>
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(1);

    public long MaxBytes => limits.Value.ImportBytes;

    /// <summary>
    /// Checks and keeps the files that can be imported, under one batch; answers the batch (null when no file could be
    /// imported) and each refused file with its reason.
    /// </summary>
    public async Task<(Guid? Batch, IReadOnlyList<RefusedFile> Refused)> UploadAsync(IReadOnlyList<UploadedFile> uploads, Person principal, CancellationToken cancellationToken = default)
    {
        var (files, refused) = WordFiles.Unpack(uploads, MaxBytes);
        var refusals = refused.ToList();
        var batch = Guid.NewGuid();
        var now = clock.GetUtcNow().UtcDateTime;
        var kept = 0;
        foreach (var file in files)
        {
            try
            {
                if (PolicyText.Problem(WordConverter.Convert(file).Markdown) is { } problem)
                {
                    throw new WordImportRefusedException(WordRefusals.CannotBeShown(problem));
                }

                db.WordUploads.Add(new WordUpload(batch, file.FileName, file.Content, principal.UserId, now));
                kept++;
            }
            catch (WordImportRefusedException ex)
            {
                refusals.Add(new RefusedFile(file.FileName, ex.Message));
            }
        }

        await db.WordUploads.Where(u => u.UploadedAtUtc < now - KeptFor).ExecuteDeleteAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Word upload by {UserId}: {Kept} files kept, {Refused} refused", principal.UserId, kept, refusals.Count);
        return (kept == 0 ? null : batch, refusals);
    }

    /// <summary>The batch's files, converted again for their previews, in upload order; empty when the batch is gone.</summary>
    public async Task<IReadOnlyList<ImportCandidate>> PreviewAsync(Guid batch, Person principal, CancellationToken cancellationToken = default)
    {
        var uploads = await db.WordUploads.AsNoTracking()
            .Where(u => u.Batch == batch && u.UploadedByUserId == principal.UserId)
            .OrderBy(u => u.UploadedAtUtc).ThenBy(u => u.FileName)
            .ToListAsync(cancellationToken);
        var taken = await db.Policies.Select(p => p.Slug).ToListAsync(cancellationToken);
        var suggested = new HashSet<string>(taken, StringComparer.Ordinal);
        return [.. uploads.Select(u =>
        {
            var conversion = WordConverter.Convert(new UploadedFile(u.FileName, u.Content));
            var slug = FreeSlug(conversion.Title, suggested);
            suggested.Add(slug);
            return new ImportCandidate(u.Id, u.FileName, conversion, slug);
        })];
    }

    /// <summary>
    /// Imports every file of the batch as chosen, in one save. Problems with the choices are refused together, each naming
    /// its field (<c>Files[i].Title</c>, ...), and nothing is saved.
    /// </summary>
    public async Task<IReadOnlyList<ImportedDraft>> ImportAsync(Guid batch, IReadOnlyList<ImportChoice> choices, Person principal, CancellationToken cancellationToken = default)
    {
        var candidates = await PreviewAsync(batch, principal, cancellationToken);
        if (candidates.Count == 0)
        {
            throw new DomainRuleException("These files have already been imported, or were uploaded more than a day ago. Upload them again.");
        }

        var problems = new List<FieldProblem>();
        var newSlugs = new HashSet<string>(StringComparer.Ordinal);
        var imported = new List<ImportedDraft>();
        var now = clock.GetUtcNow().UtcDateTime;
        for (var i = 0; i < candidates.Count; i++)
        {
            var candidate = candidates[i];
            var choice = choices.FirstOrDefault(c => c.Id == candidate.Id);
            var field = $"Files[{i}].";
            if (choice is null)
            {
                problems.Add(new(field + nameof(ImportChoice.Title), $"Say how to import {candidate.FileName}."));
                continue;
            }

            var policy = string.IsNullOrEmpty(choice.IntoPolicy)
                ? await NewPolicyAsync(choice, field, newSlugs, problems, cancellationToken)
                : await ExistingPolicyAsync(choice.IntoPolicy, field, problems, cancellationToken);
            if (policy is null)
            {
                continue;
            }

            try
            {
                var draft = policy.StartDraft(now, candidate.Conversion.Markdown);
                foreach (var content in draft.ReplaceAttachments([.. candidate.Conversion.Images.Select(img => new NewAttachment(img.FileName, img.ContentType, img.Content))]))
                {
                    if (db.AttachmentContents.Local.All(c => c.Sha256 != content.Sha256)
                        && !await db.AttachmentContents.AnyAsync(c => c.Sha256 == content.Sha256, cancellationToken))
                    {
                        db.AttachmentContents.Add(content);
                    }
                }


                var detail = $"Imported version {draft.Version} from the Word document {candidate.FileName}"
                    + (candidate.Conversion.Images.Count > 0 ? $", with {candidate.Conversion.Images.Count} image{(candidate.Conversion.Images.Count == 1 ? string.Empty : "s")}." : ".");
                db.PolicyEvents.Add(new PolicyEvent(policy, draft, PolicyEventKind.DraftStarted, principal, detail, now));
                imported.Add(new ImportedDraft(policy.Slug, policy.Title, draft.Version));
            }
            catch (DomainRuleException ex)
            {
                problems.Add(new(field + nameof(ImportChoice.Title), $"{candidate.FileName}: {ex.Message}"));
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidDetailsException(problems);
        }

        await db.WordUploads.Where(u => u.Batch == batch).ExecuteDeleteAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Word import by {UserId}: {Count} drafts", principal.UserId, imported.Count);
        return imported;
    }

    /// <summary>The policies a document may become a new draft of: those not retired, in title order.</summary>
    public async Task<IReadOnlyList<PolicyLink>> PoliciesToImportIntoAsync(CancellationToken cancellationToken = default) =>
        await db.Policies.AsNoTracking()
            .Where(p => p.RetiredAtUtc == null)
            .OrderBy(p => p.Title)
            .Select(p => new PolicyLink(p.Title, p.Slug))
            .ToListAsync(cancellationToken);

    /// <summary>Policies with no text adopted yet, such as those just imported: each one's first text, in title order.</summary>
    public async Task<IReadOnlyList<FirstText>> FirstTextsAsync(CancellationToken cancellationToken = default) =>
        await db.PolicyRevisions.AsNoTracking()
            .Where(r => r.Policy.RetiredAtUtc == null
                && (r.Status == RevisionStatus.Draft || r.Status == RevisionStatus.AwaitingConfirmation)
                && !r.Policy.Revisions.Any(o => o.Status == RevisionStatus.Adopted || o.Status == RevisionStatus.Superseded))
            .OrderBy(r => r.Policy.Title)
            .Select(r => new FirstText(r.Policy.Slug, r.Policy.Title, r.Version, r.Status, r.Policy.Audience))
            .ToListAsync(cancellationToken);

    /// <summary>Every adoption waiting for a governor's confirmation, in title order, with who recorded it.</summary>
    public async Task<IReadOnlyList<AwaitingConfirmation>> AwaitingConfirmationAsync(CancellationToken cancellationToken = default) =>
        await db.PolicyRevisions.AsNoTracking()
            .Where(r => r.Status == RevisionStatus.AwaitingConfirmation && r.Policy.RetiredAtUtc == null)
            .OrderBy(r => r.Policy.Title)
            .Select(r => new AwaitingConfirmation(
                r,
                r.Policy.Title,
                r.Policy.Slug,
                r.Policy.Audience,
                r.SubmittedByUserId!,
                db.Users.Where(u => u.Id == r.SubmittedByUserId).Select(u => u.FullName).FirstOrDefault() ?? "someone who has left"))
            .ToListAsync(cancellationToken);

    private async Task<Policy?> NewPolicyAsync(ImportChoice choice, string field, HashSet<string> newSlugs, List<FieldProblem> problems, CancellationToken cancellationToken)
    {
        var title = choice.Title?.Trim() ?? string.Empty;
        var slug = choice.Slug?.Trim() ?? string.Empty;
        var before = problems.Count;
        if (title.Length == 0)
        {
            problems.Add(new(field + nameof(ImportChoice.Title), "Give the policy a title."));
        }
        else if (title.Length > Policy.TitleMaxLength)
        {
            problems.Add(new(field + nameof(ImportChoice.Title), $"A title can be at most {Policy.TitleMaxLength} characters."));
        }
        else if (await db.Policies.AnyAsync(p => p.Title == title, cancellationToken))
        {
            problems.Add(new(field + nameof(ImportChoice.Title), $"There is already a policy called '{title}'. Give this one another title, or import it as a new draft of that policy."));
        }

        if (!PolicySlug.IsValid(slug))
        {
            problems.Add(new(field + nameof(ImportChoice.Slug), "Use lower-case letters, digits and single hyphens for the address, such as e-safety."));
        }
        else if (!newSlugs.Add(slug) || await db.Policies.AnyAsync(p => p.Slug == slug, cancellationToken))
        {
            problems.Add(new(field + nameof(ImportChoice.Slug), $"Another policy already has the address /policies/{slug}. Choose another."));
        }

        if (problems.Count > before)
        {
            return null;
        }

        var policy = new Policy(slug, title, choice.Audience, PolicyLifecycle.AppliesToFor(choice.Audience), []);
        db.Policies.Add(policy);
        return policy;
    }

    private async Task<Policy?> ExistingPolicyAsync(string slug, string field, List<FieldProblem> problems, CancellationToken cancellationToken)
    {
        var policy = await db.Policies.Include(p => p.Revisions).SingleOrDefaultAsync(p => p.Slug == slug, cancellationToken);
        if (policy is null)
        {
            problems.Add(new(field + nameof(ImportChoice.IntoPolicy), "Choose a policy from the list."));
        }
        else if (policy.IsRetired)
        {
            problems.Add(new(field + nameof(ImportChoice.IntoPolicy), $"'{policy.Title}' is retired. Restore it first, or import this file as a new policy."));
        }
        else if (policy.OpenRevision is { } open)
        {
            problems.Add(new(field + nameof(ImportChoice.IntoPolicy), $"Version {open.Version} of '{policy.Title}' is already being prepared. Discard it or finish it first."));
        }
        else
        {
            return policy;
        }

        return null;
    }

    /// <summary>An address made from the title that no policy has: "E-Safety Policy" → e-safety-policy, e-safety-policy-2, ...</summary>
    public static string FreeSlug(string title, IReadOnlySet<string> taken)
    {
        var words = new string([.. title.ToLowerInvariant().Normalize(System.Text.NormalizationForm.FormD)
            .Where(c => System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark)
            .Select(c => char.IsAsciiLetterOrDigit(c) ? c : ' ')]);
        var slug = string.Join('-', words.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        slug = slug.Length == 0 ? "policy" : slug[..Math.Min(slug.Length, PolicySlug.MaxLength - 4)].TrimEnd('-');
        var candidate = slug;
        for (var n = 2; taken.Contains(candidate) || !PolicySlug.IsValid(candidate); n++)
        {
            candidate = $"{slug}-{n}";
        }

        return candidate;
    }
}
