using System.Globalization;
using PolicyPortal.Web.Infrastructure;
using Serilog;

// Until the host's own logger exists, startup failures go to the console.
Log.Logger = new LoggerConfiguration().WriteTo.Console(formatProvider: CultureInfo.InvariantCulture).CreateLogger();

try
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddPortalLogging();
    builder.AddPortalDatabase(); // first, so the database is ready before any background job starts
    builder.AddPortalServices();
    builder.AddPortalIdentity();
    builder.AddPortalMvc();

    var app = builder.Build();
    app.UsePortalErrorPages();
    app.UsePortalSecurityHeaders();
    app.UseStaticFiles();
    app.UsePortalRequestLogging();
    app.UsePortalHttpsOnly();
    app.UsePortalDatabaseUnavailableResponse();
    app.UsePortalLocalization();
    app.UseRouting();
    app.UsePortalIdentity();
    app.MapControllers();
    app.MapPortalHealthChecks();

    if (AdminCommands.IsCommand(args))
    {
        return await AdminCommands.RunAsync(app.Services, args, Console.In, Console.Out);
    }

    await app.RunAsync();
    return 0;
}
catch (StartupRefusedException)
{
    // Its reason is logged already, as one line, where it was refused.
    return 1;
}
catch (Exception ex) when (ex is not HostAbortedException)
{
    Log.Fatal(ex, "PolicyPortal failed to start");
    return 1;
}
finally
{
    await Log.CloseAndFlushAsync();
}

/// <summary>The entry point, visible to the test host.</summary>
public partial class Program;
