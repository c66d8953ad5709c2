using PolicyPortal.Web.Data;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Services;

/// <summary>
/// Who is still to sign a policy's revision in force: the people reminded to sign it, and the people told by email when
/// it is adopted. One query, run in the database, so a trust of twenty thousand people is never read into memory to ask.
/// </summary>
public static class StillToSign
{
    /// <summary>
    /// Active people with an email address asked to sign the policy (<see cref="AskedOf"/>) who hold no signature that
    /// counts: none of a revision of the policy from sequence <paramref name="signaturesValidFrom"/> on.
    /// </summary>
    public static IQueryable<PortalUser> People(PortalDbContext db, RoleIds roles, int policyId, PolicyAudience audience, int signaturesValidFrom) =>
        AskedOf(db, roles, policyId, audience)
            .Where(u => u.Email != null)
            .Where(u => !db.Acknowledgements.Any(a => a.UserId == u.Id && a.Revision.PolicyId == policyId && a.Revision.Sequence >= signaturesValidFrom));

    /// <summary>
    /// Active people the policy is asked of: in its <paramref name="audience"/> by role (the Principal counts as staff, as
    /// <see cref="Authorization.Roles.AudienceOf(IEnumerable{string})"/> says), or in one of its audience groups.
    /// </summary>
    public static IQueryable<PortalUser> AskedOf(PortalDbContext db, RoleIds roles, int policyId, PolicyAudience audience)
    {
        var staff = audience.HasFlag(PolicyAudience.Staff);
        var governors = audience.HasFlag(PolicyAudience.Governors);
        List<string> staffRoles = [roles.Staff, roles.Principal];
        List<string> governorRoles = [roles.Governor];
        return db.Users
            .Where(u => u.DeactivatedAtUtc == null)
            .Where(u => (staff && db.UserRoles.Any(ur => ur.UserId == u.Id && staffRoles.Contains(ur.RoleId)))
                || (governors && db.UserRoles.Any(ur => ur.UserId == u.Id && governorRoles.Contains(ur.RoleId)))
                || db.GroupMembers.Any(m => m.UserId == u.Id && db.PolicyGroups.Any(g => g.PolicyId == policyId && g.GroupId == m.GroupId)));
    }
}
