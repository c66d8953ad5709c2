using Microsoft.Extensions.Options;
using PolicyPortal.Web.Data.Seeding;
using PolicyPortal.Web.Services;

namespace PolicyPortal.Web.Infrastructure;

/// <summary>The portal's own services: use cases, email and the jobs that run in the background.</summary>
public static class PortalServices
{
    public static WebApplicationBuilder AddPortalServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<AppOptions>()
            .Bind(builder.Configuration.GetSection(AppOptions.Section))
            .PostConfigure(o => o.DataDirectory = Path.GetFullPath(o.DataDirectory, builder.Environment.ContentRootPath))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<SchoolTime>();
        services.AddSingleton<PolicyText>();
        services.AddSingleton<RevisionComparisons>();
        services.AddMemoryCache();

        services.AddScoped<PortalSeeder>();
        services.AddScoped<PolicyCatalogue>();
        services.AddScoped<OutstandingBanner>();
        services.AddScoped<ToDoList>();
        services.AddScoped<PolicySigning>();
        services.AddScoped<PolicyLifecycle>();
        services.AddScoped<PolicyImport>();
        services.AddScoped<PresenceRequests>();
        services.AddScoped<Concerns>();
        services.AddScoped<PersonalData>();
        services.AddScoped<Compliance>();
        services.AddScoped<People>();
        services.AddScoped<AccountChangeNotices>();
        services.AddScoped<ChangesToConfirm>();
        services.AddScoped<Groups>();
        services.AddScoped<PersonRecords>();
        services.AddScoped<RecordChain>();
        services.AddScoped<Invitations>();
        services.AddScoped<Passwords>();
        services.AddScoped<SchoolAccounts>();
        services.AddScoped<PeopleImport>();

        builder.AddPortalEmail();

        services.AddOptions<PresenceOptions>()
            .Bind(builder.Configuration.GetSection(PresenceOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddScoped<PresenceRenewals>();
        services.AddHostedService<PresenceRenewalRunner>();
        services.AddOptions<ReminderOptions>()
            .Bind(builder.Configuration.GetSection("Reminders"))
            .Validate(o => o.FirstAfterDays >= 0 && o.RepeatEveryDays >= 1 && o.CheckIntervalMinutes >= 0, "Reminders:FirstAfterDays must be 0 or more, RepeatEveryDays 1 or more, CheckIntervalMinutes 0 or more.")
            .ValidateOnStart();
        services.AddScoped<Reminders>();
        services.AddHostedService<ReminderRunner>();
        services.AddOptions<ReviewNoticeOptions>()
            .Bind(builder.Configuration.GetSection(ReviewNoticeOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddScoped<ReviewNotices>();
        services.AddHostedService<ReviewNoticeRunner>();
        services.AddOptions<RecordOptions>()
            .Bind(builder.Configuration.GetSection(RecordOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddScoped<ChainHeadNotices>();
        services.AddHostedService<ChainHeadNoticeRunner>();
        services.AddOptions<BackupOptions>()
            .Bind(builder.Configuration.GetSection(BackupOptions.Section))
            .PostConfigure<IOptions<AppOptions>>((o, app) => o.Directory = string.IsNullOrWhiteSpace(o.Directory) ? null : Path.GetFullPath(o.Directory, app.Value.DataDirectory))
            .ValidateDataAnnotations()
            .Validate<IOptions<DatabaseOptions>>(
                (o, database) => o.Directory is null || database.Value.Provider == DatabaseProvider.Sqlite,
                "Backup:Directory is for SQLite only; on SQL Server, back up with SQL Server's own backups (docs/deployment.md).")
            .ValidateOnStart();
        services.AddScoped<ScheduledBackups>();
        services.AddHostedService<ScheduledBackupRunner>();
        return builder;
    }
}
