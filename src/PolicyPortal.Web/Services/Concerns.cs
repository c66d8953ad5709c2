using Microsoft.EntityFrameworkCore;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Controllers;
using PolicyPortal.Web.Data;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Services;

/// <summary>The social media policy in force and its headings, which a report may point to.</summary>
public sealed record ConcernPolicySections(int PolicyId, string Slug, string Title, IReadOnlyList<ContentsEntry> Sections)
{
    public ConcernPolicy ToPolicy() => new(PolicyId, [.. Sections.Select(s => s.Id)]);
}

/// <summary>
/// Concerns reported under the social media policy: carries out each step (the rules live on <see cref="Concern"/>),
/// records every handler's view, tells handlers and reporters by email without a word of the concern in it, and refuses
/// a step taken on a concern that changed since the person looked at it.
/// </summary>
public sealed class Concerns(PortalDbContext db, TimeProvider clock, SchoolTime schoolTime, PolicyCatalogue catalogue, PolicyText policyText, Email.Outbox outbox)
{
    /// <summary>The policy that asks staff to report concerns to the Principal.</summary>
    public const string PolicySlug = "personal-use-of-social-media";

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>The headings of the social media policy in force, or null when none is in force.</summary>
    public async Task<ConcernPolicySections?> PolicySectionsAsync(CancellationToken cancellationToken = default)
    {
        var revision = await catalogue.CurrentRevisionAsync(PolicySlug, cancellationToken);
        return revision is null
            ? null
            : new ConcernPolicySections(revision.PolicyId, revision.Policy.Slug, revision.Policy.Title, policyText.Render(revision.Body, revision.BodySha256, revision.Attachments).Contents);
    }

    public async Task<Concern> ReportAsync(Person reporter, ConcernDetails details, CancellationToken cancellationToken = default)
    {
        var sections = await PolicySectionsAsync(cancellationToken);
        var accounts = await ActiveAccountsAsync(cancellationToken);
        var concern = Concern.Report(
            reporter,
            details,
            sections?.ToPolicy(),
            [.. accounts.Select(a => new ConcernAccount(a.UserId, a.FullName, a.Email, a.IsPrincipal))],
            schoolTime.Today(),
            Now);

        db.Concerns.Add(concern);
        TellHandlers(concern, accounts);
        await db.SaveChangesAsync(cancellationToken);
        return concern;
    }

    /// <summary>The concern an address names by its <see cref="Concern.PublicId"/>, or null.</summary>
    public Task<Concern?> FindAsync(string publicId, CancellationToken cancellationToken = default) =>
        db.Concerns.Include(c => c.Timeline).AsNoTracking().SingleOrDefaultAsync(c => c.PublicId == publicId, cancellationToken);

    /// <summary>A handler opens the concern: the view is recorded before they see it, and the concern is returned with it.</summary>
    public async Task<Concern> RecordViewAsync(string publicId, ConcernViewer handler, CancellationToken cancellationToken = default)
    {
        var concern = await db.Concerns.Include(c => c.Timeline).SingleOrDefaultAsync(c => c.PublicId == publicId, cancellationToken)
            ?? throw new ConcernNotFoundException();
        concern.RecordView(handler, Now);
        await db.SaveChangesAsync(cancellationToken);
        return concern;
    }

    public async Task<IReadOnlyList<Concern>> ReportedByAsync(string userId, CancellationToken cancellationToken = default) =>
        await db.Concerns.Where(c => c.ReporterUserId == userId).OrderByDescending(c => c.ReportedAtUtc).AsNoTracking().ToListAsync(cancellationToken);

    /// <summary>The concerns this person handles, waiting ones first and oldest first within each state.</summary>
    public async Task<IReadOnlyList<Concern>> QueueAsync(ConcernViewer handler, ConcernStatus? status, CancellationToken cancellationToken = default)
    {
        var query = db.Concerns.Where(Concern.HandledBy(handler));
        if (status is { } only)
        {
            query = query.Where(c => c.Status == only);
        }

        return await query
            .OrderBy(c => c.Status == ConcernStatus.Received ? 0 : c.Status == ConcernStatus.UnderReview ? 1 : 2)
            .ThenBy(c => c.ReportedAtUtc)
            .AsNoTracking()
            .ToListAsync(cancellationToken);
    }

    public Task StartReviewAsync(string publicId, Guid stamp, ConcernViewer handler, CancellationToken cancellationToken = default) =>
        ChangeAsync(publicId, stamp, c => c.StartReview(handler, Now), cancellationToken);

    public Task AddNoteAsync(string publicId, Guid stamp, ConcernViewer handler, string? note, CancellationToken cancellationToken = default) =>
        ChangeAsync(publicId, stamp, c => c.AddNote(handler, note, Now), cancellationToken);

    public Task CloseAsync(string publicId, Guid stamp, ConcernViewer handler, string? outcome, CancellationToken cancellationToken = default) =>
        ChangeAsync(publicId, stamp, c => c.Close(handler, outcome, Now), cancellationToken, TellReporterAsync);

    private async Task ChangeAsync(string publicId, Guid stamp, Action<Concern> change, CancellationToken cancellationToken, Func<Concern, CancellationToken, Task>? then = null)
    {
        var concern = await db.Concerns.Include(c => c.Timeline).SingleOrDefaultAsync(c => c.PublicId == publicId, cancellationToken)
            ?? throw new ConcernNotFoundException();
        try
        {
            if (concern.ConcurrencyStamp != stamp)
            {
                throw new ConcurrencyConflictException($"This concern changed after you opened it: it is now {Concern.StatusText(concern.Status)}. Look at it again before you act.");
            }

            change(concern);
            if (then is not null)
            {
                await then(concern, cancellationToken);
            }

            db.Entry(concern).Property(c => c.ConcurrencyStamp).OriginalValue = stamp;
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            throw new ConcurrencyConflictException("Someone else acted on this concern at the same moment, and theirs was recorded first. Look at it again before you act.");
        }
        catch
        {
            // Nothing of a refused step stays tracked, so the page shown next (and the view it records) saves cleanly.
            db.ChangeTracker.Clear();
            throw;
        }
    }

    // Only a link: a concern's details stay in the portal, behind its access rules, never in a mailbox.
    private void TellHandlers(Concern concern, IReadOnlyList<Account> accounts)
    {
        var link = outbox.LinkTo(nameof(ConcernsController.Show), "Concerns", new { id = concern.PublicId });
        var handlers = accounts.Where(a => (a.IsPrincipal || a.IsGovernor) && a.Email is not null && a.UserId != concern.ReporterUserId && concern.IsHandledBy(a.AsViewer()));
        foreach (var handler in handlers)
        {
            outbox.Add(
                handler.Email!,
                handler.FullName,
                "A concern has been reported to you",
                $"A concern has been reported through PolicyPortal for you to handle.\n\nThis email holds no details of it. Sign in to read it: {link}\n");
        }
    }

    private async Task TellReporterAsync(Concern concern, CancellationToken cancellationToken)
    {
        if (await outbox.PersonAsync(concern.ReporterUserId, cancellationToken) is { } reporter)
        {
            outbox.Add(
                reporter.Email,
                reporter.Name,
                "Your concern has been closed",
                $"A concern you reported through PolicyPortal has been closed.\n\nSign in to see the outcome: {outbox.LinkTo(nameof(ConcernsController.Show), "Concerns", new { id = concern.PublicId })}\n");
        }
    }

    private async Task<IReadOnlyList<Account>> ActiveAccountsAsync(CancellationToken cancellationToken)
    {
        var people = await db.Users
            .Where(u => u.DeactivatedAtUtc == null)
            .Select(u => new { u.Id, u.FullName, u.Email })
            .ToListAsync(cancellationToken);
        var roles = (await db.UserRoles
                .Join(db.Roles.Where(r => r.Name == Roles.Principal || r.Name == Roles.Governor), ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
                .ToListAsync(cancellationToken))
            .ToLookup(r => r.UserId, r => r.Name);
        return [.. people.Select(p => new Account(p.Id, p.FullName, p.Email, roles[p.Id].Contains(Roles.Principal), roles[p.Id].Contains(Roles.Governor)))];
    }

    private sealed record Account(string UserId, string FullName, string? Email, bool IsPrincipal, bool IsGovernor)
    {
        public ConcernViewer AsViewer() => new(new Person(UserId, FullName), IsPrincipal, IsGovernor);
    }
}

public sealed class ConcernNotFoundException() : RecordNotFoundException("There is no such concern.");
