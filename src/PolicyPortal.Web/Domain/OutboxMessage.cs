namespace PolicyPortal.Web.Domain;

/// <summary>
/// An email waiting to go, or gone. Written in the same save as the action it tells of, so the action and its email
/// succeed or fail together; sending happens later, and a failed send is tried again rather than lost.
/// </summary>
public class OutboxMessage
{
    public const int SubjectMaxLength = 300;

    private OutboxMessage()
    {
        ToAddress = ToName = Subject = Body = string.Empty;
    }

    /// <param name="atAnyHour">Whether it goes whatever the hour, because someone is waiting for it; otherwise in school hours.</param>
    public OutboxMessage(string toAddress, string toName, string subject, string body, DateTime createdAtUtc, bool atAnyHour = false)
    {
        ToAddress = toAddress;
        ToName = toName;
        Subject = subject.Length > SubjectMaxLength ? subject[..SubjectMaxLength] : subject;
        Body = body;
        CreatedAtUtc = createdAtUtc;
        NextAttemptAtUtc = createdAtUtc;
        AtAnyHour = atAnyHour;
    }

    public long Id { get; private set; }

    public string ToAddress { get; private set; }

    public string ToName { get; private set; }

    public string Subject { get; private set; }

    public string Body { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    public DateTime? SentAtUtc { get; private set; }

    public int Attempts { get; private set; }

    public DateTime NextAttemptAtUtc { get; private set; }

    public string? LastError { get; private set; }

    /// <summary>Someone is waiting for it (a password link, say), so it goes outside school hours too, and first.</summary>
    public bool AtAnyHour { get; private set; }

    /// <summary>Which dispatcher pass is sending it, so that two web servers never both send it.</summary>
    public string? ClaimedBy { get; private set; }

    /// <summary>Until when the claim holds. A pass that dies mid-send leaves a claim that runs out, and the message goes later.</summary>
    public DateTime? ClaimedUntilUtc { get; private set; }

    public const int ClaimMaxLength = 32;

    public void MarkSent(DateTime atUtc)
    {
        SentAtUtc = atUtc;
        Attempts++;
        LastError = null;
    }

    /// <summary>Gives the message back unsent and untried, for the next pass to take.</summary>
    public void ReleaseClaim() => ClaimedUntilUtc = null;

    /// <summary>Tries again later: after 1, 2, 4 ... minutes, at most an hour apart.</summary>
    public void MarkFailed(string error, DateTime atUtc)
    {
        Attempts++;
        LastError = error.Length > 1000 ? error[..1000] : error;
        NextAttemptAtUtc = atUtc.AddMinutes(Math.Min(60, Math.Pow(2, Attempts - 1)));
        ClaimedUntilUtc = null;
    }
}
