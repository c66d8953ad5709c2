using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Data;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Services;

/// <summary>Which outstanding people to list on the sign-off page.</summary>
/// <param name="GroupId">A group's id, <see cref="GroupTally.NoGroup"/> for people in none, or null for anyone.</param>
public sealed record OutstandingQuery(string? Role, int? GroupId, int Page, int PageSize);

/// <summary>Someone who has not signed the revision in force, with the day they were last reminded of it.</summary>
public sealed record OutstandingPerson(string UserId, string Name, string Role, string? JobTitle, DateTime? AddedAtUtc, DateOnly? LastReminded);

/// <summary>Signed and in scope among one group's members; someone in two groups counts in both.</summary>
public sealed record GroupTally(int GroupId, string Group, Tally Tally)
{
    /// <summary>Stands for "in no group" where a group's id is asked for.</summary>
    public const int NoGroup = 0;
}

/// <summary>The sign-off page's figures for the revision in force, and one page of the people outstanding.</summary>
/// <param name="ByGroup">Each group with anyone in scope, by name, then those in no group; empty when the school has no groups.</param>
public sealed record SignOffSummary(
    string Slug,
    string Title,
    string Version,
    DateOnly? EffectiveFrom,
    DateTime InForceSinceUtc,
    Tally All,
    IReadOnlyList<GroupTally> ByGroup,
    IReadOnlyList<string> Roles,
    IReadOnlyList<OutstandingPerson> Outstanding,
    int Page,
    int OutstandingTotal);

/// <summary>One person's standing with one policy's revision in force.</summary>
public sealed record PersonSignOff(string Name, string Email, string Role, string? JobTitle, DateTime? SignedAtUtc, string? VersionSigned, string? TextSha256)
{
    public bool Signed => SignedAtUtc is not null;
}

/// <param name="People">Active people in scope, signed or not.</param>
/// <param name="Leavers">People who signed and have since left; kept as evidence, out of the counts.</param>
public sealed record PolicySignOff(string Slug, int RevisionId, string Title, string Version, DateTime InForceSinceUtc, IReadOnlyList<PersonSignOff> People, IReadOnlyList<PersonSignOff> Leavers);

/// <summary>The sign-off list of the revision in force, to be written out as it is read.</summary>
/// <param name="People">Active people in scope, signed or not, in name order; read from the database as it is enumerated.</param>
public sealed record SignOffExport(string Slug, string Version, IAsyncEnumerable<PersonSignOff> People);

/// <summary>The sign-off of one policy: who in scope has signed its revision in force, a page at a time, in full, or streamed for the CSV.</summary>
public sealed partial class Compliance
{
    /// <summary>
    /// The sign-off page for the revision in force, counted in the database: totals and tallies by group, and one page of
    /// the outstanding people, filtered by role and group, in name order. Only that page is loaded, so it stays fast at
    /// trust scale (docs/performance.md).
    /// </summary>
    public async Task<SignOffSummary?> SummaryAsync(string slug, OutstandingQuery query, CancellationToken cancellationToken = default)
    {
        if (!PolicySlug.IsValid(slug))
        {
            return null;
        }

        var revision = await db.PolicyRevisions
            .Where(r => r.Policy.Slug == slug && r.Status == RevisionStatus.Adopted)
            .Select(r => new { r.Id, r.PolicyId, r.Policy.Title, r.Version, r.Sequence, ValidFrom = r.SignaturesValidFromSequence ?? r.Sequence, r.Policy.Audience, r.EffectiveFrom, InForceSince = r.AdoptedAtUtc ?? r.CreatedAtUtc })
            .SingleOrDefaultAsync(cancellationToken);
        if (revision is null)
        {
            return null;
        }

        // The revisions whose signatures count (usually just the one in force), so that each person's check is an index seek.
        var counting = await CountingRevisionIdsAsync(revision.PolicyId, revision.ValidFrom, revision.Sequence, cancellationToken);
        var audienceGroups = await AudienceGroupIdsAsync(revision.PolicyId, cancellationToken);
        var (principal, staff, governor) = await RoleIds.ReadAsync(db, cancellationToken);
        var staffSign = revision.Audience.HasFlag(PolicyAudience.Staff);
        var governorsSign = revision.Audience.HasFlag(PolicyAudience.Governors);

        var active = db.Users
            .Where(u => u.DeactivatedAtUtc == null)
            .Select(u => new ScopedPerson
            {
                Id = u.Id,
                Name = u.FullName,
                JobTitle = u.JobTitle,
                AddedAtUtc = u.AddedAtUtc,
                IsPrincipal = db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == principal),
                IsStaff = db.UserRoles.Any(ur => ur.UserId == u.Id && (ur.RoleId == staff || ur.RoleId == principal)),
                IsGovernor = db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == governor),
                InAudienceGroup = db.GroupMembers.Any(m => m.UserId == u.Id && audienceGroups.Contains(m.GroupId)),
                Signed = db.Acknowledgements.Any(a => a.UserId == u.Id && counting.Contains(a.RevisionId)),
            });
        var inScope = active.Where(p => (staffSign && p.IsStaff) || (governorsSign && p.IsGovernor) || p.InAudienceGroup);

        // Grouped over every active person, then narrowed to the audience here: filtering in SQL would check each
        // person's roles twice over.
        var kinds = (await active
                .GroupBy(p => new { p.IsPrincipal, p.IsStaff, p.IsGovernor, p.InAudienceGroup })
                .Select(g => new { g.Key.IsPrincipal, g.Key.IsStaff, g.Key.IsGovernor, g.Key.InAudienceGroup, InScope = g.Count(), Signed = g.Sum(p => p.Signed ? 1 : 0) })
                .ToListAsync(cancellationToken))
            .Where(g => (staffSign && g.IsStaff) || (governorsSign && g.IsGovernor) || g.InAudienceGroup)
            .ToList();
        var all = new Tally(kinds.Sum(g => g.InScope), kinds.Sum(g => g.Signed));
        var roles = kinds.Select(g => RoleOf(g.IsPrincipal, g.IsStaff, g.IsGovernor)).Distinct().Order(StringComparer.Ordinal).ToList();

        var outstanding = inScope.Where(p => !p.Signed);
        outstanding = query.Role switch
        {
            null or "" => outstanding,
            Roles.Principal => outstanding.Where(p => p.IsPrincipal),
            Roles.Staff => outstanding.Where(p => p.IsStaff && !p.IsPrincipal),
            Roles.Governor => outstanding.Where(p => p.IsGovernor && !p.IsStaff),
            _ => outstanding.Where(p => false),
        };
        outstanding = query.GroupId switch
        {
            null => outstanding,
            GroupTally.NoGroup => outstanding.Where(p => !db.GroupMembers.Any(m => m.UserId == p.Id)),
            var id => outstanding.Where(p => db.GroupMembers.Any(m => m.UserId == p.Id && m.GroupId == id)),
        };

        var total = await outstanding.CountAsync(cancellationToken);
        var pages = Math.Max(1, (total + query.PageSize - 1) / query.PageSize);
        var page = Math.Clamp(query.Page, 1, pages);
        var rows = await outstanding
            .OrderBy(p => p.Name).ThenBy(p => p.Id)
            .Skip((page - 1) * query.PageSize)
            .Take(query.PageSize)
            .Select(p => new OutstandingPerson(
                p.Id,
                p.Name,
                RoleOf(p.IsPrincipal, p.IsStaff, p.IsGovernor),
                p.JobTitle,
                p.AddedAtUtc,
                db.Reminders.Where(r => r.UserId == p.Id && r.RevisionId == revision.Id).Max(r => (DateOnly?)r.SchoolDay)))
            .ToListAsync(cancellationToken);

        return new SignOffSummary(
            slug,
            revision.Title,
            revision.Version,
            revision.EffectiveFrom,
            revision.InForceSince,
            all,
            await ByGroupAsync(inScope, all, cancellationToken),
            roles,
            rows,
            page,
            total);
    }

    // Signed and in scope in each group, and in none. Job titles are the school's free text, one row per spelling;
    // groups are the few the school chose to name.
    private async Task<List<GroupTally>> ByGroupAsync(IQueryable<ScopedPerson> inScope, Tally all, CancellationToken cancellationToken)
    {
        var names = await db.Groups.Select(g => new { g.Id, g.Name }).ToDictionaryAsync(g => g.Id, g => g.Name, cancellationToken);
        if (names.Count == 0)
        {
            return [];
        }

        var tallies = await (
                from p in inScope
                join m in db.GroupMembers on p.Id equals m.UserId
                group p by m.GroupId into g
                select new { GroupId = g.Key, InScope = g.Count(), Signed = g.Sum(p => p.Signed ? 1 : 0) })
            .ToListAsync(cancellationToken);
        var inGroups = await inScope
            .Where(p => db.GroupMembers.Any(m => m.UserId == p.Id))
            .GroupBy(p => 1)
            .Select(g => new { InScope = g.Count(), Signed = g.Sum(p => p.Signed ? 1 : 0) })
            .SingleOrDefaultAsync(cancellationToken);
        var none = new Tally(all.InScope - (inGroups?.InScope ?? 0), all.Signed - (inGroups?.Signed ?? 0));
        return
        [
            .. tallies
                .Select(t => new GroupTally(t.GroupId, names[t.GroupId], new Tally(t.InScope, t.Signed)))
                .OrderBy(t => t.Group, StringComparer.CurrentCultureIgnoreCase),
            .. none.InScope > 0 ? [new GroupTally(GroupTally.NoGroup, "In no group", none)] : Array.Empty<GroupTally>(),
        ];
    }

    private async Task<List<int>> AudienceGroupIdsAsync(int policyId, CancellationToken cancellationToken) =>
        await db.PolicyGroups.Where(g => g.PolicyId == policyId).Select(g => g.GroupId).ToListAsync(cancellationToken);

    private async Task<List<int>> CountingRevisionIdsAsync(int policyId, int validFrom, int sequence, CancellationToken cancellationToken) =>
        await db.PolicyRevisions
            .Where(r => r.PolicyId == policyId && r.Sequence >= validFrom && r.Sequence <= sequence)
            .Select(r => r.Id)
            .ToListAsync(cancellationToken);

    private static string RoleOf(bool isPrincipal, bool isStaff, bool isGovernor) =>
        isPrincipal ? Roles.Principal : isStaff ? Roles.Staff : isGovernor ? Roles.Governor : "None";

    // Member-initialised, not a constructor, so that EF Core can go on filtering and grouping the query it comes from.
    private sealed class ScopedPerson
    {
        public string Id { get; init; } = string.Empty;

        public string Name { get; init; } = string.Empty;

        public string? JobTitle { get; init; }

        public DateTime? AddedAtUtc { get; init; }

        public bool IsPrincipal { get; init; }

        public bool IsStaff { get; init; }

        public bool IsGovernor { get; init; }

        public bool InAudienceGroup { get; init; }

        public bool Signed { get; init; }
    }

    /// <summary>
    /// Everyone in scope for one revision (the one in force unless <paramref name="version"/> names an earlier adopted
    /// one), with their signature if it counts for that revision; and, apart, leavers who signed it.
    /// </summary>
    public async Task<PolicySignOff?> SignOffAsync(string slug, string? version = null, CancellationToken cancellationToken = default)
    {
        var revision = await SignedRevisionAsync(slug, version, cancellationToken);
        if (revision is null)
        {
            return null;
        }

        var signatures = await LatestSignaturesAsync(revision, ids: null, cancellationToken);
        var everyone = ByName(await PeopleAsync(withDetails: true, await AudienceGroupIdsAsync(revision.PolicyId, cancellationToken), cancellationToken));
        var people = everyone.Where(p => p.IsActive && InScope(revision.Audience, p)).Select(p => SignOff(p, signatures)).ToList();
        var leavers = everyone.Where(p => !p.IsActive && signatures.ContainsKey(p.Id)).Select(p => SignOff(p, signatures)).ToList();
        return new PolicySignOff(slug, revision.Id, revision.Title, revision.Version, revision.InForceSince, people, leavers);
    }

    /// <summary>
    /// The sign-off list of the revision in force, in <see cref="SignOffAsync"/>'s order, read from the database as it is
    /// written out. Only ids, names and roles are held for the whole list, to sort it; each person's details and signature
    /// are read a few hundred at a time, so a 20,000-row CSV never holds 20,000 rows (docs/performance.md: the CSV's
    /// memory). Someone who leaves while the list is being written is not on it; a change of roles meanwhile shows in the
    /// next list.
    /// </summary>
    public async Task<SignOffExport?> ExportAsync(string slug, CancellationToken cancellationToken = default)
    {
        var revision = await SignedRevisionAsync(slug, version: null, cancellationToken);
        if (revision is null)
        {
            return null;
        }

        // Only what the order and the audience need is held for everyone: no emails or job titles.
        var everyone = await PeopleAsync(withDetails: false, await AudienceGroupIdsAsync(revision.PolicyId, cancellationToken), cancellationToken);
        var order = ByName(everyone.Where(p => p.IsActive && InScope(revision.Audience, p)));
        return new SignOffExport(slug, revision.Version, RowsAsync(revision, order));
    }

    /// <summary>How many people's details and signatures <see cref="ExportAsync"/> reads at a time.</summary>
    internal const int ExportChunk = 500;

    private async IAsyncEnumerable<PersonSignOff> RowsAsync(SignedRevision revision, List<Person> order, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var chunk in order.Chunk(ExportChunk))
        {
            // One parameter holding the ids rather than one parameter each: quicker to bind, and within SQL Server's
            // limit of 2,100 parameters whatever the chunk's size.
            var ids = Array.ConvertAll(chunk, p => p.Id);
            var details = await db.Users
                .Where(u => EF.Parameter(ids).Contains(u.Id))
                .Select(u => new { u.Id, u.FullName, u.Email, u.JobTitle, u.DeactivatedAtUtc })
                .ToDictionaryAsync(u => u.Id, StringComparer.Ordinal, cancellationToken);
            var signatures = await LatestSignaturesAsync(revision, ids, cancellationToken);
            foreach (var person in chunk)
            {
                // Leavers are skipped here, not in the query: asked for both, SQLite reads every active person by the
                // index on leaving dates rather than seeking the ids.
                if (details.TryGetValue(person.Id, out var d) && d.DeactivatedAtUtc is null)
                {
                    yield return SignOff(person with { Name = d.FullName, Email = d.Email ?? string.Empty, JobTitle = d.JobTitle }, signatures);
                }
            }
        }
    }

    private sealed record SignedRevision(int Id, int PolicyId, string Title, string Version, int Sequence, int ValidFrom, PolicyAudience Audience, DateTime InForceSince);

    // The revision in force, or the adopted or superseded one that version names.
    private async Task<SignedRevision?> SignedRevisionAsync(string slug, string? version, CancellationToken cancellationToken) =>
        !PolicySlug.IsValid(slug)
            ? null
            : await db.PolicyRevisions
                .Where(r => r.Policy.Slug == slug)
                .Where(r => version == null ? r.Status == RevisionStatus.Adopted : r.Version == version && (r.Status == RevisionStatus.Adopted || r.Status == RevisionStatus.Superseded))
                .Select(r => new SignedRevision(r.Id, r.PolicyId, r.Policy.Title, r.Version, r.Sequence, r.SignaturesValidFromSequence ?? r.Sequence, r.Policy.Audience, r.AdoptedAtUtc ?? r.CreatedAtUtc))
                .SingleOrDefaultAsync(cancellationToken);

    private static bool InScope(PolicyAudience audience, Person person) =>
        (audience.HasFlag(PolicyAudience.Staff) && person.IsStaff) || (audience.HasFlag(PolicyAudience.Governors) && person.IsGovernor) || person.InAudienceGroup;

    private static PersonSignOff SignOff(Person p, Dictionary<string, Signed> signatures) => signatures.TryGetValue(p.Id, out var s)
        ? new PersonSignOff(p.Name, p.Email, p.Role, p.JobTitle, s.SignedAtUtc, s.Version, s.TextSha256)
        : new PersonSignOff(p.Name, p.Email, p.Role, p.JobTitle, null, null, null);

    private static readonly Comparer<SortKey> SortKeyOrder = Comparer<SortKey>.Create(SortKey.Compare);

    // Sorted by name as people expect (the current culture), namesakes by id so that every list of them agrees. Sort keys
    // are made once per name rather than asking the culture again in each of the ~300,000 comparisons 20,000 names take.
    private static List<Person> ByName(IEnumerable<Person> people)
    {
        var compare = CultureInfo.CurrentCulture.CompareInfo;
        return people.OrderBy(p => compare.GetSortKey(p.Name), SortKeyOrder).ThenBy(p => p.Id, StringComparer.Ordinal).ToList();
    }

    // Each person's latest signature that counts for the revision, everyone's or only the given people's. Read as a
    // stream into one entry a person, not every row and a group of them first. The version and hash repeat across
    // thousands of rows, so one copy of each is kept (docs/performance.md: the CSV's memory).
    private async Task<Dictionary<string, Signed>> LatestSignaturesAsync(SignedRevision revision, string[]? ids, CancellationToken cancellationToken)
    {
        var acknowledgements = db.Acknowledgements
            .Where(a => a.Revision.PolicyId == revision.PolicyId && a.Revision.Sequence >= revision.ValidFrom && a.Revision.Sequence <= revision.Sequence);
        if (ids is not null)
        {
            acknowledgements = acknowledgements.Where(a => EF.Parameter(ids).Contains(a.UserId));
        }

        var signatures = new Dictionary<string, Signed>(StringComparer.Ordinal);
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        string Shared(string text) => texts.TryGetValue(text, out var held) ? held : texts[text] = text;
        await foreach (var a in acknowledgements
                           .Select(a => new { a.UserId, a.Revision.Sequence, a.Revision.Version, a.SignedAtUtc, a.TextSha256 })
                           .AsAsyncEnumerable()
                           .WithCancellation(cancellationToken))
        {
            if (!signatures.TryGetValue(a.UserId, out var latest) || a.Sequence > latest.Sequence)
            {
                signatures[a.UserId] = new Signed(a.Sequence, Shared(a.Version), a.SignedAtUtc, Shared(a.TextSha256));
            }
        }

        return signatures;
    }

    private sealed record Person(string Id, string Name, string Email, string? JobTitle, bool IsActive, bool IsStaff, bool IsGovernor, bool InAudienceGroup, string Role);

    private sealed record Signed(int Sequence, string Version, DateTime SignedAtUtc, string TextSha256);

    // Everyone, leavers too, with what their roles make them and whether they are in one of the policy's audience groups:
    // one query, the roles checked in the database. Without their emails and job titles unless asked for.
    private async Task<List<Person>> PeopleAsync(bool withDetails, List<int> audienceGroups, CancellationToken cancellationToken)
    {
        var (principal, staff, governor) = await RoleIds.ReadAsync(db, cancellationToken);
        var people = new List<Person>();
        await foreach (var u in db.Users
                           .Select(u => new
                           {
                               u.Id,
                               u.FullName,
                               Email = withDetails ? u.Email : null,
                               JobTitle = withDetails ? u.JobTitle : null,
                               u.DeactivatedAtUtc,
                               IsPrincipal = db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == principal),
                               IsStaff = db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == staff),
                               IsGovernor = db.UserRoles.Any(ur => ur.UserId == u.Id && ur.RoleId == governor),
                               InAudienceGroup = db.GroupMembers.Any(m => m.UserId == u.Id && audienceGroups.Contains(m.GroupId)),
                           })
                           .AsAsyncEnumerable()
                           .WithCancellation(cancellationToken))
        {
            var isStaff = u.IsPrincipal || u.IsStaff;
            people.Add(new Person(u.Id, u.FullName, u.Email ?? string.Empty, u.JobTitle, u.DeactivatedAtUtc is null, isStaff, u.IsGovernor, u.InAudienceGroup, RoleOf(u.IsPrincipal, isStaff, u.IsGovernor)));
        }

        return people;
    }
}
