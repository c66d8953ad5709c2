using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Identity;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Services;

namespace PolicyPortal.Web.Infrastructure;

/// <summary>
/// Commands an administrator runs instead of starting the server. A real install has no account with a known password,
/// so the first Principal is created here, with a password read from standard input rather than an argument, which
/// other users could see in the process list (docs/deployment.md shows how to type it without echoing it):
/// <code>dotnet PolicyPortal.Web.dll create-principal --email head@school.org --name "Pat Smith" &lt; password-file</code>
/// </summary>
internal static class AdminCommands
{
    private const string CreatePrincipal = "create-principal";
    private const string ExportSignatures = "export-signatures";

    public static bool IsCommand(string[] args) => args is [CreatePrincipal or ExportSignatures, ..];

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextReader input, TextWriter output)
    {
        if (args is [ExportSignatures, ..])
        {
            return await ExportSignaturesAsync(services, args[1..], output);
        }

        var options = ParseOptions(args[1..]);
        if (!options.TryGetValue("email", out var email) || !options.TryGetValue("name", out var name))
        {
            await output.WriteLineAsync($"Usage: {CreatePrincipal} --email <address> --name \"<full name>\" [--job-title \"<title>\"] < password");
            return 2;
        }

        var password = (await input.ReadLineAsync())?.TrimEnd('\r', '\n');
        if (string.IsNullOrEmpty(password))
        {
            await output.WriteLineAsync("Give the new account's password on standard input.");
            return 2;
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

    private static Dictionary<string, string> ParseOptions(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                options[args[i][2..]] = args[i + 1];
            }
        }

        return options;
    }

    /// <summary>
    /// <c>export-signatures &lt;file&gt;</c>: the record's chain as JSON Lines, with each signature's canonical content, for
    /// anyone to check without the portal (docs/evidence.md). Refused while the record is not intact: the export would
    /// hide what the "Verify the record" page shows.
    /// </summary>
    private static async Task<int> ExportSignaturesAsync(IServiceProvider services, string[] args, TextWriter output)
    {
        if (args is not [var path])
        {
            await output.WriteLineAsync($"Usage: {ExportSignatures} <file>");
            return 2;
        }

        await using var scope = services.CreateAsyncScope();
        var chain = scope.ServiceProvider.GetRequiredService<RecordChain>();
        var report = await chain.VerifyAsync();
        if (report.Finding is { } finding)
        {
            await output.WriteLineAsync($"The record is not intact, so nothing was exported. {ViewModels.Record.ChainWords.Finding(finding, finding.AtUtc?.ToString("u", CultureInfo.InvariantCulture))}");
            return 1;
        }

        var file = Path.GetFullPath(path);
        await using (var writer = new StreamWriter(file, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
        {
            var (entries, signatures) = await chain.ExportAsync(writer);
            await output.WriteLineAsync($"Wrote {entries} entries, {signatures} of them signatures, to {file}.");
        }

        if (report.Head is { } head)
        {
            await output.WriteLineAsync($"Chain head: entry {head.Sequence}, {head.ChainSha256}.");
        }

        return 0;
    }
}
