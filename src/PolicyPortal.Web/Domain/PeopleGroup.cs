namespace PolicyPortal.Web.Domain;

/// <summary>
/// A set of people the school names, such as teaching staff, site staff or the safeguarding team: imported from a
/// department or staff-type column, or set by hand. A policy can be asked of groups as well as roles, and sign-off is
/// broken down by group.
/// </summary>
public class PeopleGroup
{
    public const int NameMaxLength = 100;

    private PeopleGroup()
    {
        Name = NormalizedName = string.Empty;
    }

    public PeopleGroup(string name, DateTime createdAtUtc)
    {
        Name = NameProblem(name) is { } problem ? throw new DomainRuleException(problem) : Tidy(name);
        NormalizedName = Normalize(Name);
        CreatedAtUtc = createdAtUtc;
    }

    public int Id { get; private set; }

    public string Name { get; private set; }

    /// <summary>The name as groups are matched: "Site staff" and "SITE  STAFF" are one group.</summary>
    public string NormalizedName { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    public static string Normalize(string name) => Tidy(name).ToUpperInvariant();

    /// <summary>Why <paramref name="name"/> cannot name a group, or null if it can.</summary>
    public static string? NameProblem(string? name) => Tidy(name) switch
    {
        { Length: 0 } => "Enter the group's name.",
        { Length: > NameMaxLength } => $"A group's name has at most {NameMaxLength} characters.",
        var tidy when Services.SafeCsv.LooksLikeFormula(tidy) => "A group's name cannot start with = + - or @, which a spreadsheet would run as a formula.",
        _ => null,
    };

    private static string Tidy(string? name) => PersonDetails.Tidy(name);
}

/// <summary>One person in one group.</summary>
public class GroupMember(int groupId, string userId)
{
    public int GroupId { get; private set; } = groupId;

    public string UserId { get; private set; } = userId;

    public PeopleGroup Group { get; init; } = null!;
}

/// <summary>One group a policy is asked of, besides the roles in its <see cref="Policy.Audience"/>.</summary>
public class PolicyGroup(int groupId)
{
    public int PolicyId { get; private set; }

    public int GroupId { get; private set; } = groupId;
}
