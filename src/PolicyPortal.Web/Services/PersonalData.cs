using Microsoft.EntityFrameworkCore;
using PolicyPortal.Web.Data;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Services;

/// <summary>Everything the portal holds about one person, for a subject access request. Only their own records.</summary>
public sealed class PersonalData(PortalDbContext db, TimeProvider clock)
{
    /// <param name="principal">
    /// The Principal downloading it for a subject access request, or null for the person's own download. For the
    /// Principal, the audit trail of the account (who added, imported or changed it, and when) is added; concerns the
    /// person reported that the governors handle (those about the Principal) are left out, as the Principal may never see
    /// them (docs/decisions/0017-concerns-visibility.md); and each concern included is recorded as viewed by the
    /// Principal, as opening it would be.
    /// </param>
    public async Task<IReadOnlyDictionary<string, object?>?> ForPersonAsync(string userId, Person? principal = null, CancellationToken cancellationToken = default)
    {
        var withAccountAudit = principal is not null;
        var account = await db.Users
            .Where(u => u.Id == userId)
            .Select(u => new { u.FullName, u.Email, u.JobTitle, u.AddedAtUtc, u.DeactivatedAtUtc, u.LockoutEnd, u.AccessFailedCount, u.SchoolAccountLinkedAtUtc, u.SchoolAccountOnly })
            .SingleOrDefaultAsync(cancellationToken);
        if (account is null)
        {
            return null;
        }

        // The school account linked to theirs, by its provider and the provider's id for them.
        var schoolAccounts = await db.UserLogins.Where(l => l.UserId == userId)
            .OrderBy(l => l.LoginProvider)
            .Select(l => new { Provider = l.LoginProvider, IdAtProvider = l.ProviderKey })
            .ToListAsync(cancellationToken);

        var roles = await db.UserRoles.Where(ur => ur.UserId == userId)
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name)
            .ToListAsync(cancellationToken);

        var acknowledgements = await db.Acknowledgements
            .Where(a => a.UserId == userId)
            .OrderBy(a => a.SignedAtUtc)
            .Select(a => new
            {
                a.Id,
                Policy = a.Revision.Policy.Title,
                a.Revision.Version,
                a.SignedAtUtc,
                TextSha256 = a.TextSha256,
                SignatureTyped = a.SignatureName,
            })
            .ToListAsync(cancellationToken);

        var reminders = await db.Reminders
            .Where(r => r.UserId == userId)
            .OrderBy(r => r.SentAtUtc)
            .Join(db.PolicyRevisions, r => r.RevisionId, v => v.Id, (r, v) => new { Policy = v.Policy.Title, v.Version, r.SentAtUtc, Kind = r.Kind.ToString(), SentBy = r.SentByName })
            .ToListAsync(cancellationToken);

        var presences = (await db.PresenceRequests
                .Where(r => r.RequesterUserId == userId)
                .Include(r => r.Timeline)
                .OrderBy(r => r.CreatedAtUtc)
                .AsNoTracking()
                .ToListAsync(cancellationToken))
            .Select(r => new
            {
                r.Id,
                Platform = r.PlatformName,
                r.Handle,
                r.Address,
                Kind = r.Kind.ToString(),
                r.Purpose,
                Audience = r.Audience.ToString(),
                Status = r.Status.ToString(),
                r.DecisionNote,
                r.ApprovedUntil,
                Timeline = r.Timeline.OrderBy(e => e.AtUtc).ThenBy(e => e.Id).Select(e => new { e.AtUtc, Who = e.ActorName, What = e.Detail }),
            })
            .ToList();

        // Only the concerns this person reported, as they wrote them, with the state and outcome they can see. Concerns
        // made about them are left out on purpose: including them would reveal a report to its subject, which the
        // social media policy's reporting route must never do. Handlers' views and notes stay out too.
        var reported = await db.Concerns
            .Where(c => c.ReporterUserId == userId && !(withAccountAudit && c.Handler == ConcernHandler.Governors))
            .OrderBy(c => c.ReportedAtUtc)
            .ToListAsync(cancellationToken);
        if (principal is not null && reported.Count > 0)
        {
            var viewer = new ConcernViewer(principal, IsPrincipal: true, IsGovernor: false);
            reported.ForEach(c => c.RecordView(viewer, clock.GetUtcNow().UtcDateTime));
            await db.SaveChangesAsync(cancellationToken);
        }

        var concerns = reported
            .Select(c => new
            {
                Id = c.PublicId,
                c.WhatWasSeen,
                c.Address,
                c.SeenOn,
                c.Concerning,
                c.PolicySection,
                HandledBy = c.Handler.ToString(),
                Status = c.Status.ToString(),
                c.OutcomeNote,
                c.ReportedAtUtc,
                c.ClosedAtUtc,
            })
            .ToList();

        var groups = await db.GroupMembers.Where(m => m.UserId == userId).Select(m => m.Group.Name).OrderBy(n => n).ToListAsync(cancellationToken);

        var data = new Dictionary<string, object?>
        {
            ["GeneratedAtUtc"] = clock.GetUtcNow().UtcDateTime,
            ["Account"] = new { account.FullName, account.Email, account.JobTitle, Roles = roles, Groups = groups, account.AddedAtUtc, LeftAtUtc = account.DeactivatedAtUtc, account.LockoutEnd, FailedSignInsSinceLastSuccess = account.AccessFailedCount, SchoolAccounts = schoolAccounts, account.SchoolAccountLinkedAtUtc, account.SchoolAccountOnly },
            ["Acknowledgements"] = acknowledgements,
            ["RemindersToSign"] = reminders,
            ["SocialMediaRequests"] = presences,
            ["ConcernsReported"] = concerns,
        };
        if (withAccountAudit)
        {
            data["ChangesToTheAccount"] = await db.AccountEvents
                .Where(e => e.SubjectUserId == userId)
                .OrderBy(e => e.AtUtc).ThenBy(e => e.Id)
                .Select(e => new { e.AtUtc, Kind = e.Kind.ToString(), Who = e.ActorName, What = e.Detail })
                .ToListAsync(cancellationToken);
        }

        return data;
    }
}
