using PolicyPortal.Web.Authorization;

namespace PolicyPortal.Web.Infrastructure;

/// <summary>
/// Commands an administrator runs instead of starting the server, with the portal's own settings and database, as
/// <c>dotnet PolicyPortal.Web.dll &lt;command&gt; ...</c> (docs/deployment.md). Each command is a class of its own,
/// listed in <see cref="All"/>. A command prints what it did, or why it did nothing, and returns the exit code: 0 done,
/// 1 refused or failed, 2 used wrongly.
/// </summary>
internal static class AdminCommands
{
    private static readonly IAdminCommand[] All = [new InitCommand(), new CreateAccountCommand(Roles.Principal), new CreateAccountCommand(Roles.Governor), new BackupCommand(), new RestoreCommand(), new ExportSignaturesCommand(), new ResetTwoStepCommand()];

    public static bool IsCommand(string[] args) => args is [var name, ..] && All.Any(c => c.Name == name);

    public static Task<int> RunAsync(IServiceProvider services, string[] args, TextReader input, TextWriter output) =>
        All.Single(c => c.Name == args[0]).RunAsync(services, args[1..], input, output);

    /// <summary>The <c>--name value</c> pairs among a command's arguments, names without their dashes.</summary>
    public static Dictionary<string, string> Options(string[] args)
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

    /// <summary>What <c>backup</c> and <c>restore</c> say on SQL Server, where the database server does both.</summary>
    public static string SqlServerRefusal(string command, string statement) =>
        $"`{command}` works on SQLite only. On SQL Server use {statement}, or the host's own backups and point-in-time restore (docs/deployment.md, Backups).";
}

/// <summary>One admin command: <c>dotnet PolicyPortal.Web.dll &lt;Name&gt; &lt;arguments&gt;</c>.</summary>
internal interface IAdminCommand
{
    /// <summary>The first argument, which chooses the command.</summary>
    string Name { get; }

    /// <param name="args">The arguments after the command's name.</param>
    /// <returns>The process's exit code.</returns>
    Task<int> RunAsync(IServiceProvider services, string[] args, TextReader input, TextWriter output);
}
