using Microsoft.EntityFrameworkCore;
using PolicyPortal.Web.Data;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Services;

/// <summary>A group as the Principal's list shows it.</summary>
/// <param name="Policies">The titles of the policies asked of the group, retired ones marked so: while there are any, it stays.</param>
public sealed record GroupSummary(int Id, string Name, int Members, IReadOnlyList<string> Policies);

/// <summary>
/// The groups people are in: named by the Principal, or by an import's department column. Membership is saved with the
/// rest of a person's details (<see cref="People"/>), in the caller's transaction.
/// </summary>
public sealed class Groups(PortalDbContext db, TimeProvider clock, ILogger<Groups> logger)
{
    // Every group by normalised name, read once in this scope when a person is first put in groups: an import of
    // thousands of people asks for the same few groups for each of them.
    private Dictionary<string, PeopleGroup>? _byName;

    /// <summary>Every group, by name, with how many current people are in it and which policies, retired or not, are asked of it.</summary>
    public async Task<IReadOnlyList<GroupSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        var groups = await db.Groups
            .Select(g => new
            {
                g.Id,
                g.Name,
                Members = db.GroupMembers.Count(m => m.GroupId == g.Id && db.Users.Any(u => u.Id == m.UserId && u.DeactivatedAtUtc == null)),
            })
            .ToListAsync(cancellationToken);
        var policies = (await db.PolicyGroups
                .Join(db.Policies, g => g.PolicyId, p => p.Id, (g, p) => new { g.GroupId, p.Title, p.RetiredAtUtc })
                .ToListAsync(cancellationToken))
            .ToLookup(x => x.GroupId, x => x.RetiredAtUtc is null ? x.Title : $"{x.Title} (retired)");
        return [.. groups
            .OrderBy(g => g.Name, StringComparer.CurrentCultureIgnoreCase)
            .Select(g => new GroupSummary(g.Id, g.Name, g.Members, [.. policies[g.Id].Order(StringComparer.CurrentCultureIgnoreCase)]))];
    }

    /// <summary>Adds an empty group.</summary>
    /// <exception cref="InvalidDetailsException">The name is not usable, or another group has it.</exception>
    public async Task<int> AddAsync(string? name, CancellationToken cancellationToken = default)
    {
        if (PeopleGroup.NameProblem(name) is { } problem)
        {
            throw new InvalidDetailsException([new("Name", problem)]);
        }

        var normalized = PeopleGroup.Normalize(name!);
        if (await db.Groups.AnyAsync(g => g.NormalizedName == normalized, cancellationToken))
        {
            throw new InvalidDetailsException([new("Name", $"There is already a group called {PersonDetails.Tidy(name)}.")]);
        }

        var group = new PeopleGroup(name!, clock.GetUtcNow().UtcDateTime);
        db.Groups.Add(group);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException error) when (UniqueViolation.Is(error))
        {
            // Added by someone else a moment before.
            db.ChangeTracker.Clear();
            logger.LogInformation("A group called {Group} was added by someone else at the same moment; this one was refused", group.Name);
            throw new InvalidDetailsException([new("Name", $"There is already a group called {group.Name}.")]);
        }

        return group.Id;
    }

    /// <summary>
    /// Removes a group: its members stay, in their other groups, and each member's account trail says so. A group a
    /// policy is asked of, even a retired one, stays until no policy is.
    /// </summary>
    /// <returns>False if there is no such group.</returns>
    public async Task<bool> RemoveAsync(int id, Person actor, CancellationToken cancellationToken = default)
    {
        var group = await db.Groups.SingleOrDefaultAsync(g => g.Id == id, cancellationToken);
        if (group is null)
        {
            return false;
        }

        var policies = await db.PolicyGroups.Where(g => g.GroupId == id).Join(db.Policies, g => g.PolicyId, p => p.Id, (_, p) => p.Title).ToListAsync(cancellationToken);
        if (policies.Count > 0)
        {
            throw new DomainRuleException($"{string.Join(", ", policies)} {(policies.Count == 1 ? "is" : "are")} asked of {group.Name}. Change who must sign {(policies.Count == 1 ? "it" : "them")} first.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var member in await db.Users.Where(u => db.GroupMembers.Any(m => m.GroupId == id && m.UserId == u.Id)).ToListAsync(cancellationToken))
        {
            db.AccountEvents.Add(new AccountEvent(member, AccountEventKind.GroupsChanged, actor, $"Left {group.Name}: the group was removed.", now));
        }

        db.Groups.Remove(group);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException error) when (UniqueViolation.Is(error))
        {
            // A policy was asked of the group a moment before.
            db.ChangeTracker.Clear();
            logger.LogInformation("Group {GroupId} was asked of a policy at the same moment as it was removed; it stays", id);
            throw new ConcurrencyConflictException($"A policy was asked of {group.Name} just now, so it stays. Look at the groups again.");
        }

        return true;
    }

    /// <summary>The names of the groups each person is in, by person, for <paramref name="userIds"/>.</summary>
    public async Task<ILookup<string, string>> OfPeopleAsync(IQueryable<string> userIds, CancellationToken cancellationToken = default) =>
        (await db.GroupMembers
            .Where(m => userIds.Contains(m.UserId))
            .Join(db.Groups, m => m.GroupId, g => g.Id, (m, g) => new { m.UserId, g.Name })
            .ToListAsync(cancellationToken))
        .OrderBy(x => x.Name, StringComparer.CurrentCultureIgnoreCase)
        .ToLookup(x => x.UserId, x => x.Name, StringComparer.Ordinal);

    /// <summary>
    /// Puts a person in exactly the groups named in <paramref name="names"/> among those <paramref name="scope"/> names
    /// (every group when null), creating any that do not exist yet; their other groups are left alone. Not saved.
    /// </summary>
    /// <param name="isNew">The person was added just now, so is in no group yet.</param>
    /// <returns>The person's groups before and after, by name, when they changed.</returns>
    internal async Task<(IReadOnlyList<string> Before, IReadOnlyList<string> After)?> SetAsync(
        string userId,
        IReadOnlyList<string> names,
        IReadOnlySet<string>? scope,
        bool isNew,
        CancellationToken cancellationToken)
    {
        var wanted = names.Select(PeopleGroup.Normalize).ToHashSet(StringComparer.Ordinal);
        var groups = await FindOrAddAsync(names, cancellationToken);
        var current = isNew ? [] : await db.GroupMembers
            .Where(m => m.UserId == userId)
            .Join(db.Groups, m => m.GroupId, g => g.Id, (m, g) => new { Member = m, g.Name, g.NormalizedName })
            .ToListAsync(cancellationToken);
        var leaving = current.Where(c => (scope is null || scope.Contains(c.NormalizedName)) && !wanted.Contains(c.NormalizedName)).ToList();
        var joining = groups.Where(g => !current.Any(c => c.NormalizedName == g.NormalizedName)).ToList();
        if (leaving.Count == 0 && joining.Count == 0)
        {
            return null;
        }

        db.GroupMembers.RemoveRange(leaving.Select(c => c.Member));
        // A group saved already is named by its id: the import clears the change tracker between saves, and adding the
        // membership with the group attached would insert the group again. A group not saved yet goes with it.
        foreach (var group in joining)
        {
            db.GroupMembers.Add(group.Id == 0 ? new GroupMember(0, userId) { Group = group } : new GroupMember(group.Id, userId));
        }

        var before = current.Select(c => c.Name).ToList();
        var after = before.Except(leaving.Select(c => c.Name)).Concat(joining.Select(g => g.Name)).ToList();
        return (Sorted(before), Sorted(after));
    }

    private static List<string> Sorted(IEnumerable<string> names) => [.. names.Order(StringComparer.CurrentCultureIgnoreCase)];

    // The groups of these names, those that do not exist yet added to the context.
    private async Task<List<PeopleGroup>> FindOrAddAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        _byName ??= await db.Groups.ToDictionaryAsync(g => g.NormalizedName, StringComparer.Ordinal, cancellationToken);
        return [.. names.Select(name =>
        {
            var key = PeopleGroup.Normalize(name);
            if (!_byName.TryGetValue(key, out var group))
            {
                _byName[key] = group = new PeopleGroup(name, clock.GetUtcNow().UtcDateTime);
                db.Groups.Add(group);
            }

            return group;
        })];
    }
}
