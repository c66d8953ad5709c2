using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PolicyPortal.Web.Controllers;
using PolicyPortal.Web.Data;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Services;

public enum PresenceDecision
{
    Approve,
    RequestChanges,
    Decline,
    Revoke,
}

/// <summary>Filters for the decision queue; null means any.</summary>
public sealed record PresenceQueueFilter(PresenceStatus? Status, PresenceKind? Kind, PresencePlatform? Platform);

/// <summary>
/// Requests for professional social media presences: carries out each step (the rules live on <see cref="PresenceRequest"/>)
/// and refuses a step taken on a request that changed since the person looked at it.
/// </summary>
public sealed class PresenceRequests(PortalDbContext db, TimeProvider clock, SchoolTime schoolTime, IOptions<PresenceOptions> options, Email.Outbox outbox)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private int ApprovalMonths => options.Value.ApprovalMonths;

    public async Task<PresenceRequest> SubmitAsync(Person requester, bool requesterIsPrincipal, PresenceDetails details, CancellationToken cancellationToken = default)
    {
        var request = PresenceRequest.Submit(requester, requesterIsPrincipal, details, Now);

        // The email links to the request, whose id exists once saved: both saves are one transaction, so neither stands alone.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.PresenceRequests.Add(request);
        await db.SaveChangesAsync(cancellationToken);
        await NotifyAsync(request, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return request;
    }

    public Task EditAsync(int id, Guid stamp, Person requester, PresenceDetails details, CancellationToken cancellationToken = default) =>
        ChangeAsync(id, stamp, r => r.Edit(requester, details, Now), cancellationToken);

    public Task ResubmitAsync(int id, Guid stamp, Person requester, CancellationToken cancellationToken = default) =>
        ChangeAsync(id, stamp, r => r.Resubmit(requester, Now), cancellationToken);

    public Task WithdrawAsync(int id, Guid stamp, Person requester, CancellationToken cancellationToken = default) =>
        ChangeAsync(id, stamp, r => r.Withdraw(requester, Now), cancellationToken);

    public Task ReconfirmAsync(int id, Guid stamp, Person requester, CancellationToken cancellationToken = default) =>
        ChangeAsync(id, stamp, r => r.Reconfirm(requester, schoolTime.Today(), ApprovalMonths, Now), cancellationToken);

    public Task RetireAsync(int id, Guid stamp, Person requester, CancellationToken cancellationToken = default) =>
        ChangeAsync(id, stamp, r => r.Retire(requester, Now), cancellationToken);

    public Task DecideAsync(int id, Guid stamp, Decider decider, PresenceDecision decision, string? note, CancellationToken cancellationToken = default) =>
        ChangeAsync(id, stamp, r =>
        {
            switch (decision)
            {
                case PresenceDecision.Approve:
                    r.Approve(decider, note, schoolTime.Today(), ApprovalMonths, Now);
                    break;
                case PresenceDecision.RequestChanges:
                    r.RequestChanges(decider, note ?? string.Empty, Now);
                    break;
                case PresenceDecision.Decline:
                    r.Decline(decider, note ?? string.Empty, Now);
                    break;
                default:
                    r.Revoke(decider, note ?? string.Empty, Now);
                    break;
            }
        }, cancellationToken);

    public Task<PresenceRequest?> FindAsync(int id, CancellationToken cancellationToken = default) =>
        db.PresenceRequests.Include(r => r.Timeline).AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);

    public async Task<IReadOnlyList<PresenceRequest>> MineAsync(string userId, CancellationToken cancellationToken = default) =>
        await db.PresenceRequests.Where(r => r.RequesterUserId == userId).OrderByDescending(r => r.CreatedAtUtc).AsNoTracking().ToListAsync(cancellationToken);

    /// <summary>Whether <paramref name="decider"/> decides a request: staff requests the Principal, the Principal's own the governors.</summary>
    public static Expression<Func<PresenceRequest, bool>> DecidedBy(Decider decider) =>
        r => (decider.IsPrincipal && !r.RequestedByPrincipal) || (decider.IsGovernor && r.RequestedByPrincipal);

    /// <summary>The requests this decider decides: staff requests for the Principal, the Principal's own for governors.</summary>
    public async Task<IReadOnlyList<PresenceRequest>> QueueAsync(Decider decider, PresenceQueueFilter filter, CancellationToken cancellationToken = default)
    {
        var query = db.PresenceRequests.Where(DecidedBy(decider));
        if (filter.Status is { } status)
        {
            query = query.Where(r => r.Status == status);
        }

        if (filter.Kind is { } kind)
        {
            query = query.Where(r => r.Kind == kind);
        }

        if (filter.Platform is { } platform)
        {
            query = query.Where(r => r.Platform == platform);
        }

        return await query
            .OrderBy(r => r.Status == PresenceStatus.Submitted ? 0 : r.Status == PresenceStatus.ChangesRequested ? 1 : 2)
            .ThenBy(r => r.CreatedAtUtc)
            .AsNoTracking()
            .ToListAsync(cancellationToken);
    }

    /// <summary>Every approved presence still within its approval, so that anyone can tell which accounts are official.</summary>
    public async Task<IReadOnlyList<PresenceRequest>> RegisterAsync(CancellationToken cancellationToken = default)
    {
        var today = schoolTime.Today();
        return await db.PresenceRequests
            .Where(r => r.Status == PresenceStatus.Approved && r.ApprovedUntil >= today)
            .OrderBy(r => r.Platform).ThenBy(r => r.Handle)
            .AsNoTracking()
            .ToListAsync(cancellationToken);
    }

    private async Task ChangeAsync(int id, Guid stamp, Action<PresenceRequest> change, CancellationToken cancellationToken)
    {
        var request = await db.PresenceRequests.Include(r => r.Timeline).SingleOrDefaultAsync(r => r.Id == id, cancellationToken)
            ?? throw new PresenceNotFoundException();
        if (request.ConcurrencyStamp != stamp)
        {
            throw new ConcurrencyConflictException($"This request changed after you opened it: it is now {PresenceRequest.StatusText(request.Status)}. Look at it again before you act.");
        }

        change(request);
        await NotifyAsync(request, cancellationToken);
        db.Entry(request).Property(r => r.ConcurrencyStamp).OriginalValue = stamp;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConcurrencyConflictException("Someone else acted on this request at the same moment, and theirs was recorded first. Look at it again before you act.");
        }
    }

    /// <summary>Tells whoever must act next: the decider of a new or resubmitted request, the requester of a decision.</summary>
    private async Task NotifyAsync(PresenceRequest request, CancellationToken cancellationToken)
    {
        if (request.JustRecorded is not { } latest)
        {
            return;
        }

        var link = outbox.LinkTo(nameof(PresencesController.Show), "Presences", new { id = request.Id });
        var what = $"{request.PlatformName} {request.Handle}";
        switch (latest.Kind)
        {
            case PresenceEventKind.Submitted or PresenceEventKind.Resubmitted:
                var deciderRole = request.RequestedByPrincipal ? Authorization.Roles.Governor : Authorization.Roles.Principal;
                foreach (var (email, name) in await outbox.PeopleInRoleAsync(deciderRole, cancellationToken))
                {
                    outbox.Add(
                        email,
                        name,
                        $"Social media request {(latest.Kind == PresenceEventKind.Resubmitted ? "sent again" : "to decide")}: {what} ({request.RequesterName})",
                        $"{request.RequesterName} asks for approval of a work-related social media presence: {what}.\n\nPurpose: {request.Purpose}\n\nDecide it here: {link}\n");
                }

                break;
            case PresenceEventKind.Approved or PresenceEventKind.ChangesRequested or PresenceEventKind.Declined or PresenceEventKind.Revoked:
                if (await outbox.PersonAsync(request.RequesterUserId, cancellationToken) is { } requester)
                {
                    var outcome = latest.Kind switch
                    {
                        PresenceEventKind.Approved => "approved",
                        PresenceEventKind.ChangesRequested => "changes requested",
                        PresenceEventKind.Declined => "declined",
                        _ => "approval revoked",
                    };
                    outbox.Add(
                        requester.Email,
                        requester.Name,
                        $"Your social media request: {outcome} ({what})",
                        $"{latest.ActorName} has decided your request for {what}: {outcome}.\n\n{latest.Detail}\n\nSee it here: {link}\n");
                }

                break;
        }
    }
}

public sealed class PresenceNotFoundException() : RecordNotFoundException("There is no such presence request.");
