using System.Reflection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Data.Seeding;

/// <summary>
/// Seeds what every install needs: the three roles and the policies shipped with the portal. Safe to run at every start,
/// and by several servers starting at once (<see cref="SeedingTransaction"/>).
/// </summary>
public sealed class PortalSeeder(
    PortalDbContext db,
    RoleManager<IdentityRole> roleManager,
    TimeProvider clock,
    ILogger<PortalSeeder> logger)
{
    private const string ResourcePrefix = "Seed/";

    /// <returns>What was added: nothing when the database was seeded already, or another server seeded it first.</returns>
    public async Task<SeedResult> SeedAsync(CancellationToken cancellationToken = default)
    {
        var roles = new List<string>();
        var policies = new List<SeedPolicyDocument>();
        var committed = await SeedingTransaction.RunAsync(db, logger, "Seeding the roles and shipped policies", async () =>
        {
            foreach (var role in Roles.All)
            {
                if (!await roleManager.RoleExistsAsync(role))
                {
                    var result = await roleManager.CreateAsync(new IdentityRole(role));
                    if (!result.Succeeded)
                    {
                        throw new InvalidOperationException($"Could not create role {role}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
                    }

                    roles.Add(role);
                }
            }

            foreach (var document in ShippedPolicies())
            {
                if (await db.Policies.AnyAsync(p => p.Slug == document.Slug, cancellationToken))
                {
                    continue;
                }

                var policy = new Policy(document.Slug, document.Title, document.Audience, document.AppliesTo, document.References, document.Adoption.ReviewCycleMonths);
                policy.AddAdoptedRevision(document.Version, document.Body, document.Adoption, clock.GetUtcNow().UtcDateTime);
                db.Policies.Add(policy);
                await db.SaveChangesAsync(cancellationToken);
                policies.Add(document);
            }
        }, cancellationToken);

        if (!committed)
        {
            return new SeedResult([], []);
        }

        foreach (var document in policies)
        {
            logger.LogInformation("Imported seed policy {Slug} version {Version}", document.Slug, document.Version);
        }

        return new SeedResult(roles, policies.Select(p => $"{p.Slug} version {p.Version}").ToList());
    }

    public static IEnumerable<SeedPolicyDocument> ShippedPolicies()
    {
        var assembly = typeof(PortalSeeder).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order())
        {
            yield return SeedPolicyDocument.Parse(ReadResource(assembly, name));
        }
    }

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Seed resource {name} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

/// <summary>What one run of <see cref="PortalSeeder.SeedAsync"/> added.</summary>
/// <param name="Roles">The roles created.</param>
/// <param name="Policies">The shipped policies imported, as "slug version 1.0".</param>
public sealed record SeedResult(IReadOnlyList<string> Roles, IReadOnlyList<string> Policies);
