using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PolicyPortal.Web.Data;

namespace PolicyPortal.Web.Services.Email;

/// <summary>
/// Degraded while an email that should have gone an hour ago still waits: the mail server or Graph refuses, or nothing
/// sends. Emails that wait for school hours count only once the school day is an hour old.
/// </summary>
public sealed class OutboxHealthCheck(PortalDbContext db, SchoolHours schoolHours, TimeProvider clock) : IHealthCheck
{
    public static readonly TimeSpan Overdue = TimeSpan.FromHours(1);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var before = now - Overdue;
        var schoolDayUnderway = schoolHours.AreOpen(now) && schoolHours.AreOpen(before);
        var overdue = await db.OutboxMessages
            .Where(m => m.SentAtUtc == null && m.CreatedAtUtc < before && (m.AtAnyHour || schoolDayUnderway))
            .CountAsync(cancellationToken);
        return overdue == 0
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Degraded($"{overdue} emails have waited more than an hour to go; the log says why.");
    }
}
