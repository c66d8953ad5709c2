using Microsoft.AspNetCore.Identity;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Infrastructure;

/// <summary>
/// <c>create-principal</c>: a real install has no account with a known password, so the first Principal is created here,
/// with a password read from standard input rather than an argument, which other users could see in the process list
/// (docs/deployment.md shows how to type it without echoing it):
/// <code>dotnet PolicyPortal.Web.dll create-principal --email head@school.org --name "Pat Smith" &lt; password-file</code>
/// </summary>
internal sealed class CreatePrincipalCommand : IAdminCommand
{
    public string Name => "create-principal";

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

        var user = new PortalUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            FullName = name,
            JobTitle = options.GetValueOrDefault("job-title", "Principal"),
            AddedAtUtc = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime,
        };
        var created = await users.CreateAsync(user, password);
        var result = created.Succeeded ? await users.AddToRoleAsync(user, Roles.Principal) : created;
        if (!result.Succeeded)
        {
            await output.WriteLineAsync($"The account was not created: {string.Join(" ", result.Errors.Select(e => e.Description))}");
            return 1;
        }

        scope.ServiceProvider.GetRequiredService<AuthenticationAudit>().PasswordSet(user.Id, "CreatePrincipal");
        await output.WriteLineAsync($"Created the Principal account {email} ({name}).");
        return 0;
    }
}
