using Microsoft.Data.Sqlite;
using PolicyPortal.Web.Domain;
using PortalRoles = PolicyPortal.Web.Authorization.Roles;

namespace PolicyPortal.LoadClient;

/// <summary>A person with an account, as the generated trust database holds them.</summary>
internal sealed record Person(string UserId, string Email, string FullName, IReadOnlyList<string> Roles)
{
    public bool IsPrincipal => Roles.Contains(PortalRoles.Principal);

    /// <summary>Who must sign what, by role, as <c>Roles.AudienceOf</c> decides it for a signed-in person.</summary>
    public PolicyAudience Audience =>
        (Roles.Contains(PortalRoles.Staff) || IsPrincipal ? PolicyAudience.Staff : PolicyAudience.None)
        | (Roles.Contains(PortalRoles.Governor) ? PolicyAudience.Governors : PolicyAudience.None);
}

/// <summary>A current member of staff, as an export of the school's information system would list them.</summary>
internal sealed record StaffMember(string Email, string FullName, string? JobTitle);

/// <summary>A policy in force and the revision a signature is for.</summary>
internal sealed record PolicyInForce(int PolicyId, string Slug, PolicyAudience Audience, int RevisionId, string TextSha256);

/// <summary>A signature one person has yet to give.</summary>
internal sealed record Unsigned(PortalSession Session, PolicyInForce Policy);

/// <summary>A signature the portal answered for: who, which revision, and the receipt it pointed to.</summary>
internal sealed record AnsweredSignature(string UserId, int RevisionId, long AcknowledgementId);

/// <summary>A row of the Acknowledgements table.</summary>
internal sealed record StoredSignature(long Id, string UserId, int RevisionId);

/// <summary>Reads the SQLite file the portal writes to. Read-only in use, so it can run beside the portal.</summary>
internal sealed class TrustDatabase(string path)
{
    private readonly string connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();

    /// <summary>The Principal, then <paramref name="count"/> other current people spread evenly over the trust.</summary>
    public async Task<List<Person>> PeopleAsync(int count)
    {
        var everyone = await ReadAsync(
            """
            SELECT u.Id, u.Email, u.FullName, COALESCE(GROUP_CONCAT(r.Name), '')
            FROM AspNetUsers u LEFT JOIN AspNetUserRoles ur ON ur.UserId = u.Id LEFT JOIN AspNetRoles r ON r.Id = ur.RoleId
            WHERE u.DeactivatedAtUtc IS NULL AND u.PasswordHash IS NOT NULL
            GROUP BY u.Id ORDER BY u.rowid
            """,
            r => new Person(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3).Split(',', StringSplitOptions.RemoveEmptyEntries)));
        var principal = everyone.FirstOrDefault(p => p.IsPrincipal) ?? throw new LoadClientException("The database has no Principal.");
        var others = everyone.Where(p => !p.IsPrincipal).ToList();
        if (others.Count < count)
        {
            throw new LoadClientException($"The database has {others.Count} people besides the Principal; {count} were asked for.");
        }

        return [principal, .. Enumerable.Range(0, count).Select(i => others[(int)((long)i * others.Count / count)])];
    }

    public Task<List<PolicyInForce>> PoliciesInForceAsync() => ReadAsync(
        $"""
        SELECT p.Id, p.Slug, p.Audience, r.Id, r.BodySha256
        FROM Policies p JOIN PolicyRevisions r ON r.PolicyId = p.Id
        WHERE r.Status = '{RevisionStatus.Adopted}' ORDER BY p.Id
        """,
        r => new PolicyInForce(r.GetInt32(0), r.GetString(1), (PolicyAudience)r.GetInt32(2), r.GetInt32(3), r.GetString(4)));

    /// <summary>
    /// Every policy in force that one of <paramref name="sessions"/> must sign and has not signed in any version, in a
    /// fixed shuffled order, so that consecutive requests are by different people for different policies.
    /// </summary>
    public async Task<List<Unsigned>> UnsignedAsync(IReadOnlyList<PortalSession> sessions, int seed)
    {
        var users = sessions.Select(s => s.Person.UserId).ToHashSet(StringComparer.Ordinal);
        var signed = (await ReadAsync(
                "SELECT a.UserId, r.PolicyId FROM Acknowledgements a JOIN PolicyRevisions r ON r.Id = a.RevisionId",
                r => (UserId: r.GetString(0), PolicyId: r.GetInt32(1))))
            .Where(s => users.Contains(s.UserId))
            .ToHashSet();
        var policies = await PoliciesInForceAsync();
        var unsigned = sessions
            .Where(s => !s.Person.IsPrincipal)
            .SelectMany(s => policies.Where(p => (p.Audience & s.Person.Audience) != 0 && !signed.Contains((s.Person.UserId, p.PolicyId))).Select(p => new Unsigned(s, p)))
            .ToArray();
        new Random(seed).Shuffle(unsigned);
        return [.. unsigned];
    }

    /// <summary>Every current member of staff who is neither a Principal nor a governor, in the order they were added.</summary>
    public Task<List<StaffMember>> StaffAsync() => ReadAsync(
        $"""
        SELECT u.Email, u.FullName, u.JobTitle FROM AspNetUsers u
        WHERE u.DeactivatedAtUtc IS NULL
          AND EXISTS (SELECT 1 FROM AspNetUserRoles ur JOIN AspNetRoles r ON r.Id = ur.RoleId WHERE ur.UserId = u.Id AND r.Name = '{PortalRoles.Staff}')
          AND NOT EXISTS (SELECT 1 FROM AspNetUserRoles ur JOIN AspNetRoles r ON r.Id = ur.RoleId WHERE ur.UserId = u.Id AND r.Name IN ('{PortalRoles.Principal}', '{PortalRoles.Governor}'))
        ORDER BY u.rowid
        """,
        r => new StaffMember(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2)));

    /// <summary>How many accounts, role memberships and emails waiting in the outbox there are.</summary>
    public async Task<(long People, long RoleMemberships, long Emails)> CountsAsync() =>
        (await ReadAsync(
            "SELECT (SELECT COUNT(*) FROM AspNetUsers), (SELECT COUNT(*) FROM AspNetUserRoles), (SELECT COUNT(*) FROM OutboxMessages)",
            r => (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2)))).Single();

    public async Task<string> IntegrityCheckAsync() =>
        string.Join("; ", await ReadAsync("PRAGMA integrity_check", r => r.GetString(0)));

    /// <summary>Every signature stored: its id, who signed and which revision.</summary>
    public Task<List<StoredSignature>> SignaturesAsync() =>
        ReadAsync("SELECT Id, UserId, RevisionId FROM Acknowledgements", r => new StoredSignature(r.GetInt64(0), r.GetString(1), r.GetInt32(2)));

    private async Task<List<T>> ReadAsync<T>(string sql, Func<SqliteDataReader, T> read)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
