using PolicyPortal.Web.Data.Seeding;

namespace PolicyPortal.Web.Data;

/// <summary>Checks settings and prepares the database before the server takes requests; in Development it also seeds the demo accounts.</summary>
internal sealed class DatabaseStartup(IServiceProvider services, IHostEnvironment environment) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // A mistyped App:TimeZone stops startup here rather than breaking the first page that shows a time.
        _ = services.GetRequiredService<Services.SchoolTime>();

        await services.PrepareDatabaseAsync(cancellationToken);
        if (environment.IsDevelopment())
        {
            await DemoAccounts.SeedAsync(services);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
