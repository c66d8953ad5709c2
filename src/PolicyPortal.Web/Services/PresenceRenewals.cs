using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PolicyPortal.Web.Controllers;
using PolicyPortal.Web.Data;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Services.Email;

namespace PolicyPortal.Web.Services;

/// <summary>
/// A month before an approval ends the requester is asked to re-confirm; an approval not re-confirmed lapses and leaves
/// the register. Each request is saved on its own with its concurrency stamp, so two instances running this at once
/// remind once: the second save loses and is skipped.
/// </summary>
public sealed class PresenceRenewals(PortalDbContext db, Outbox outbox, SchoolTime schoolTime, TimeProvider clock, ILogger<PresenceRenewals> logger)
{
    public async Task<(int Reminded, int Lapsed)> RunAsync(CancellationToken cancellationToken = default)
    {
        var today = schoolTime.Today();
        var reminderFrom = today.AddMonths(1);
        var dueIds = await db.PresenceRequests
            .Where(r => r.Status == PresenceStatus.Approved && r.ApprovedUntil <= reminderFrom)
            .Select(r => r.Id)
            .ToListAsync(cancellationToken);

        int reminded = 0, lapsed = 0;
        foreach (var id in dueIds)
        {
            // A fresh change tracker per request: a conflict on one leaves nothing half-tracked for the next.
            db.ChangeTracker.Clear();
            var request = await db.PresenceRequests.Include(r => r.Timeline).SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
            if (request is null)
            {
                continue;
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var link = outbox.LinkTo(nameof(PresencesController.Show), "Presences", new { id = request.Id });
            var requester = await outbox.PersonAsync(request.RequesterUserId, cancellationToken);
            if (request.HasLapsed(today))
            {
                request.Lapse(today, now);
                if (requester is { } person)
                {
                    outbox.Add(person.Email, person.Name, $"Your social media approval has lapsed ({request.PlatformName} {request.Handle})",
                        $"The approval of {request.PlatformName} {request.Handle} ended on {request.ApprovedUntil:d MMMM yyyy} without being re-confirmed, so it has lapsed and left the register. Ask again if you still need it.\n\n{link}\n");
                }

                lapsed += await SaveAsync(request, cancellationToken);
            }
            else if (request.NeedsReminder(today))
            {
                request.RecordReminder(today, now);
                if (requester is { } person)
                {
                    outbox.Add(person.Email, person.Name, $"Please re-confirm your social media presence ({request.PlatformName} {request.Handle})",
                        $"The approval of {request.PlatformName} {request.Handle} ends on {request.ApprovedUntil:d MMMM yyyy}. If it is still in use and still meets the policy's conditions, re-confirm it here before then; otherwise it will lapse.\n\n{link}\n");
                }

                reminded += await SaveAsync(request, cancellationToken);
            }
        }

        return (reminded, lapsed);
    }

    private async Task<int> SaveAsync(PresenceRequest request, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return 1;
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another instance (or the requester) got there first; what they saved stands.
            logger.LogInformation("Presence request {RequestId} changed meanwhile; renewal step skipped", request.Id);
            return 0;
        }
    }
}

/// <summary>Runs <see cref="PresenceRenewals"/> every <c>Presences:CheckIntervalMinutes</c> (default 60; 0 turns it off).</summary>
public sealed class PresenceRenewalRunner(IServiceScopeFactory scopes, IOptions<PresenceOptions> options, TimeProvider clock, ILogger<PresenceRenewalRunner> logger, IHostApplicationLifetime lifetime)
    : PeriodicJob(clock, lifetime, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromMinutes(options.Value.CheckIntervalMinutes);

    protected override string Activity => "Presence reminders and lapses";

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PresenceRenewals>().RunAsync(cancellationToken);
    }
}
