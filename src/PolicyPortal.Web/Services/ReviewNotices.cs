using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Controllers;
using PolicyPortal.Web.Data;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Services.Email;

namespace PolicyPortal.Web.Services;

/// <summary>The <c>ReviewNotices</c> settings: when the Principal and governors hear that an annual review falls due.</summary>
public sealed class ReviewNoticeOptions
{
    public const string Section = "ReviewNotices";

    /// <summary>How many days before a review falls due the first notice goes; the second goes on the day.</summary>
    [Range(1, 180, ErrorMessage = "ReviewNotices:DaysBefore must be between 1 and 180.")]
    public int DaysBefore { get; set; } = 30;

    /// <summary>How often reviews falling due are looked for; 0 turns the notices off (tests run them on demand).</summary>
    [Range(0, 24 * 60, ErrorMessage = "ReviewNotices:CheckIntervalMinutes must be between 0 and 1440.")]
    public int CheckIntervalMinutes { get; set; } = 60;
}

/// <summary>
/// Emails the Principal and the governors when the annual review of a policy in force falls due
/// (<see cref="PolicyRevision.NextReviewDue"/>): <see cref="ReviewNoticeOptions.DaysBefore"/> days before, and on the day.
/// Each notice goes once, however often this runs, on however many servers, across restarts: it is written in the
/// policy's audit trail, where a later run finds it; and it is saved with the revision's concurrency stamp changed, so of
/// two servers that found it due at the same moment, the second save fails and sends nothing.
/// </summary>
public sealed class ReviewNotices(PortalDbContext db, Outbox outbox, SchoolTime schoolTime, TimeProvider clock, IOptions<ReviewNoticeOptions> options, ILogger<ReviewNotices> logger)
{
    /// <summary>
    /// How many days after the due day its notice still goes, if no server ran that day. An older overdue review is on the
    /// reviews page already, and a notice of it would be news to nobody.
    /// </summary>
    public const int DueNoticeLateByAtMostDays = 7;

    /// <returns>How many notices were sent (one per policy and occasion, to everyone it goes to).</returns>
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var today = schoolTime.Today();
        var soonFrom = today.AddDays(options.Value.DaysBefore);
        var lateUntil = today.AddDays(-DueNoticeLateByAtMostDays);
        var dueIds = await db.PolicyRevisions
            .Where(r => r.Status == RevisionStatus.Adopted && r.Policy.RetiredAtUtc == null && r.NextReviewDue <= soonFrom && r.NextReviewDue > lateUntil)
            .Select(r => r.Id)
            .ToListAsync(cancellationToken);

        var sent = 0;
        foreach (var id in dueIds)
        {
            // A fresh change tracker per revision: a notice another server saved first leaves nothing behind for the next.
            db.ChangeTracker.Clear();
            if (await NoticeDueAsync(id, today, cancellationToken) is { } notice && await TrySendAsync(notice, today, cancellationToken))
            {
                sent++;
            }
        }

        return sent;
    }

    private sealed record Notice(PolicyRevision Revision, DateOnly Due, PolicyEventKind Kind);

    // The notice a revision is due today, unless it has gone since its time came: the days before, or the due day itself.
    private async Task<Notice?> NoticeDueAsync(int revisionId, DateOnly today, CancellationToken cancellationToken)
    {
        var revision = await db.PolicyRevisions.Include(r => r.Policy).SingleOrDefaultAsync(r => r.Id == revisionId && r.Status == RevisionStatus.Adopted && r.Policy.RetiredAtUtc == null, cancellationToken);
        if (revision?.NextReviewDue is not { } due)
        {
            return null;
        }

        var (kind, from) = today >= due
            ? (PolicyEventKind.ReviewDueNotified, due)
            : (PolicyEventKind.ReviewDueSoonNotified, due.AddDays(-options.Value.DaysBefore));
        var told = await db.PolicyEvents
            .Where(e => e.RevisionId == revisionId && e.Kind == kind)
            .Select(e => e.AtUtc)
            .ToListAsync(cancellationToken);
        return told.Any(at => schoolTime.DateOf(at) >= from) ? null : new Notice(revision, due, kind);
    }

    private async Task<bool> TrySendAsync(Notice notice, DateOnly today, CancellationToken cancellationToken)
    {
        var (revision, due, kind) = notice;
        var policy = revision.Policy;
        var people = (await outbox.PeopleInRoleAsync(Roles.Principal, cancellationToken))
            .Concat(await outbox.PeopleInRoleAsync(Roles.Governor, cancellationToken))
            .DistinctBy(p => p.Email, StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (people.Count == 0)
        {
            return false;
        }

        var link = outbox.LinkTo(nameof(RevisionsController.Index), "Revisions", new { slug = policy.Slug });
        var dueOn = AdoptionRecord.DateText(due);
        var (subject, when, ask) = kind == PolicyEventKind.ReviewDueSoonNotified
            ? ($"Please plan the annual review of {policy.Title}: due on {dueOn}", $"is due on {dueOn}", "Please put it on the agenda of a governing body meeting before then.")
            : due == today
                ? ($"Please review {policy.Title}: its annual review is due today", $"is due today, {dueOn}", "Please review it at the governing body's next meeting.")
                : ($"Please review {policy.Title}: its annual review was due on {dueOn}", $"was due on {dueOn}", "Please review it at the governing body's next meeting.");
        foreach (var (email, name) in people)
        {
            outbox.Add(email, name, subject,
                $"Dear {name},\n\nThe governing body's annual review of {policy.Title} (version {revision.Version}, in force) {when}. {ask}\n\n"
                + "If the governing body changes nothing, a governor records the review on the policy's history page and the next review date moves on. "
                + $"If the policy needs changing, the Principal starts a new draft from the same page: {link}\n");
        }

        db.PolicyEvents.Add(new PolicyEvent(policy, revision, kind, Person.Portal, $"Emailed the Principal and governors ({people.Count} people) that the annual review {when}.", clock.GetUtcNow().UtcDateTime));

        // Saved only if nobody changed the revision since it was read: another server sending the same notice changes it too.
        db.Entry(revision).Property(r => r.ConcurrencyStamp).CurrentValue = Guid.NewGuid();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            logger.LogInformation("The review notice for {Slug} version {Version} was sent by another server meanwhile; skipped", policy.Slug, revision.Version);
            return false;
        }
    }
}

/// <summary>Runs <see cref="ReviewNotices"/> every <c>ReviewNotices:CheckIntervalMinutes</c> (default 60; 0 turns it off).</summary>
public sealed class ReviewNoticeRunner(IServiceScopeFactory scopes, IOptions<ReviewNoticeOptions> options, TimeProvider clock, ILogger<ReviewNoticeRunner> logger, IHostApplicationLifetime lifetime)
    : PeriodicJob(clock, lifetime, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromMinutes(options.Value.CheckIntervalMinutes);

    protected override string Activity => "Notices of annual reviews falling due";

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var sent = await scope.ServiceProvider.GetRequiredService<ReviewNotices>().RunAsync(cancellationToken);
        if (sent > 0)
        {
            logger.LogInformation("Sent {Notices} notices of annual reviews falling due", sent);
        }
    }
}
