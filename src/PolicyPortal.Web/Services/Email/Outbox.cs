using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using PolicyPortal.Web.Data;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Infrastructure;

namespace PolicyPortal.Web.Services.Email;

/// <summary>Puts emails in the outbox, in the caller's unit of work: they are saved with the action they tell of.</summary>
public sealed class Outbox(PortalDbContext db, TimeProvider clock, IOptions<AppOptions> app, LinkGenerator links)
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
    public void AddAskedForNow(string toAddress, string toName, string subject, string body) =>
        db.OutboxMessages.Add(new OutboxMessage(toAddress, toName, subject, body, clock.GetUtcNow().UtcDateTime, atAnyHour: true));

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

    private readonly SemaphoreSlim _onePass = new(1, 1);

    /// <returns>How many messages were sent.</returns>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken = default)
    {
        await _onePass.WaitAsync(cancellationToken);
        try
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var inSchoolHours = schoolHours.AreOpen(now);
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();

            // What someone is waiting for goes first, so a password reset never queues behind a thousand reminders, and
            // outside school hours it is all that goes.
            var ids = await db.OutboxMessages
                .Where(m => m.SentAtUtc == null && m.NextAttemptAtUtc <= now && (m.ClaimedUntilUtc == null || m.ClaimedUntilUtc < now))
                .Where(m => inSchoolHours || m.AtAnyHour)
                .OrderByDescending(m => m.AtAnyHour).ThenBy(m => m.Id)
                .Select(m => m.Id)
                .Take(PerPass)
                .ToListAsync(cancellationToken);

            // Claim before sending: one UPDATE that takes only rows nobody holds, so two servers never send one email.
            // The database settles a race (the second UPDATE finds the claim and takes nothing).
            var claim = Guid.NewGuid().ToString("N");
            await db.OutboxMessages
                .Where(m => ids.Contains(m.Id) && m.SentAtUtc == null && (m.ClaimedUntilUtc == null || m.ClaimedUntilUtc < now))
                .ExecuteUpdateAsync(set => set.SetProperty(m => m.ClaimedBy, claim).SetProperty(m => m.ClaimedUntilUtc, now + ClaimLease), cancellationToken);
            var due = await db.OutboxMessages
                .Where(m => m.ClaimedBy == claim && m.SentAtUtc == null)
                .OrderByDescending(m => m.AtAnyHour).ThenBy(m => m.Id)
                .ToListAsync(cancellationToken);
            var sent = 0;
            try
            {
                foreach (var message in due)
                {
                    var outcome = await SendOneAsync(message, cancellationToken);
                    sent += outcome == Outcome.Sent ? 1 : 0;
                    if (outcome == Outcome.TimedOut)
                    {
                        // A server that hangs on one message would hang on the rest and outlast the claim: they go next pass.
                        foreach (var waiting in due.Where(m => m.SentAtUtc == null && m.ClaimedUntilUtc != null))
                        {
                            waiting.ReleaseClaim();
                        }

                        await db.SaveChangesAsync(cancellationToken);
                        break;
                    }

                    await db.SaveChangesAsync(cancellationToken);
                }
            }
            finally
            {
                await transport.EndPassAsync(CancellationToken.None);
            }

            await PurgeSentAsync(db, now, cancellationToken);
            return sent;
        }
        finally
        {
            _onePass.Release();
        }
    }

    private async Task<Outcome> SendOneAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var timeout = options.Value.SendTimeout;
        using var timer = new CancellationTokenSource(timeout, clock);
        using var sending = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            await transport.SendAsync(ToMime(message), sending.Token);
            message.MarkSent(clock.GetUtcNow().UtcDateTime);
            return Outcome.Sent;
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            if (timer.IsCancellationRequested)
            {
                message.MarkFailed($"No answer within {timeout.TotalSeconds:0.#} seconds.", now);
                logger.LogWarning("Email {MessageId} timed out after {Timeout} (attempt {Attempts}); trying again at {NextAttempt}, and the rest of this pass next time", message.Id, timeout, message.Attempts, message.NextAttemptAtUtc);
                return Outcome.TimedOut;
            }

            message.MarkFailed(error.Message, now);
            logger.LogWarning(error, "Email {MessageId} failed (attempt {Attempts}); trying again at {NextAttempt}", message.Id, message.Attempts, message.NextAttemptAtUtc);
            return Outcome.Failed;
        }
    }

    // Sent emails are kept a while for questions ("did the reminder go?"), then deleted.
    private async Task PurgeSentAsync(PortalDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        var before = now.AddDays(-options.Value.KeepSentDays);
        var old = db.OutboxMessages.Where(m => m.SentAtUtc != null && m.SentAtUtc < before);

        // Looking first is a read: most passes find nothing, and so take no write lock.
        if (await old.AnyAsync(cancellationToken))
        {
            var purged = await old.ExecuteDeleteAsync(cancellationToken);
            logger.LogInformation("Deleted {Count} emails sent before {Before}", purged, before);
        }
    }

    private enum Outcome
    {
        Sent,
        Failed,
        TimedOut,
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
public sealed class OutboxSender(OutboxDispatcher dispatcher, IOptions<EmailOptions> options, TimeProvider clock, ILogger<OutboxSender> logger, IHostApplicationLifetime lifetime)
    : PeriodicJob(clock, lifetime, logger)
{
    protected override TimeSpan Interval => TimeSpan.FromSeconds(options.Value.DispatchIntervalSeconds);

    protected override bool RunsAtStartup => false;

    protected override string Activity => "Sending waiting emails";

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => dispatcher.DispatchDueAsync(cancellationToken);
}
