namespace PolicyPortal.Web.Domain;

/// <summary>What happened to a person's account.</summary>
public enum AccountEventKind
{
    /// <summary>Added by hand, with an invitation.</summary>
    Added,

    /// <summary>Added by an import, with an invitation.</summary>
    Imported,

    /// <summary>Name or job title changed, by hand or by an import.</summary>
    DetailsChanged,
    RolesChanged,
    GroupsChanged,

    /// <summary>The Principal asked for a new sign-in address; the person is to confirm it from their old one.</summary>
    EmailChangeAsked,

    /// <summary>The sign-in address changed.</summary>
    EmailChanged,
    InvitationSent,
    MarkedAsLeft,
    Reactivated,

    /// <summary>The Principal asked for a change that waits for a governor's confirmation (<see cref="AccountChange"/>).</summary>
    ChangeAsked,

    /// <summary>A governor confirmed a change asked for, which was then made.</summary>
    ChangeConfirmed,
    ChangeDeclined,

    /// <summary>The Principal took back a change before a governor decided it.</summary>
    ChangeWithdrawn,

    /// <summary>Two-step sign-in turned off by the <c>reset-two-step</c> command, for someone who lost their phone and recovery codes.</summary>
    TwoStepReset,

    /// <summary>Their first sign-in with their school account linked it to this account, by the address it vouched for.</summary>
    SchoolAccountLinked,

    /// <summary>The Principal set them to sign in with their school account alone, removing their password.</summary>
    SchoolAccountOnly,

    /// <summary>The Principal let someone who signed in with their school account alone set a password again.</summary>
    PasswordAllowed,
}

/// <summary>The audit trail of people's accounts: who imported, changed or marked whom, and when. Written once, never changed.</summary>
public class AccountEvent : AuditEvent<AccountEventKind>
{
    public const int DetailMaxLength = 2000;

    private AccountEvent()
    {
        SubjectUserId = SubjectName = string.Empty;
    }

    public AccountEvent(PortalUser subject, AccountEventKind kind, Person actor, string detail, DateTime atUtc)
        : base(kind, actor, detail, DetailMaxLength, atUtc)
    {
        SubjectUserId = subject.Id;
        SubjectName = subject.FullName;
    }

    /// <summary>Whose account it is.</summary>
    public string SubjectUserId { get; private set; }

    /// <summary>Their name when it happened.</summary>
    public string SubjectName { get; private set; }
}
