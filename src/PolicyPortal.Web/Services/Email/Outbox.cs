using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using PolicyPortal.Web.Data;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Infrastructure;

namespace PolicyPortal.Web.Services.Email;

/// <summary>Puts emails in the outbox, in the caller's unit of work: they are saved with the action they tell of.</summary>
public sealed class Outbox(PortalDbContext db, TimeProvider clock, IOptions<AppOptions> app, LinkGenerator links, OutboxDispatcher dispatcher)
{
    /// <summary>
    /// An absolute address for one of the portal's pages, for links in emails: <c>App:BaseUrl</c>, then the action's path
    /// as routing makes it (values its route does not take go in the query string), then the <paramref name="fragment"/>
    /// to open the page at, e.g. <c>sign</c>.
    /// </summary>
    public string LinkTo(string action, string controller, object? values = null, string? fragment = null)
    {
        var path = links.GetPathByAction(action, controller, values, fragment: fragment is null ? default : new FragmentString($"#{fragment}"))
            ?? throw new InvalidOperationException($"No route leads to {controller}.{action} with these values.");
        return $"{app.Value.BaseUrl.TrimEnd('/')}{path}";
    }

    /// <summary>An email that goes in school hours (<see cref="SchoolHours"/>): if written in the evening, it waits for the morning.</summary>
    public void Add(string toAddress, string toName, string subject, string body) =>
        db.OutboxMessages.Add(new OutboxMessage(toAddress, toName, subject, body, clock.GetUtcNow().UtcDateTime));

    /// <summary>
    /// An email someone is waiting for at this moment, so it goes at once whatever the hour: one a person has just asked
    /// for themselves (a password reset link, the notice that their password changed), or an invitation the Principal has
    /// just sent to one person. Everything the portal sends of its own accord, or to people who did not ask, goes through
    /// <see cref="Add"/> and waits for school hours.
    /// </summary>
    public void AddAskedForNow(string toAddress, string toName, string subject, string body)
    {
        var message = new OutboxMessage(toAddress, toName, subject, body, clock.GetUtcNow().UtcDateTime);
        db.OutboxMessages.Add(message);
        dispatcher.SendWhateverTheHour(message);
    }

    /// <summary>Everyone active with an email address in a role, e.g. the Principal. Leavers hear nothing.</summary>
    public Task<IReadOnlyList<(string Email, string Name)>> PeopleInRoleAsync(string role, CancellationToken cancellationToken) =>
        PeopleInRoleAsync(role, exceptUserId: null, cancellationToken);

    /// <summary>As <see cref="PeopleInRoleAsync(string, CancellationToken)"/>, leaving out the person who has just acted and needs no telling.</summary>
    public async Task<IReadOnlyList<(string Email, string Name)>> PeopleInRoleAsync(string role, string? exceptUserId, CancellationToken cancellationToken) =>
        (await db.UserRoles
            .Join(db.Roles.Where(r => r.Name == role), ur => ur.RoleId, r => r.Id, (ur, _) => ur.UserId)
            .Join(db.Users, id => id, u => u.Id, (_, u) => new { u.Id, u.Email, u.FullName, u.DeactivatedAtUtc })
            .Where(u => u.Email != null && u.DeactivatedAtUtc == null && u.Id != exceptUserId)
            .ToListAsync(cancellationToken))
        .Select(u => (u.Email!, u.FullName))
        .ToList();

    public async Task<(string Email, string Name)?> PersonAsync(string userId, CancellationToken cancellationToken)
    {
        var person = await db.Users.Where(u => u.Id == userId && u.DeactivatedAtUtc == null).Select(u => new { u.Email, u.FullName }).SingleOrDefaultAsync(cancellationToken);
        return person?.Email is null ? null : (person.Email, person.FullName);
    }
}

/// <summary>
/// Sends what waits in the outbox, in school hours only (<see cref="SchoolHours"/>); outside them it sends only what
/// someone is waiting for (<see cref="Outbox.AddAskedForNow"/>). A failure is logged and the message tried again later; it
/// never fails the action that wrote it. One pass at a time per process.
/// </summary>
public sealed class OutboxDispatcher(IServiceScopeFactory scopes, IEmailTransport transport, SchoolHours schoolHours, IOptions<EmailOptions> options, TimeProvider clock, ILogger<OutboxDispatcher> logger)
{
    /// <summary>How long a pass holds the messages it claimed; longer than any pass of 50 sends should take.</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(5);

    private const int PerPass = 50;

    // After this, a message asked for now that could not be sent (or was never saved) waits for school hours like any other.
    private static readonly TimeSpan AskedForNowLasts = TimeSpan.FromDays(1);

    private readonly SemaphoreSlim _onePass = new(1, 1);

    // The messages this server wrote for someone waiting for them. The mark lives here, not in the database, so if the
    // server restarts before sending one, it waits for school hours. Kept as the entity, whose id is known once it is saved.
    private readonly ConcurrentDictionary<OutboxMessage, byte> _askedForNow = new(ReferenceEqualityComparer.Instance);

    /// <summary>Marks a message, not yet saved, to go at once whatever the hour (<see cref="Outbox.AddAskedForNow"/>).</summary>
    internal void SendWhateverTheHour(OutboxMessage message) => _askedForNow.TryAdd(message, 0);

    /// <returns>How many messages were sent.</returns>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken = default)
    {
        await _onePass.WaitAsync(cancellationToken);
        try
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var inSchoolHours = schoolHours.AreOpen(now);
            var askedForNow = AskedForNow(now);
            if (!inSchoolHours && askedForNow.Count == 0)
            {
                return 0;
            }

            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();

            // What someone is waiting for goes first, so a password reset never queues behind a thousand reminders.
            var ids = askedForNow.Count == 0 ? [] : await AskedForNowDueAsync(db, now, askedForNow, cancellationToken);
            if (inSchoolHours && ids.Count < PerPass)
            {
                ids.AddRange(await Due(db, now)
                    .Where(m => !ids.Contains(m.Id))
                    .OrderBy(m => m.Id)
                    .Select(m => m.Id)
                    .Take(PerPass - ids.Count)
                    .ToListAsync(cancellationToken));
            }

            // Claim before sending: one UPDATE that takes only rows nobody holds, so two servers never send one email.
            // The database settles a race (the second UPDATE finds the claim and takes nothing).
            var claim = Guid.NewGuid().ToString("N");
            await db.OutboxMessages
                .Where(m => ids.Contains(m.Id) && m.SentAtUtc == null && (m.ClaimedUntilUtc == null || m.ClaimedUntilUtc < now))
                .ExecuteUpdateAsync(set => set.SetProperty(m => m.ClaimedBy, claim).SetProperty(m => m.ClaimedUntilUtc, now + ClaimLease), cancellationToken);
            var due = await db.OutboxMessages
                .Where(m => m.ClaimedBy == claim && m.SentAtUtc == null)
                .OrderBy(m => m.Id)
                .ToListAsync(cancellationToken);
            var sent = 0;
            foreach (var message in due)
            {
                try
                {
                    await transport.SendAsync(ToMime(message), cancellationToken);
                    message.MarkSent(clock.GetUtcNow().UtcDateTime);
                    sent++;
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    message.MarkFailed(error.Message, clock.GetUtcNow().UtcDateTime);
                    logger.LogWarning(error, "Email {MessageId} failed (attempt {Attempts}); trying again at {NextAttempt}", message.Id, message.Attempts, message.NextAttemptAtUtc);
                }

                await db.SaveChangesAsync(cancellationToken);
                if (message.SentAtUtc is not null)
                {
                    Forget(message);
                }
            }

            return sent;
        }
        finally
        {
            _onePass.Release();
        }
    }

    // Known by its id and the moment it was written, so an id used again (after a rolled-back save) is not taken for it.
    private static async Task<List<long>> AskedForNowDueAsync(PortalDbContext db, DateTime now, List<OutboxMessage> askedForNow, CancellationToken cancellationToken)
    {
        var markedIds = askedForNow.Select(m => m.Id).ToList();
        return (await Due(db, now)
                .Where(m => markedIds.Contains(m.Id))
                .Select(m => new { m.Id, m.CreatedAtUtc })
                .ToListAsync(cancellationToken))
            .Where(m => askedForNow.Any(a => a.Id == m.Id && a.CreatedAtUtc == m.CreatedAtUtc))
            .Select(m => m.Id)
            .Order()
            .Take(PerPass)
            .ToList();
    }

    private static IQueryable<OutboxMessage> Due(PortalDbContext db, DateTime now) =>
        db.OutboxMessages.Where(m => m.SentAtUtc == null && m.NextAttemptAtUtc <= now && (m.ClaimedUntilUtc == null || m.ClaimedUntilUtc < now));

    // The saved messages still marked as asked for now; marks older than a day are dropped.
    private List<OutboxMessage> AskedForNow(DateTime now)
    {
        foreach (var stale in _askedForNow.Keys.Where(m => m.CreatedAtUtc < now - AskedForNowLasts))
        {
            _askedForNow.TryRemove(stale, out _);
        }

        return [.. _askedForNow.Keys.Where(m => m.Id > 0)];
    }

    private void Forget(OutboxMessage sent)
    {
        foreach (var marked in _askedForNow.Keys.Where(m => m.Id == sent.Id && m.CreatedAtUtc == sent.CreatedAtUtc))
        {
            _askedForNow.TryRemove(marked, out _);
        }
    }

    private MimeMessage ToMime(OutboxMessage message)
    {
        var settings = options.Value;
        var mime = new MimeMessage();
        mime.From.Add(new MailboxAddress(settings.FromName, settings.From));
        mime.To.Add(new MailboxAddress(message.ToName, message.ToAddress));
        mime.Subject = message.Subject;
        mime.MessageId = $"outbox-{message.Id}@policyportal";

        // When it went, by the portal's clock: the moment the school-hours rule was checked against.
        mime.Date = clock.GetUtcNow();
        mime.Body = new TextPart("plain") { Text = message.Body };
        return mime;
    }
}

/// <summary>Runs the dispatcher every <see cref="EmailOptions.DispatchIntervalSeconds"/>.</summary>
public sealed class OutboxSender(OutboxDispatcher dispatcher, IOptions<EmailOptions> options, TimeProvider clock, ILogger<OutboxSender> logger)
    : PeriodicJob(clock, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromSeconds(options.Value.DispatchIntervalSeconds);

    protected override bool RunsAtStartup => false;

    protected override string Activity => "Sending waiting emails";

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => dispatcher.DispatchDueAsync(cancellationToken);
}
