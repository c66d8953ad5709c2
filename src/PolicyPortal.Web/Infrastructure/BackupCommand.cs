using Microsoft.EntityFrameworkCore;
using PolicyPortal.Web.Data;

namespace PolicyPortal.Web.Infrastructure;

/// <summary>
/// <c>backup &lt;file&gt;</c>: a copy of the SQLite database that restores, taken while the portal runs
/// (<see cref="SqliteBackup.WriteAsync"/>). The scheduled backups (<c>Backup:Directory</c>) are written the same way.
/// </summary>
internal sealed class BackupCommand : IAdminCommand
{
    public string Name => "backup";

    public async Task<int> RunAsync(IServiceProvider services, string[] args, TextReader input, TextWriter output)
    {
        if (args is not [var file])
        {
            await output.WriteLineAsync($"Usage: {Name} <file>");
            return 2;
        }

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        if (db.SqliteFile() is not { } database)
        {
            await output.WriteLineAsync(AdminCommands.SqlServerRefusal(Name, "BACKUP DATABASE"));
            return 1;
        }

        if (await services.MissingDatabaseAsync() is { } missing)
        {
            await output.WriteLineAsync(missing);
            return 1;
        }

        var target = Path.GetFullPath(file);
        if (target == database)
        {
            await output.WriteLineAsync($"{target} is the portal's database itself; give the name of a backup file.");
            return 1;
        }

        try
        {
            var facts = await SqliteBackup.WriteAsync(db.Database.GetConnectionString()!, target, CancellationToken.None);
            await output.WriteLineAsync($"Backed up {database} to {target}: {facts}; quick_check ok.");
            return 0;
        }
        catch (Exception error) when (SqliteBackup.IsExpectedProblem(error))
        {
            await output.WriteLineAsync($"No backup was written: {error.Message}");
            return 1;
        }
    }
}
