using Microsoft.EntityFrameworkCore;
using PolicyPortal.Web.Data;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Services;

/// <summary>Signed and in scope, for one group of people and one policy.</summary>
public sealed record Tally(int InScope, int Signed)
{
    public int Outstanding => InScope - Signed;

    public int Percent => InScope == 0 ? 100 : (int)Math.Floor(100.0 * Signed / InScope);
}

/// <param name="All">Everyone who must sign, each once: someone who is both staff and a governor is in both groups but counted once here.</param>
public sealed record PolicyCompliance(string Slug, string Title, string Version, Tally Staff, Tally Governors, Tally All);

/// <summary>
/// Who has and has not signed each policy in force. People are in scope by role: staff (Staff or Principal) for policies
/// staff sign, governors for policies governors sign; and by group, for a policy asked of groups. A signature counts when every change since it was minor.
/// </summary>
public sealed partial class Compliance(PortalDbContext db)
{
    /// <summary>
    /// Signed and outstanding for every policy in force. Counted in the database, not in memory, so that it stays fast at
    /// trust scale (docs/performance.md): most signers are active staff who are not governors, so the portal counts all
    /// signatures per policy and then corrects for the few people who are not (leavers, governors, people without a role).
    /// </summary>
    public async Task<IReadOnlyList<PolicyCompliance>> DashboardAsync(CancellationToken cancellationToken = default)
    {
        var inForce = await db.PolicyRevisions
            .Where(r => r.Status == RevisionStatus.Adopted && r.Policy.RetiredAtUtc == null)
            .OrderBy(r => r.Policy.Title)
            .Select(r => new { r.PolicyId, r.Policy.Slug, r.Policy.Title, r.Version, r.Policy.Audience })
            .ToListAsync(cancellationToken);
        var roles = await RoleIds.ReadAsync(db, cancellationToken);
        List<string> staffIds = [roles.Staff, roles.Principal];
        List<string> governorIds = [roles.Governor];

        var activeStaff = await db.Users.CountAsync(u => u.DeactivatedAtUtc == null && db.UserRoles.Any(ur => ur.UserId == u.Id && staffIds.Contains(ur.RoleId)), cancellationToken);
        var activeGovernors = await db.Users.CountAsync(u => u.DeactivatedAtUtc == null && db.UserRoles.Any(ur => ur.UserId == u.Id && governorIds.Contains(ur.RoleId)), cancellationToken);

        // Everyone who is not simply an active member of staff, with what they are.
        var others = (await db.Users
                .Where(u => !(u.DeactivatedAtUtc == null
                    && db.UserRoles.Any(ur => ur.UserId == u.Id && staffIds.Contains(ur.RoleId))
                    && !db.UserRoles.Any(ur => ur.UserId == u.Id && governorIds.Contains(ur.RoleId))))
                .Select(u => new
                {
                    u.Id,
                    IsStaff = u.DeactivatedAtUtc == null && db.UserRoles.Any(ur => ur.UserId == u.Id && staffIds.Contains(ur.RoleId)),
                    IsGovernor = u.DeactivatedAtUtc == null && db.UserRoles.Any(ur => ur.UserId == u.Id && governorIds.Contains(ur.RoleId)),
                })
                .ToListAsync(cancellationToken))
            .ToDictionary(u => u.Id, StringComparer.Ordinal);
        var otherIds = others.Keys.ToList();
        var otherSigners = (await ValidSignatures()
                .Where(s => otherIds.Contains(s.UserId))
                .Select(s => new { s.PolicyId, s.UserId })
                .Distinct()
                .ToListAsync(cancellationToken))
            .ToLookup(s => s.PolicyId, s => others[s.UserId]);

        var signers = await SignerCountsAsync(cancellationToken);
        var bothRoles = others.Values.Count(o => o.IsStaff && o.IsGovernor);
        var askedOfGroups = new Dictionary<int, Tally>();
        foreach (var policyId in await db.PolicyGroups.Select(g => g.PolicyId).Distinct().ToListAsync(cancellationToken))
        {
            if (inForce.FirstOrDefault(p => p.PolicyId == policyId) is { } policy)
            {
                askedOfGroups[policyId] = await AskedOfGroupsAsync(policyId, policy.Audience, roles, cancellationToken);
            }
        }

        return [.. inForce.Select(p =>
        {
            var exceptions = otherSigners[p.PolicyId].ToList();
            var staffSigned = signers.GetValueOrDefault(p.PolicyId) - exceptions.Count(o => !o.IsStaff);
            var governorsSigned = exceptions.Count(o => o.IsGovernor);
            var staff = p.Audience.HasFlag(PolicyAudience.Staff) ? new Tally(activeStaff, staffSigned) : new Tally(0, 0);
            var governors = p.Audience.HasFlag(PolicyAudience.Governors) ? new Tally(activeGovernors, governorsSigned) : new Tally(0, 0);
            var all = askedOfGroups.TryGetValue(p.PolicyId, out var groups) ? groups
                : p.Audience == PolicyAudience.StaffAndGovernors
                ? new Tally(staff.InScope + governors.InScope - bothRoles, staff.Signed + governors.Signed - exceptions.Count(o => o.IsStaff && o.IsGovernor))
                : new Tally(staff.InScope + governors.InScope, staff.Signed + governors.Signed);
            return new PolicyCompliance(p.Slug, p.Title, p.Version, staff, governors, all);
        })];
    }

    // Everyone a policy asked of groups as well as roles is asked of, and how many of them have signed: counted person by
    // person, since group members are not the simple case the dashboard corrects for. Few policies are asked of groups.
    private async Task<Tally> AskedOfGroupsAsync(int policyId, PolicyAudience audience, RoleIds roles, CancellationToken cancellationToken)
    {
        var inScope = StillToSign.AskedOf(db, roles, policyId, audience);
        return new Tally(
            await inScope.CountAsync(cancellationToken),
            await inScope.CountAsync(u => ValidSignatures().Any(s => s.PolicyId == policyId && s.UserId == u.Id), cancellationToken));
    }

    // How many people hold a counting signature for each policy in force. Where only the revision in force counts (the
    // usual case) each person signed it at most once, so a plain count is exact; DISTINCT costs more and is kept for
    // policies where earlier revisions still count too.
    private async Task<Dictionary<int, int>> SignerCountsAsync(CancellationToken cancellationToken)
    {
        var counting =
            from current in db.PolicyRevisions
            where current.Status == RevisionStatus.Adopted
            join signed in db.PolicyRevisions on current.PolicyId equals signed.PolicyId
            where signed.Sequence >= current.SignaturesValidFromSequence
            join a in db.Acknowledgements on signed.Id equals a.RevisionId
            select new { current.PolicyId, OneRevision = current.Sequence == current.SignaturesValidFromSequence, a.UserId };
        var single = await counting.Where(c => c.OneRevision)
            .GroupBy(c => c.PolicyId)
            .Select(g => new { PolicyId = g.Key, Signers = g.Count() })
            .ToListAsync(cancellationToken);
        var several = await counting.Where(c => !c.OneRevision)
            .GroupBy(c => c.PolicyId)
            .Select(g => new { PolicyId = g.Key, Signers = g.Select(c => c.UserId).Distinct().Count() })
            .ToListAsync(cancellationToken);
        return single.Concat(several).ToDictionary(c => c.PolicyId, c => c.Signers);
    }

    // Member-initialised, not a constructor, so that EF Core can go on filtering the query it comes from.
    private sealed class ValidSignature
    {
        public int PolicyId { get; init; }

        public string UserId { get; init; } = string.Empty;

        public int Sequence { get; init; }

        public string Version { get; init; } = string.Empty;

        public DateTime SignedAtUtc { get; init; }

        public string TextSha256 { get; init; } = string.Empty;
    }

    // Signatures that count for the revision in force of their policy.
    private IQueryable<ValidSignature> ValidSignatures() =>
        from a in db.Acknowledgements
        join signed in db.PolicyRevisions on a.RevisionId equals signed.Id
        join current in db.PolicyRevisions on signed.PolicyId equals current.PolicyId
        where current.Status == RevisionStatus.Adopted && signed.Sequence >= current.SignaturesValidFromSequence
        select new ValidSignature { PolicyId = signed.PolicyId, UserId = a.UserId, Sequence = signed.Sequence, Version = signed.Version, SignedAtUtc = a.SignedAtUtc, TextSha256 = a.TextSha256 };
}
