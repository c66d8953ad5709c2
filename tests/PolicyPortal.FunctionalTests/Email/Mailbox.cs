using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using PolicyPortal.Testing;
using PolicyPortal.Web.Services.Email;

namespace PolicyPortal.FunctionalTests.Email;

/// <summary>The emails a test host has sent, as the pickup folder holds them, and the school hours they must arrive in.</summary>
internal static class Mailbox
{
    private static readonly TimeZoneInfo School = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    /// <summary>Runs one pass of the dispatcher, as the background sender does every few seconds.</summary>
    /// <returns>How many emails it sent.</returns>
    public static Task<int> DispatchAsync(PortalApplication app) =>
        app.Services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync();

    /// <summary>Every email in the pickup folder, oldest first.</summary>
    public static IReadOnlyList<MimeMessage> Read(PortalApplication app) =>
        Directory.Exists(app.MailPickupDirectory)
            ? [.. Directory.GetFiles(app.MailPickupDirectory, "*.eml").Select(f => MimeMessage.Load(f)).OrderBy(m => m.Date).ThenBy(m => m.MessageId, StringComparer.Ordinal)]
            : [];

    /// <summary>The emails to one address.</summary>
    public static IReadOnlyList<MimeMessage> To(PortalApplication app, string address) =>
        [.. Read(app).Where(m => m.To.Mailboxes.Single().Address == address)];

    /// <summary>The school's local time the email went, from its Date header.</summary>
    public static DateTime SentAt(MimeMessage message) => TimeZoneInfo.ConvertTime(message.Date, School).DateTime;

    /// <summary>Checks the email went on a weekday between 07:30 and 18:00 at the school, the default school hours.</summary>
    public static void AssertSentInSchoolHours(MimeMessage message)
    {
        var sent = SentAt(message);
        Assert.True(
            sent.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && sent.TimeOfDay >= new TimeSpan(7, 30, 0) && sent.TimeOfDay < new TimeSpan(18, 0, 0),
            $"'{message.Subject}' went on {sent:dddd d MMMM yyyy 'at' HH:mm}, outside school hours.");
    }

    /// <summary>Moves the test clock on to <paramref name="utc"/>.</summary>
    public static void MoveClockTo(PortalApplication app, DateTimeOffset utc) => app.Clock.Advance(utc - app.Clock.GetUtcNow());
}
