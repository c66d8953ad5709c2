using Microsoft.AspNetCore.Identity;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Data;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.Infrastructure;

/// <summary>
/// <c>reset-two-step --email &lt;address&gt;</c>: turns off two-step sign-in for someone who has lost both their phone and
/// their recovery codes, and ends their sessions. Whoever runs the server does it, once the school has checked who is
/// asking; nobody can do it in the portal, so a stolen password and a Principal's session are not enough. If their role
/// requires two-step sign-in, they set it up again at their next sign-in. The account's trail records it.
/// </summary>
internal sealed class ResetTwoStepCommand : IAdminCommand
{
    public string Name => "reset-two-step";

    public async Task<int> RunAsync(IServiceProvider services, string[] args, TextReader input, TextWriter output)
    {
        if (!AdminCommands.Options(args).TryGetValue("email", out var email))
        {
            await output.WriteLineAsync($"Usage: {Name} --email <address>");
            return 2;
        }

        if (await services.MissingDatabaseAsync() is { } missing)
        {
            await output.WriteLineAsync(missing);
            return 1;
        }

        await services.PrepareDatabaseAsync();
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = await users.FindByEmailAsync(email);
        if (user is not { TwoFactorEnabled: true })
        {
            await output.WriteLineAsync(user is null ? $"No account has the address {email}." : $"{email} does not use two-step sign-in; nothing was changed.");
            return 1;
        }

        // Each changes the security stamp, so every session of theirs ends within a minute; the old key and codes stop working.
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 0); // No recovery code left that works.

        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        db.AccountEvents.Add(new AccountEvent(user, AccountEventKind.TwoStepReset, new Person(Person.Portal.UserId, $"The {Name} command"), $"Two-step sign-in for {user.FullName} ({email}) was turned off by the {Name} command.", now));
        await db.SaveChangesAsync();
        scope.ServiceProvider.GetRequiredService<AuthenticationAudit>().TwoStepChanged(user.Id, "ResetByCommand");
        await output.WriteLineAsync($"Two-step sign-in is off for {email}. They sign in with their password, and set it up again if their role requires it.");
        return 0;
    }
}
