using System.Net.Mail;
using System.Text;

namespace PolicyPortal.Web.Domain;

/// <summary>
/// What the Principal says about a person: name, job title and roles, checked the same way whether typed into the form
/// or read from an import file. Names are trimmed and their inner spaces collapsed, so "Jo  Patel " and "Jo Patel" match.
/// </summary>
public sealed record PersonDetails
{
    public const int EmailMaxLength = 256;

    /// <summary>
    /// What an email address may contain here, because it is also the sign-in name: Identity's default set plus the
    /// apostrophe, for addresses such as o'brien@school.org.
    /// </summary>
    public const string EmailCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._@+'";

    private PersonDetails(string fullName, string? jobTitle, IReadOnlyList<string> roles, IReadOnlyList<string>? groups)
    {
        FullName = fullName;
        JobTitle = jobTitle;
        Roles = roles;
        Groups = groups;
    }

    public string FullName { get; }

    public string? JobTitle { get; }

    /// <summary>At least one of <see cref="Authorization.Roles.All"/>, in that order.</summary>
    public IReadOnlyList<string> Roles { get; }

    /// <summary>The names of the groups the person is in, each once; null to leave their groups as they are.</summary>
    public IReadOnlyList<string>? Groups { get; }

    /// <summary>The details, or every problem with them, each for its field.</summary>
    /// <param name="groups">The names of the person's groups, or null to leave them as they are.</param>
    public static PersonDetails Create(string? fullName, string? jobTitle, IEnumerable<string>? roles, IEnumerable<string>? groups = null)
    {
        var problems = new List<FieldProblem>();
        var name = Tidy(fullName);
        if (NameProblem(name) is { } nameProblem)
        {
            problems.Add(new(nameof(FullName), nameProblem));
        }

        var title = Tidy(jobTitle);
        if (JobTitleProblem(title) is { } titleProblem)
        {
            problems.Add(new(nameof(JobTitle), titleProblem));
        }

        var chosen = (roles ?? []).ToHashSet(StringComparer.Ordinal);
        var known = Authorization.Roles.All.Where(chosen.Contains).ToList();
        if (known.Count == 0 || known.Count != chosen.Count)
        {
            problems.Add(new(nameof(Roles), "Choose at least one role: Staff, Governor or Principal."));
        }

        var groupNames = groups?.Select(Tidy).Where(g => g.Length > 0).DistinctBy(PeopleGroup.Normalize).ToList();
        if (groupNames?.Select(PeopleGroup.NameProblem).FirstOrDefault(p => p is not null) is { } groupProblem)
        {
            problems.Add(new(nameof(Groups), groupProblem));
        }

        return problems.Count > 0
            ? throw new InvalidDetailsException(problems)
            : new PersonDetails(name, string.IsNullOrEmpty(title) ? null : title, known, groupNames);
    }

    /// <summary>
    /// Why <paramref name="name"/> (already tidied) cannot be a person's full name, or null if it can. Any letters of
    /// any alphabet, accents and apostrophes will do; a name without a single letter (emoji, digits, punctuation) will not.
    /// </summary>
    public static string? NameProblem(string name) =>
        name.Length == 0 ? "Enter the person's full name."
        : name.Length > PortalUser.FullNameMaxLength ? $"A full name has at most {PortalUser.FullNameMaxLength} characters."
        : !HasLetter(name) ? "A full name needs letters: enter the person's name as the school knows them."
        : null;

    public static string? JobTitleProblem(string title) =>
        title.Length > PortalUser.JobTitleMaxLength ? $"A job title has at most {PortalUser.JobTitleMaxLength} characters." : null;

    /// <summary>Why <paramref name="email"/> (already trimmed) cannot be a sign-in address, or null if it can.</summary>
    public static string? EmailProblem(string email)
    {
        if (email.Length == 0)
        {
            return "Enter the person's email address.";
        }

        if (email.Length > EmailMaxLength)
        {
            return $"An email address has at most {EmailMaxLength} characters.";
        }

        var at = email.IndexOf('@', StringComparison.Ordinal);
        var wellFormed = MailAddress.TryCreate(email, out var address)
            && address.Address == email
            && at > 0
            && email.LastIndexOf('@') == at
            && email[(at + 1)..].Contains('.', StringComparison.Ordinal)
            && !email.EndsWith('.');
        if (!wellFormed)
        {
            return "Enter an email address like name@school.org.";
        }

        return email.All(EmailCharacters.Contains)
            ? null
            : "An email address here can only use the letters a to z, digits and . _ - + ' around the @.";
    }

    /// <summary>The portal role a school's word for one means, e.g. "Teaching assistant" is Staff; null if unknown.</summary>
    public static string? RoleFromText(string text) =>
        Tidy(text).ToUpperInvariant() switch
        {
            "STAFF" or "TEACHER" or "TEACHING STAFF" or "SUPPORT STAFF" or "SUPPORT" or "TEACHING ASSISTANT" or "TA" => Authorization.Roles.Staff,
            "GOVERNOR" => Authorization.Roles.Governor,
            "PRINCIPAL" or "HEADTEACHER" or "HEAD TEACHER" => Authorization.Roles.Principal,
            _ => null,
        };

    /// <summary>Trimmed, with every run of white space inside made one space.</summary>
    public static string Tidy(string? text) =>
        string.IsNullOrEmpty(text) ? string.Empty
        : IsTidy(text) ? text // as most text is: an import tidies every cell of every row
        : string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static bool IsTidy(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsWhiteSpace(text[i]) && (text[i] != ' ' || i == 0 || i == text.Length - 1 || text[i - 1] == ' '))
            {
                return false;
            }
        }

        return true;
    }

    // Without boxing the runes' enumerator, as Enumerable.Any would for every name of an import.
    private static bool HasLetter(string name)
    {
        foreach (var rune in name.EnumerateRunes())
        {
            if (Rune.IsLetter(rune))
            {
                return true;
            }
        }

        return false;
    }
}
