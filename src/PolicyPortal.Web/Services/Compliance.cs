using Microsoft.EntityFrameworkCore;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Data;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Services;

/// <summary>Signed and in scope, for one group of people and one policy.</summary>
public sealed record Tally(int InScope, int Signed)
{
    public int Outstanding => InScope - Signed;

    public int Percent => InScope == 0 ? 100 : (int)Math.Floor(100.0 * Signed / InScope);
}

public sealed record PolicyCompliance(string Slug, string Title, string Version, Tally Staff, Tally Governors)
{
    public Tally All => new(Staff.InScope + Governors.InScope, Staff.Signed + Governors.Signed);
}

/// <summary>One person's standing with one policy's revision in force.</summary>
public sealed record PersonSignOff(string Name, string Email, string Role, string? JobTitle, DateTime? SignedAtUtc, string? VersionSigned, string? TextSha256)
{
    public bool Signed => SignedAtUtc is not null;
}

public sealed record PolicySignOff(string Slug, string Title, string Version, DateTime InForceSinceUtc, IReadOnlyList<PersonSignOff> People);

/// <summary>
/// Who has and has not signed each policy in force. People are in scope by role: staff (Staff or Principal) for policies
/// staff sign, governors for policies governors sign. A signature counts when every change since it was minor.
/// </summary>
public sealed class Compliance(PortalDbContext db)
{
    public async Task<IReadOnlyList<PolicyCompliance>> DashboardAsync(CancellationToken cancellationToken = default)
    {
        var people = await PeopleAsync(cancellationToken);
        var inForce = await db.PolicyRevisions
            .Where(r => r.Status == RevisionStatus.Adopted)
            .OrderBy(r => r.Policy.Title)
            .Select(r => new { r.PolicyId, r.Policy.Slug, r.Policy.Title, r.Version, r.Policy.Audience })
            .ToListAsync(cancellationToken);
        var signedBy = (await ValidSignatures().Select(s => new { s.PolicyId, s.UserId }).Distinct().ToListAsync(cancellationToken))
            .ToLookup(s => s.PolicyId, s => s.UserId);

        return [.. inForce.Select(p =>
        {
            var signers = signedBy[p.PolicyId].ToHashSet(StringComparer.Ordinal);
            Tally Count(PolicyAudience group, Func<Person, bool> inGroup)
            {
                if (!p.Audience.HasFlag(group))
                {
                    return new Tally(0, 0);
                }

                var scope = people.Where(inGroup).ToList();
                return new Tally(scope.Count, scope.Count(s => signers.Contains(s.Id)));
            }

            return new PolicyCompliance(p.Slug, p.Title, p.Version, Count(PolicyAudience.Staff, x => x.IsStaff), Count(PolicyAudience.Governors, x => x.IsGovernor));
        })];
    }

    /// <summary>Everyone in scope for one policy's revision in force, with their signature if it counts.</summary>
    public async Task<PolicySignOff?> SignOffAsync(string slug, CancellationToken cancellationToken = default)
    {
        if (!PolicySlug.IsValid(slug))
        {
            return null;
        }

        var revision = await db.PolicyRevisions
            .Where(r => r.Status == RevisionStatus.Adopted && r.Policy.Slug == slug)
            .Select(r => new { r.PolicyId, r.Policy.Title, r.Version, r.Policy.Audience, InForceSince = r.AdoptedAtUtc ?? r.CreatedAtUtc })
            .SingleOrDefaultAsync(cancellationToken);
        if (revision is null)
        {
            return null;
        }

        var signatures = (await ValidSignatures()
                .Where(s => s.PolicyId == revision.PolicyId)
                .ToListAsync(cancellationToken))
            .GroupBy(s => s.UserId)
            .ToDictionary(g => g.Key, g => g.MaxBy(s => s.Sequence)!, StringComparer.Ordinal);

        var people = (await PeopleAsync(cancellationToken))
            .Where(p => (revision.Audience.HasFlag(PolicyAudience.Staff) && p.IsStaff) || (revision.Audience.HasFlag(PolicyAudience.Governors) && p.IsGovernor))
            .OrderBy(p => p.Name, StringComparer.CurrentCulture)
            .Select(p => signatures.TryGetValue(p.Id, out var s)
                ? new PersonSignOff(p.Name, p.Email, p.Role, p.JobTitle, s.SignedAtUtc, s.Version, s.TextSha256)
                : new PersonSignOff(p.Name, p.Email, p.Role, p.JobTitle, null, null, null))
            .ToList();
        return new PolicySignOff(slug, revision.Title, revision.Version, revision.InForceSince, people);
    }

    private sealed record Person(string Id, string Name, string Email, string? JobTitle, bool IsStaff, bool IsGovernor, string Role);

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

    private async Task<List<Person>> PeopleAsync(CancellationToken cancellationToken)
    {
        var roles = (await db.UserRoles.Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name }).ToListAsync(cancellationToken))
            .ToLookup(x => x.UserId, x => x.Name);
        var users = await db.Users.Select(u => new { u.Id, u.FullName, u.Email, u.JobTitle }).ToListAsync(cancellationToken);
        return [.. users.Select(u =>
        {
            var mine = roles[u.Id].ToList();
            var isPrincipal = mine.Contains(Roles.Principal);
            var isStaff = isPrincipal || mine.Contains(Roles.Staff);
            var isGovernor = mine.Contains(Roles.Governor);
            var role = isPrincipal ? Roles.Principal : isStaff ? Roles.Staff : isGovernor ? Roles.Governor : "None";
            return new Person(u.Id, u.FullName, u.Email ?? string.Empty, u.JobTitle, isStaff, isGovernor, role);
        })];
    }
}

/// <summary>CSV that is safe to open in a spreadsheet: cells that would run as formulas are made text.</summary>
public static class SafeCsv
{
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];
    private static readonly char[] NeedsQuotes = [',', '"', '\n', '\r'];

    public static string Cell(string? value)
    {
        var text = value ?? string.Empty;
        if (text.Length > 0 && FormulaStarts.Contains(text[0]))
        {
            text = "'" + text;
        }

        return text.IndexOfAny(NeedsQuotes) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    public static string Row(params string?[] cells) => string.Join(',', cells.Select(Cell)) + "\r\n";
}
