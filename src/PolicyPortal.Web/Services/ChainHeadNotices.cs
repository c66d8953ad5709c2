using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PolicyPortal.Web.Authorization;
using PolicyPortal.Web.Controllers;
using PolicyPortal.Web.Data;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Services.Email;

namespace PolicyPortal.Web.Services;

/// <summary>The <c>Record</c> settings: how often the monthly email of the chain head is looked for.</summary>
public sealed class RecordOptions
{
    public const string Section = "Record";

    /// <summary>How often the month's chain head email is looked for; 0 turns it off (tests send it on demand).</summary>
    [Range(0, 24 * 60, ErrorMessage = "Record:CheckIntervalMinutes must be between 0 and 1440.")]
    public int CheckIntervalMinutes { get; set; } = 60;
}

/// <summary>
/// Emails every governor the record's chain head once a month, so that copies held outside the database show if the
/// whole chain were ever rewritten (docs/evidence.md). Each month's goes once, on however many servers: the month is
/// the key of the notice's row, and of two servers saving it at once the second fails and sends nothing.
/// </summary>
public sealed class ChainHeadNotices(PortalDbContext db, Outbox outbox, RecordChain chain, SchoolTime schoolTime, TimeProvider clock, ILogger<ChainHeadNotices> logger)
{
    /// <returns>Whether this month's notice was sent now.</returns>
    public async Task<bool> RunAsync(CancellationToken cancellationToken = default)
    {
        var month = schoolTime.Today().ToString("yyyy-MM", CultureInfo.InvariantCulture);
        if (await db.ChainHeadNotices.AnyAsync(n => n.Month == month, cancellationToken) || await chain.HeadAsync(cancellationToken) is not { } head)
        {
            return false;
        }

        var governors = await outbox.PeopleInRoleAsync(Roles.Governor, cancellationToken);
        var at = schoolTime.DateTimeText(head.AtUtc);
        var link = outbox.LinkTo(nameof(RecordController.Index), "Record", new { entry = head.Sequence, chainHash = head.ChainSha256 });
        foreach (var (email, name) in governors)
        {
            outbox.Add(email, name, "This month's check of the signature record",
                $"""
                Dear {name},

                The portal's record of signatures and audit events now ends with entry {head.Sequence}, written on {at}. Its chain hash is:

                {head.ChainSha256}

                Please keep this email. The chain hash depends on every entry up to this one, so if anyone later changed, removed or added a signature or an event in the database, the record would no longer show this chain hash for entry {head.Sequence}. To check it at any time, open this link, which compares it with the record:

                {link}

                PolicyPortal
                """);
        }

        db.ChainHeadNotices.Add(new ChainHeadNotice(month, head.Sequence, head.ChainSha256, clock.GetUtcNow().UtcDateTime));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException error) when (UniqueViolation.Is(error))
        {
            logger.LogInformation("The chain head notice for {Month} was sent by another server", month);
            return false;
        }

        logger.LogInformation("Emailed {Governors} governors the chain head for {Month}: entry {Sequence}, {ChainSha256}", governors.Count, month, head.Sequence, head.ChainSha256);
        return true;
    }
}

public sealed class ChainHeadNoticeRunner(IServiceScopeFactory scopes, IOptions<RecordOptions> options, TimeProvider clock, ILogger<ChainHeadNoticeRunner> logger, IHostApplicationLifetime lifetime)
    : PeriodicJob(clock, lifetime, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromMinutes(options.Value.CheckIntervalMinutes);

    protected override string Activity => "The monthly email of the record's chain head";

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ChainHeadNotices>().RunAsync(cancellationToken);
    }
}
