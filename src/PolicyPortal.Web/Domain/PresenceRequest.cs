namespace PolicyPortal.Web.Domain;

/// <summary>
/// A request for a work-related social media presence and, once approved, the presence on the register. Its states and
/// who may move between them are rules here: a decided request cannot be decided again, and nobody decides their own.
/// </summary>
public partial class PresenceRequest
{
    public const int HandleMaxLength = 200;
    public const int AddressMaxLength = 500;
    public const int TextMaxLength = 2000;
    public const int DefaultApprovalMonths = 12;

    private readonly List<PresenceEvent> _timeline = [];

    private PresenceRequest()
    {
        RequesterUserId = RequesterName = Handle = Address = Purpose = string.Empty;
    }

    public int Id { get; private set; }

    public string RequesterUserId { get; private set; }

    public string RequesterName { get; private set; }

    /// <summary>Whether the requester was the Principal when they asked: then a governor decides.</summary>
    public bool RequestedByPrincipal { get; private set; }

    public PresencePlatform Platform { get; private set; }

    public string? OtherPlatformName { get; private set; }

    public string Handle { get; private set; }

    public string Address { get; private set; }

    public PresenceKind Kind { get; private set; }

    public string Purpose { get; private set; }

    public PresenceAudience Audience { get; private set; }

    public bool KeptSeparateFromPersonal { get; private set; }

    public bool StudentsNotFollowedBack { get; private set; }

    public bool BlogModeratedAsAcademySite { get; private set; }

    public bool AccessSharedWithPrincipal { get; private set; }

    public PresenceStatus Status { get; private set; }

    /// <summary>Conditions the approver attached, or what they asked to change, or why they declined or revoked.</summary>
    public string? DecisionNote { get; private set; }

    public string? DecidedByName { get; private set; }

    public DateOnly? ApprovedUntil { get; private set; }

    public DateOnly? ReminderSentOn { get; private set; }

    public Guid ConcurrencyStamp { get; private set; } = Guid.NewGuid();

    public DateTime CreatedAtUtc { get; private set; }

    public IReadOnlyCollection<PresenceEvent> Timeline => _timeline;

    /// <summary>The step this instance just took, for whoever must be told of it; null on a request only read.</summary>
    public PresenceEvent? JustRecorded { get; private set; }

    public bool IsOnRegister(DateOnly today) => Status == PresenceStatus.Approved && ApprovedUntil >= today;

    public static PresenceRequest Submit(Person requester, bool requesterIsPrincipal, PresenceDetails details, DateTime atUtc)
    {
        var request = new PresenceRequest
        {
            RequesterUserId = requester.UserId,
            RequesterName = requester.FullName,
            RequestedByPrincipal = requesterIsPrincipal,
            Status = PresenceStatus.Submitted,
            CreatedAtUtc = atUtc,
        };
        request.Apply(details);
        request.Record(PresenceEventKind.Submitted, requester, $"Asked for approval of {request.PlatformName} {request.Handle}.", atUtc);
        return request;
    }

    /// <summary>The requester changes their request while it waits for a decision or after changes were asked for.</summary>
    public void Edit(Person requester, PresenceDetails details, DateTime atUtc)
    {
        RequireRequester(requester);
        RequireStatus("changed", PresenceStatus.Submitted, PresenceStatus.ChangesRequested);
        Apply(details);
        Record(PresenceEventKind.Edited, requester, "Changed the request.", atUtc);
    }

    public void Resubmit(Person requester, DateTime atUtc)
    {
        RequireRequester(requester);
        RequireStatus("resubmitted", PresenceStatus.ChangesRequested);
        Status = PresenceStatus.Submitted;
        DecisionNote = null;
        Record(PresenceEventKind.Resubmitted, requester, "Sent the request again.", atUtc);
    }

    public void Approve(Decider decider, string? conditions, DateOnly today, int approvalMonths, DateTime atUtc)
    {
        Decide(decider, "approved");
        Status = PresenceStatus.Approved;
        DecisionNote = Clean(conditions);
        ApprovedUntil = today.AddMonths(approvalMonths);
        ReminderSentOn = null;
        Record(PresenceEventKind.Approved, decider.Person, DecisionNote is null ? $"Approved until {ApprovedUntil:d MMMM yyyy}." : $"Approved until {ApprovedUntil:d MMMM yyyy}, on condition: {DecisionNote}", atUtc);
    }

    public void RequestChanges(Decider decider, string whatToChange, DateTime atUtc)
    {
        var note = Required(whatToChange, "Say what should change.");
        Decide(decider, "sent back for changes");
        Status = PresenceStatus.ChangesRequested;
        DecisionNote = note;
        Record(PresenceEventKind.ChangesRequested, decider.Person, $"Asked for changes: {note}", atUtc);
    }

    public void Decline(Decider decider, string reason, DateTime atUtc)
    {
        var note = Required(reason, "Give the reason for declining.");
        Decide(decider, "declined");
        Status = PresenceStatus.Declined;
        DecisionNote = note;
        Record(PresenceEventKind.Declined, decider.Person, $"Declined: {note}", atUtc);
    }

    public void Revoke(Decider decider, string reason, DateTime atUtc)
    {
        var note = Required(reason, "Give the reason for revoking the approval.");
        RequireDecider(decider);
        RequireStatus("revoked", PresenceStatus.Approved);
        Status = PresenceStatus.Revoked;
        DecisionNote = note;
        DecidedByName = decider.Person.FullName;
        Touch();
        Record(PresenceEventKind.Revoked, decider.Person, $"Revoked: {note}", atUtc);
    }

    public void Withdraw(Person requester, DateTime atUtc)
    {
        RequireRequester(requester);
        RequireStatus("withdrawn", PresenceStatus.Submitted, PresenceStatus.ChangesRequested);
        Status = PresenceStatus.Withdrawn;
        Record(PresenceEventKind.Withdrawn, requester, "Withdrew the request.", atUtc);
    }

    public void Retire(Person requester, DateTime atUtc)
    {
        RequireRequester(requester);
        RequireStatus("retired", PresenceStatus.Approved);
        Status = PresenceStatus.Retired;
        Record(PresenceEventKind.Retired, requester, "Retired the presence: it is no longer used.", atUtc);
    }

    /// <summary>Within a month of its end, an approval not yet reminded of is due a reminder.</summary>
    public bool NeedsReminder(DateOnly today) =>
        Status == PresenceStatus.Approved && ApprovedUntil <= today.AddMonths(1) && ReminderSentOn is null;

    public bool HasLapsed(DateOnly today) => Status == PresenceStatus.Approved && ApprovedUntil < today;

    public void RecordReminder(DateOnly today, DateTime atUtc)
    {
        if (!NeedsReminder(today))
        {
            throw new DomainRuleException("This approval is not due a reminder.");
        }

        ReminderSentOn = today;
        Record(PresenceEventKind.ReminderSent, Person.Portal, $"Asked {RequesterName} to re-confirm before the approval ends on {ApprovedUntil:d MMMM yyyy}.", atUtc);
    }

    /// <summary>The requester says the presence is still in use and still meets the conditions: the approval runs on.</summary>
    public void Reconfirm(Person requester, DateOnly today, int approvalMonths, DateTime atUtc)
    {
        RequireRequester(requester);
        RequireStatus("re-confirmed", PresenceStatus.Approved);
        if (ApprovedUntil > today.AddMonths(1))
        {
            throw new DomainRuleException($"The approval runs until {ApprovedUntil:d MMMM yyyy}. It can be re-confirmed in the month before then.");
        }

        ApprovedUntil = ApprovedUntil!.Value.AddMonths(approvalMonths);
        ReminderSentOn = null;
        Record(PresenceEventKind.Reconfirmed, requester, $"Re-confirmed: approved until {ApprovedUntil:d MMMM yyyy}.", atUtc);
    }

    public void Lapse(DateOnly today, DateTime atUtc)
    {
        if (!HasLapsed(today))
        {
            throw new DomainRuleException("This approval has not ended.");
        }

        Status = PresenceStatus.Lapsed;
        Record(PresenceEventKind.Lapsed, Person.Portal, $"The approval ended on {ApprovedUntil:d MMMM yyyy} without being re-confirmed, so it has lapsed.", atUtc);
    }

    private void Decide(Decider decider, string action)
    {
        RequireDecider(decider);
        RequireStatus(action, PresenceStatus.Submitted);
        DecidedByName = decider.Person.FullName;
    }

    private void RequireDecider(Decider decider)
    {
        if (decider.Person.UserId == RequesterUserId)
        {
            throw new DomainRuleException("Nobody decides their own request.");
        }

        if (RequestedByPrincipal ? !decider.IsGovernor : !decider.IsPrincipal)
        {
            throw new DomainRuleException(RequestedByPrincipal
                ? "The Principal's own request is decided by a governor."
                : "Requests are decided by the Principal.");
        }
    }

    private void RequireRequester(Person person)
    {
        if (person.UserId != RequesterUserId)
        {
            throw new DomainRuleException("Only the person who made the request can do that.");
        }
    }

    private void RequireStatus(string action, params PresenceStatus[] allowed)
    {
        if (!allowed.Contains(Status))
        {
            throw new DomainRuleException($"This request is {StatusText(Status)}, so it cannot be {action}.");
        }
    }

    private void Apply(PresenceDetails details)
    {
        var problems = Problems(details);
        if (problems.Count > 0)
        {
            throw new InvalidDetailsException(problems);
        }

        Platform = details.Platform;
        OtherPlatformName = details.Platform == PresencePlatform.Other ? details.OtherPlatformName!.Trim() : null;
        Handle = details.Handle.Trim();
        Address = details.Address.Trim();
        Kind = details.Kind;
        Purpose = details.Purpose.Trim();
        Audience = details.Audience;
        KeptSeparateFromPersonal = details.KeptSeparateFromPersonal;
        StudentsNotFollowedBack = details.StudentsNotFollowedBack;
        BlogModeratedAsAcademySite = details.BlogModeratedAsAcademySite;
        AccessSharedWithPrincipal = details.AccessSharedWithPrincipal;
        Touch();
    }

    private void Record(PresenceEventKind kind, Person actor, string detail, DateTime atUtc)
    {
        Touch();
        JustRecorded = new PresenceEvent(this, kind, actor, detail, atUtc);
        _timeline.Add(JustRecorded);
    }

    private void Touch() => ConcurrencyStamp = Guid.NewGuid();
}
