namespace PolicyPortal.Web.Domain;

public enum ReminderKind
{
    /// <summary>Sent by the Principal from the compliance page.</summary>
    Manual,

    /// <summary>Sent by the portal on the schedule in <c>Reminders:*</c>.</summary>
    Automatic,
}

/// <summary>
/// One reminder to one person to sign one revision, on one school day. The database allows one row per person, revision
/// and day, so that however many app instances run, nobody is reminded twice in a day. Written once, never changed.
/// </summary>
public class Reminder
{
    private Reminder()
    {
        UserId = string.Empty;
    }

    public Reminder(int revisionId, string userId, DateOnly schoolDay, ReminderKind kind, Person? sentBy, DateTime sentAtUtc)
    {
        RevisionId = revisionId;
        UserId = userId;
        SchoolDay = schoolDay;
        Kind = kind;
        SentByUserId = sentBy?.UserId;
        SentByName = sentBy?.FullName;
        SentAtUtc = sentAtUtc;
    }

    public long Id { get; private set; }

    public int RevisionId { get; private set; }

    public string UserId { get; private set; }

    /// <summary>The day in the school's time zone, the unit of "never twice a day".</summary>
    public DateOnly SchoolDay { get; private set; }

    public ReminderKind Kind { get; private set; }

    public string? SentByUserId { get; private set; }

    public string? SentByName { get; private set; }

    public DateTime SentAtUtc { get; private set; }
}
