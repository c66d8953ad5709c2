using PolicyPortal.Web.Data.Seeding;

namespace PolicyPortal.Web.Infrastructure;

/// <summary>Prepares the database before the server takes requests; in Development it also seeds the demo accounts.</summary>
internal sealed class DatabaseStartup(IServiceProvider services, IHostEnvironment environment) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await services.PrepareDatabaseAsync(cancellationToken);
        if (environment.IsDevelopment())
        {
            await DemoAccounts.SeedAsync(services);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
