using Microsoft.AspNetCore.Identity;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Data.Seeding;

/// <summary>The demonstration accounts listed in the README. Seeded in the Development environment only.</summary>
public static class DemoAccounts
{
    public const string Password = "Demo-Portal-2026!";

    public static readonly DemoAccount Principal = new("principal@example.org", "Alex Morgan", "Principal", Roles.Principal);
    public static readonly DemoAccount Teacher = new("teacher@example.org", "Sam Taylor", "Teacher of Geography", Roles.Staff);
    public static readonly DemoAccount Support = new("support@example.org", "Jo Patel", "Teaching Assistant", Roles.Staff);
    public static readonly DemoAccount Governor = new("governor@example.org", "Robin Hughes", "Governor", Roles.Governor);

    public static IReadOnlyList<DemoAccount> All { get; } = [Principal, Teacher, Support, Governor];

    /// <summary>Adds the accounts that are missing; safe when several servers start at once (<see cref="SeedingTransaction"/>).</summary>
    public static async Task SeedAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DemoAccounts));
        await SeedingTransaction.RunAsync(db, logger, "Seeding the demo accounts", async () =>
        {
            foreach (var account in All)
            {
                if (await users.FindByEmailAsync(account.Email) is not null)
                {
                    continue;
                }

                var user = new PortalUser
                {
                    UserName = account.Email,
                    Email = account.Email,
                    EmailConfirmed = true,
                    FullName = account.FullName,
                    JobTitle = account.JobTitle,
                };
                Check(await users.CreateAsync(user, Password), account);
                Check(await users.AddToRoleAsync(user, account.Role), account);
            }
        }, CancellationToken.None);
    }

    private static void Check(IdentityResult result, DemoAccount account)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not seed {account.Email}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}

public sealed record DemoAccount(string Email, string FullName, string JobTitle, string Role);
