using Microsoft.AspNetCore.Identity;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Data;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Infrastructure;

/// <summary>
/// <c>create-principal</c> and <c>create-governor</c>: a real install has no account with a known password, so the first
/// Principal is created here, and so are the first governors, whom the Principal cannot add alone (a governor confirms
/// that, <see cref="AccountChange"/>). The password is read from standard input rather than an argument, which other
/// users could see in the process list (docs/deployment.md shows how to type it without echoing it):
/// <code>dotnet PolicyPortal.Web.dll create-governor --email chair@school.org --name "Sam Okafor" &lt; password-file</code>
/// The account's trail records that the command made it.
/// </summary>
/// <param name="role">The account's one role, <see cref="Roles.Principal"/> or <see cref="Roles.Governor"/>.</param>
internal sealed class CreateAccountCommand(string role) : IAdminCommand
{
    public string Name => $"create-{role.ToLowerInvariant()}";

    public async Task<int> RunAsync(IServiceProvider services, string[] args, TextReader input, TextWriter output)
    {
        var options = AdminCommands.Options(args);
        if (!options.TryGetValue("email", out var email) || !options.TryGetValue("name", out var name))
        {
            await output.WriteLineAsync($"Usage: {Name} --email <address> --name \"<full name>\" [--job-title \"<title>\"] < password");
            return 2;
        }

        var password = (await input.ReadLineAsync())?.TrimEnd('\r', '\n');
        if (string.IsNullOrEmpty(password))
        {
            await output.WriteLineAsync("Give the new account's password on standard input.");
            return 2;
        }

        // As startup does outside Development: the database must exist; `init` creates it.
        if (await services.MissingDatabaseAsync() is { } missing)
        {
            await output.WriteLineAsync(missing);
            return 1;
        }

        await services.PrepareDatabaseAsync();
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        if (await users.FindByEmailAsync(email) is not null)
        {
            await output.WriteLineAsync($"An account for {email} already exists.");
            return 1;
        }

        // Only the first: once a governor is active, the rest are added in the portal, where another governor confirms them.
        if (role == Roles.Governor && (await users.GetUsersInRoleAsync(Roles.Governor)).Any(u => u.IsActive))
        {
            await output.WriteLineAsync("The portal has a governor already. Add other governors on its People page, where a governor confirms them.");
            return 1;
        }

        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var user = new PortalUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            FullName = name,
            JobTitle = options.GetValueOrDefault("job-title", role),
            AddedAtUtc = now,
        };

        // The account, its role and its trail's first entry together, or none of them.
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var created = await users.CreateAsync(user, password);
        var result = created.Succeeded ? await users.AddToRoleAsync(user, role) : created;
        if (!result.Succeeded)
        {
            await output.WriteLineAsync($"The account was not created: {string.Join(" ", result.Errors.Select(e => e.Description))}");
            return 1;
        }

        db.AccountEvents.Add(new AccountEvent(user, AccountEventKind.Added, new Person(Person.Portal.UserId, $"The {Name} command"), $"Added {name} ({email}) as {role} by the {Name} command, with the password given to it.", now));
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
        scope.ServiceProvider.GetRequiredService<AuthenticationAudit>().PasswordSet(user.Id, $"Create{role}");
        await output.WriteLineAsync($"Created the {role} account {email} ({name}).");
        return 0;
    }
}
