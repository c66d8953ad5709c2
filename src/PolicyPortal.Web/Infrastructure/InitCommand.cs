namespace PolicyPortal.Web.Infrastructure;

/// <summary>
/// <c>init</c>: creates the database, or brings an existing one up to date, and seeds what every install needs
/// (<see cref="DatabaseSetup.InitializeDatabaseAsync"/>). Outside Development nothing else creates a database.
/// </summary>
internal sealed class InitCommand : IAdminCommand
{
    public string Name => "init";

    public async Task<int> RunAsync(IServiceProvider services, string[] args, TextReader input, TextWriter output)
    {
        if (args.Length > 0)
        {
            await output.WriteLineAsync("Usage: init");
            return 2;
        }

        DatabaseInitialized made;
        try
        {
            made = await services.InitializeDatabaseAsync();
        }
        catch (Exception error) when (SqliteBackup.IsExpectedProblem(error))
        {
            await output.WriteLineAsync($"The database was not initialised: {error.Message}");
            return 1;
        }

        await output.WriteLineAsync(made.Created ? $"Created the database {made.Database}." : $"The database {made.Database} exists.");
        await output.WriteLineAsync(made.AppliedMigrations.Count > 0
            ? $"Applied {made.AppliedMigrations.Count} of this version's {made.KnownMigrations} migrations: {string.Join(", ", made.AppliedMigrations)}."
            : $"It has all {made.KnownMigrations} migrations of this version; there were none to apply.");
        if (made.IsSqlite)
        {
            await output.WriteLineAsync("Write-ahead logging is on.");
        }

        if (made.Seeded.Roles.Count > 0)
        {
            await output.WriteLineAsync($"Created the roles {string.Join(", ", made.Seeded.Roles)}.");
        }

        foreach (var policy in made.Seeded.Policies)
        {
            await output.WriteLineAsync($"Imported the shipped policy {policy}.");
        }

        if (made.Seeded.Roles.Count == 0 && made.Seeded.Policies.Count == 0)
        {
            await output.WriteLineAsync("The roles and shipped policies were there already.");
        }

        if (made.Created)
        {
            await output.WriteLineAsync("Next, create the first Principal with create-principal, and the first governors with create-governor (docs/deployment.md).");
        }

        return 0;
    }
}
