using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Data;
using PolicyPortal.Web.Data.Seeding;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Infrastructure;
using PolicyPortal.Web.Services;

namespace PolicyPortal.Testing;

/// <summary>How big a trust to generate.</summary>
/// <param name="People">Accounts, of whom about 1.5% are governors and one is the Principal.</param>
/// <param name="Policies">Policies in force, the shipped social media policy among them.</param>
/// <param name="SignedShare">The share of each policy's audience that has signed it.</param>
public sealed record TrustSize(int People, int Policies, double SignedShare = 0.6);

/// <summary>What <see cref="TrustData.GenerateAsync"/> wrote.</summary>
public sealed record TrustDataSummary(int People, int Governors, int Policies, int Signatures, string Password);

/// <summary>
/// Fills an empty SQLite database with a trust-sized school: people with job titles and roles, policies in force and
/// signatures, the same every time for the same size. Everyone's password is <see cref="DemoAccounts.Password"/>, so a
/// load test can sign in as anyone (person{n}@trust.example; the Principal is person1).
/// </summary>
public static class TrustData
{
    private static readonly string[] StaffJobTitles =
        ["Teacher", "Teacher", "Teacher", "Teaching assistant", "Teaching assistant", "Support staff", "Administrator", "Site staff", "Headteacher"];

    public static async Task<TrustDataSummary> GenerateAsync(string databasePath, TrustSize size, CancellationToken cancellationToken = default)
    {
        // No pooling: the last connection closed leaves the whole database in the one file, which the load scripts copy.
        var connectionString = $"Data Source={databasePath};Pooling=False";
        await using (var services = PortalCommandLine.Services(connectionString, "Generator", TimeProvider.System))
        {
            await services.InitializeDatabaseAsync(cancellationToken);
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            if (await db.Users.AnyAsync(cancellationToken))
            {
                throw new InvalidOperationException($"{databasePath} already has accounts; the generator fills an empty database only.");
            }

            AddPolicies(db, size.Policies - await db.Policies.CountAsync(cancellationToken));
            await db.SaveChangesAsync(cancellationToken);
        }

        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var roles = await ReadPairsAsync(connection, transaction, "SELECT Name, Id FROM AspNetRoles", cancellationToken);
        var revisions = await ReadRevisionsAsync(connection, transaction, cancellationToken);

        var passwordHash = new PasswordHasher<PortalUser>().HashPassword(new PortalUser(), DemoAccounts.Password);
        var random = new Random(20261124);
        var governors = 0;
        var signatures = 0;
        using var addUser = Command(connection, transaction,
            """
            INSERT INTO AspNetUsers (Id, FullName, JobTitle, AddedAtUtc, UserName, NormalizedUserName, Email, NormalizedEmail, EmailConfirmed,
                PasswordHash, SecurityStamp, ConcurrencyStamp, PhoneNumberConfirmed, TwoFactorEnabled, LockoutEnabled, AccessFailedCount)
            VALUES ($id, $name, $job, $added, $email, $normal, $email, $normal, 1, $hash, $stamp, $stamp, 0, 0, 1, 0)
            """,
            "$id", "$name", "$job", "$added", "$email", "$normal", "$hash", "$stamp");
        using var addRole = Command(connection, transaction, "INSERT INTO AspNetUserRoles (UserId, RoleId) VALUES ($user, $role)", "$user", "$role");
        using var addSignature = Command(connection, transaction,
            "INSERT INTO Acknowledgements (UserId, RevisionId, SignedAtUtc, TextSha256, SignatureName) VALUES ($user, $revision, $at, $hash, $name)",
            "$user", "$revision", "$at", "$hash", "$name");

        for (var n = 1; n <= size.People; n++)
        {
            var id = $"00000000-0000-4000-8000-{n:D12}";
            var email = $"person{n}@trust.example";
            var name = $"{FirstNames[n % FirstNames.Length]} {Surnames[n / FirstNames.Length % Surnames.Length]} {n}";
            var role = n == 1 ? Roles.Principal : n % 67 == 0 ? Roles.Governor : Roles.Staff;
            var job = role switch
            {
                Roles.Principal => "Principal",
                Roles.Governor => "Governor",
                _ => StaffJobTitles[random.Next(StaffJobTitles.Length)],
            };
            governors += role == Roles.Governor ? 1 : 0;
            await RunAsync(addUser, cancellationToken, id, name, job, "2025-09-01 08:00:00", email, email.ToUpperInvariant(), passwordHash, Guid.NewGuid().ToString("N"));
            await RunAsync(addRole, cancellationToken, id, roles[role]);

            foreach (var revision in revisions)
            {
                var inAudience = role == Roles.Governor ? revision.Audience.HasFlag(PolicyAudience.Governors) : revision.Audience.HasFlag(PolicyAudience.Staff);
                if (inAudience && random.NextDouble() < size.SignedShare)
                {
                    var signedAt = new DateTime(2026, 9, 1, 8, 0, 0, DateTimeKind.Utc).AddMinutes(random.Next(60 * 24 * 60));
                    await RunAsync(addSignature, cancellationToken, id, revision.Id, signedAt.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), revision.Sha256, name);
                    signatures++;
                }
            }
        }

        await transaction.CommitAsync(cancellationToken);

        // The generated signatures join the record's chain, as the portal's own would have.
        await using (var services = PortalCommandLine.Services(connectionString, "Generator", TimeProvider.System))
        {
            await using var scope = services.CreateAsyncScope();
            await new RecordChain(scope.ServiceProvider.GetRequiredService<PortalDbContext>()).LinkUnlinkedAsync(cancellationToken);
        }

        return new TrustDataSummary(size.People, governors, revisions.Count, signatures, DemoAccounts.Password);
    }

    private static void AddPolicies(PortalDbContext db, int count)
    {
        var adoption = new AdoptionRecord("The trust board", "Adopted in its entirety", new DateOnly(2026, 9, 1), DatePrecision.Day, "Chair of the trust board", null, 12);
        for (var n = 1; n <= count; n++)
        {
            var audience = n % 3 == 0 ? PolicyAudience.Staff : PolicyAudience.StaffAndGovernors;
            var policy = new Policy($"trust-policy-{n:D2}", $"Trust policy {n:D2}", audience, ["All staff"], []);
            var body = string.Join("\n\n", Enumerable.Range(1, 12).Select(s => $"## Section {s}\n\nStaff must follow part {s} of trust policy {n}. " + string.Concat(Enumerable.Repeat("This paragraph stands for the policy's real wording. ", 8))));
            policy.AddAdoptedRevision("1.0", body, adoption, new DateTime(2026, 9, 1, 8, 0, 0, DateTimeKind.Utc));
            db.Policies.Add(policy);
        }
    }

    private sealed record RevisionRow(int Id, PolicyAudience Audience, string Sha256);

    private static async Task<List<RevisionRow>> ReadRevisionsAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        using var command = Command(connection, transaction,
            $"SELECT r.Id, p.Audience, r.BodySha256 FROM PolicyRevisions r JOIN Policies p ON p.Id = r.PolicyId WHERE r.Status = '{RevisionStatus.Adopted}' ORDER BY r.Id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<RevisionRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new RevisionRow(reader.GetInt32(0), (PolicyAudience)reader.GetInt32(1), reader.GetString(2)));
        }

        return rows;
    }

    private static async Task<Dictionary<string, string>> ReadPairsAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        using var command = Command(connection, transaction, sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            pairs[reader.GetString(0)] = reader.GetString(1);
        }

        return pairs;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }

    private static Task<int> RunAsync(SqliteCommand command, CancellationToken cancellationToken, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }

        return command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static readonly string[] FirstNames = ["Amira", "Ben", "Chloe", "Dev", "Ella", "Femi", "Grace", "Harry", "Isla", "Jack", "Kiran", "Lucy", "Mo", "Nia", "Owen", "Priya"];

    private static readonly string[] Surnames = ["Ahmed", "Brown", "Clarke", "Davies", "Evans", "Green", "Hughes", "Khan", "Lewis", "Morgan", "Patel", "Roberts", "Smith", "Taylor", "Walker", "Wilson"];
}
