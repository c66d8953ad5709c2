using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PolicyPortal.Web.Controllers;
using PolicyPortal.Web.Data;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Services.Email;

namespace PolicyPortal.Web.Services;

/// <summary>When the portal reminds people who have not signed (<c>Reminders:*</c>).</summary>
public sealed class ReminderOptions
{
    /// <summary>Days after a revision comes into force (or after the person joins) before the first reminder.</summary>
    public int FirstAfterDays { get; set; } = 7;

    /// <summary>Days between reminders until the person signs.</summary>
    public int RepeatEveryDays { get; set; } = 7;

    /// <summary>How often the background service looks for people to remind; 0 turns automatic reminders off.</summary>
    public int CheckIntervalMinutes { get; set; } = 60;
}

/// <summary>What one round of reminders did.</summary>
/// <param name="Reminded">People reminded now.</param>
/// <param name="AlreadyToday">People left alone because they were reminded of this revision earlier today.</param>
public sealed record ReminderRound(int Reminded, int AlreadyToday);

/// <summary>One day's reminders of one revision, for the evidence pack.</summary>
public sealed record ReminderDay(DateOnly Day, ReminderKind Kind, string? SentBy, int People);

/// <summary>
/// Reminds people who have not signed the revision in force, by email, and records each reminder per person. Someone
/// who has never set a password is sent a new invitation naming the policies instead, since they cannot sign in. The
/// database holds at most one reminder per person, revision and school day, so whichever instance saves first wins and
/// nobody hears twice in a day, however many instances run and however often they restart.
/// </summary>
public sealed class Reminders(PortalDbContext db, Outbox outbox, Invitations invitations, SchoolTime schoolTime, TimeProvider clock, IOptions<ReminderOptions> options, ILogger<Reminders> logger)
{
    private const int PeoplePerSave = 200;

    /// <summary>The Principal's one action: remind everyone outstanding for a policy who has not been reminded today.</summary>
    public async Task<ReminderRound?> RemindOutstandingAsync(string slug, Person sentBy, CancellationToken cancellationToken = default)
    {
        if (!PolicySlug.IsValid(slug))
        {
            return null;
        }

        var revision = (await InForceAsync(slug, cancellationToken)).SingleOrDefault();
        if (revision is null)
        {
            return null;
        }

        var today = schoolTime.Today();
        var outstanding = await OutstandingAsync(revision, await RoleIds.ReadAsync(db, cancellationToken), cancellationToken);
        var due = outstanding.Where(p => p.LastReminded != today).Select(p => new Due(p, [revision])).ToList();
        var reminded = await SaveAsync(due, ReminderKind.Manual, sentBy, today, cancellationToken);
        return new ReminderRound(reminded, outstanding.Count - reminded);
    }

    /// <summary>
    /// The automatic round: each outstanding person is reminded <see cref="ReminderOptions.FirstAfterDays"/> after the
    /// revision came into force (or they joined), then every <see cref="ReminderOptions.RepeatEveryDays"/> until they
    /// sign. One email per person lists everything they are due a reminder for.
    /// </summary>
    public async Task<ReminderRound> RunAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var today = schoolTime.Today();
        var byPerson = new Dictionary<string, Due>(StringComparer.Ordinal);
        var alreadyToday = 0;
        var roles = await RoleIds.ReadAsync(db, cancellationToken);
        foreach (var revision in await InForceAsync(null, cancellationToken))
        {
            foreach (var person in await OutstandingAsync(revision, roles, cancellationToken))
            {
                var firstDue = schoolTime.DueToSignFrom(revision.InForceFrom, person.AddedAtUtc).AddDays(settings.FirstAfterDays);
                if (person.LastReminded == today)
                {
                    alreadyToday++;
                }
                else if (today >= firstDue && (person.LastReminded is not { } last || today.DayNumber - last.DayNumber >= settings.RepeatEveryDays))
                {
                    if (!byPerson.TryGetValue(person.UserId, out var due))
                    {
                        byPerson[person.UserId] = due = new Due(person, []);
                    }

                    due.Revisions.Add(revision);
                }
            }
        }

        var reminded = await SaveAsync([.. byPerson.Values], ReminderKind.Automatic, null, today, cancellationToken);
        return new ReminderRound(reminded, alreadyToday + byPerson.Count - reminded);
    }

    public async Task<IReadOnlyList<ReminderDay>> HistoryAsync(int revisionId, CancellationToken cancellationToken = default) =>
        (await db.Reminders
            .Where(r => r.RevisionId == revisionId)
            .GroupBy(r => new { r.SchoolDay, r.Kind, r.SentByName })
            .Select(g => new { g.Key.SchoolDay, g.Key.Kind, g.Key.SentByName, People = g.Count() })
            .ToListAsync(cancellationToken))
        .OrderBy(d => d.SchoolDay).ThenBy(d => d.Kind)
        .Select(d => new ReminderDay(d.SchoolDay, d.Kind, d.SentByName, d.People))
        .ToList();

    private sealed record RevisionInForce(int Id, int PolicyId, string Slug, string Title, string Version, PolicyAudience Audience, int ValidFrom, DateOnly InForceFrom);

    private sealed record Outstanding(string UserId, string Email, string FullName, DateTime? AddedAtUtc, bool HasSignedIn, DateOnly? LastReminded);

    private sealed record Due(Outstanding Person, List<RevisionInForce> Revisions);

    private async Task<List<RevisionInForce>> InForceAsync(string? slug, CancellationToken cancellationToken) =>
        (await db.PolicyRevisions
            .Where(r => r.Status == RevisionStatus.Adopted && r.Policy.RetiredAtUtc == null && (slug == null || r.Policy.Slug == slug))
            .OrderBy(r => r.Policy.Title)
            .Select(r => new { r.Id, r.PolicyId, r.Policy.Slug, r.Policy.Title, r.Version, r.Policy.Audience, ValidFrom = r.SignaturesValidFromSequence ?? r.Sequence, r.EffectiveFrom, Since = r.AdoptedAtUtc ?? r.CreatedAtUtc })
            .ToListAsync(cancellationToken))
        .Select(r => new RevisionInForce(r.Id, r.PolicyId, r.Slug, r.Title, r.Version, r.Audience, r.ValidFrom, schoolTime.InForceFrom(r.EffectiveFrom, r.Since)))
        .ToList();

    // Everyone still to sign the revision, with their last reminder of it.
    private async Task<List<Outstanding>> OutstandingAsync(RevisionInForce revision, RoleIds roles, CancellationToken cancellationToken) =>
        await StillToSign.People(db, roles, revision.PolicyId, revision.Audience, revision.ValidFrom)
            .Select(u => new Outstanding(
                u.Id,
                u.Email!,
                u.FullName,
                u.AddedAtUtc,
                u.PasswordHash != null || u.SchoolAccountLinkedAtUtc != null,
                db.Reminders.Where(r => r.UserId == u.Id && r.RevisionId == revision.Id).Max(r => (DateOnly?)r.SchoolDay)))
            .ToListAsync(cancellationToken);

    // Saves reminders and their emails a batch at a time. If another instance saved some of the same reminders meanwhile,
    // the batch fails on the unique index and is saved again one person at a time, leaving out whoever was reminded.
    private async Task<int> SaveAsync(IReadOnlyList<Due> due, ReminderKind kind, Person? sentBy, DateOnly today, CancellationToken cancellationToken)
    {
        var reminded = 0;
        foreach (var batch in due.Chunk(PeoplePerSave))
        {
            if (await TrySaveAsync(batch, kind, sentBy, today, cancellationToken))
            {
                reminded += batch.Length;
                continue;
            }

            foreach (var one in batch)
            {
                if (await TrySaveAsync([one], kind, sentBy, today, cancellationToken))
                {
                    reminded++;
                }
                else
                {
                    logger.LogInformation("{UserId} was reminded by another instance meanwhile; skipped", one.Person.UserId);
                }
            }
        }

        return reminded;
    }

    private async Task<bool> TrySaveAsync(IReadOnlyList<Due> batch, ReminderKind kind, Person? sentBy, DateOnly today, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var now = clock.GetUtcNow().UtcDateTime;
        var invited = batch.Where(d => !d.Person.HasSignedIn).Select(d => d.Person.UserId).ToList();
        var accounts = invited.Count == 0 ? [] : await db.Users.Where(u => invited.Contains(u.Id)).ToDictionaryAsync(u => u.Id, StringComparer.Ordinal, cancellationToken);
        foreach (var (person, revisions) in batch)
        {
            foreach (var revision in revisions)
            {
                db.Reminders.Add(new Reminder(revision.Id, person.UserId, today, kind, sentBy, now));
            }

            if (accounts.TryGetValue(person.UserId, out var account))
            {
                await invitations.AddRenewalToOutboxAsync(account, [.. revisions.Select(r => (r.Slug, r.Title, r.Version))], sentBy ?? Person.Portal);
                continue;
            }

            var (subject, body) = Email(person, revisions);
            outbox.Add(person.Email, person.FullName, subject, body);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException error) when (UniqueViolation.Is(error))
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    private (string Subject, string Body) Email(Outstanding person, List<RevisionInForce> revisions)
    {
        var list = string.Join("\n", revisions.Select(r => $"- {r.Title} (version {r.Version}): {outbox.LinkTo(nameof(PoliciesController.Show), "Policies", new { slug = r.Slug })}"));
        var subject = revisions.Count == 1
            ? $"Please read and sign: {revisions[0].Title}"
            : $"Please read and sign {revisions.Count} policies";
        return (subject, $"Dear {person.FullName},\n\nThe school asks you to read and sign the following, which you have not yet signed:\n\n{list}\n\nEach link opens the policy; sign at the end of the page.\n");
    }
}

/// <summary>Runs the automatic <see cref="Reminders"/> round every <c>Reminders:CheckIntervalMinutes</c> (0 turns it off).</summary>
public sealed class ReminderRunner(IServiceScopeFactory scopes, IOptions<ReminderOptions> options, TimeProvider clock, ILogger<ReminderRunner> logger, IHostApplicationLifetime lifetime)
    : PeriodicJob(clock, lifetime, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromMinutes(options.Value.CheckIntervalMinutes);

    protected override string Activity => "Automatic reminders";

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var round = await scope.ServiceProvider.GetRequiredService<Reminders>().RunAsync(cancellationToken);
        if (round.Reminded > 0)
        {
            logger.LogInformation("Reminded {Reminded} people to sign", round.Reminded);
        }
    }
}
