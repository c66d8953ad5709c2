using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Data;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Services;

/// <summary>What waits for the Principal or a governor: the start of their home page and the counts in the menu.</summary>
/// <param name="RequestsToDecide">Presence requests submitted to them and not yet decided.</param>
/// <param name="OpenConcerns">Concerns they handle that are not closed.</param>
/// <param name="RevisionsToReview">For a governor, revisions in review without their view in this round; for the
/// Principal, revisions in review on which a governor has asked for changes.</param>
/// <param name="ReviewsDue">Policies whose annual review falls due within the review window, or is overdue.</param>
/// <param name="AdoptionsToConfirm">For a governor, adoptions recorded from the minutes by someone else, to confirm.</param>
/// <param name="ChangesToConfirm">For a governor, changes to accounts they may confirm or decline (<see cref="AccountChange.DecidableBy"/>).</param>
public sealed record ToDo(int RequestsToDecide, int OpenConcerns, int RevisionsToReview, int ReviewsDue, int AdoptionsToConfirm, int ChangesToConfirm)
{
    public bool IsEmpty => RequestsToDecide + OpenConcerns + RevisionsToReview + ReviewsDue + AdoptionsToConfirm + ChangesToConfirm == 0;
}

/// <summary>
/// Counts each person's to-do list with a few indexed counts. Asked for on every page the Principal or a governor opens
/// (the menu shows the counts), never for anyone else, so staff pages cost nothing more.
/// </summary>
public sealed class ToDoList(PortalDbContext db, PolicyCatalogue catalogue, SchoolTime schoolTime)
{
    // One list a request: the home page shows it and the layout's menu counts it.
    private (ClaimsPrincipal User, Task<ToDo?> List)? _counted;

    /// <summary>The signed-in person's to-do list; null for anyone who is neither the Principal nor a governor.</summary>
    public Task<ToDo?> ForAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        if (_counted is not { } counted || !ReferenceEquals(counted.User, user))
        {
            counted = (user, CountAsync(user, cancellationToken));
            _counted = counted;
        }

        return counted.List;
    }

    private async Task<ToDo?> CountAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var isPrincipal = user.IsInRole(Roles.Principal);
        var isGovernor = user.IsInRole(Roles.Governor);
        if (user.Identity?.IsAuthenticated != true || !(isPrincipal || isGovernor))
        {
            return null;
        }

        var me = user.AsPerson();
        var requests = await db.PresenceRequests
            .Where(PresenceRequests.DecidedBy(new Decider(me, isPrincipal, isGovernor)))
            .CountAsync(r => r.Status == PresenceStatus.Submitted, cancellationToken);
        var concerns = await db.Concerns
            .Where(Concern.HandledBy(new ConcernViewer(me, isPrincipal, isGovernor)))
            .CountAsync(c => c.Status != ConcernStatus.Closed, cancellationToken);

        // Each governor's latest view counts, as on the review page: a school has a handful of revisions in review.
        var inReview = await catalogue.InReviewAsync(cancellationToken);
        var revisions = isGovernor
            ? inReview.Count(r => !r.CurrentViews().Any(v => v.GovernorUserId == me.UserId))
            : inReview.Count(r => r.CurrentViews().Any(v => v.Verdict == ReviewVerdict.ChangesNeeded));
        var reviewsDue = await db.PolicyRevisions.CountAsync(PolicyLifecycle.ReviewDueBy(schoolTime.Today()), cancellationToken);
        var toConfirm = isGovernor
            ? await db.PolicyRevisions.CountAsync(r => r.Status == RevisionStatus.AwaitingConfirmation && r.SubmittedByUserId != me.UserId && r.Policy.RetiredAtUtc == null, cancellationToken)
            : 0;
        var changes = isGovernor ? await db.AccountChanges.CountAsync(AccountChange.DecidableBy(me.UserId), cancellationToken) : 0;
        return new ToDo(requests, concerns, revisions, reviewsDue, toConfirm, changes);
    }
}
