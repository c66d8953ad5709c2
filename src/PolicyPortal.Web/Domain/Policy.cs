namespace PolicyPortal.Web.Domain;

/// <summary>A school policy. Its text lives in revisions; at most one revision is in force at a time.</summary>
public class Policy
{
    private readonly List<PolicyRevision> _revisions = [];

    private Policy()
    {
        Slug = Title = string.Empty;
    }

    public Policy(string slug, string title, PolicyAudience audience, IEnumerable<string> appliesTo, IEnumerable<string> relatedPolicies)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(slug);
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        if (!PolicySlug.IsValid(slug))
        {
            throw new ArgumentException($"'{slug}' is not a valid slug: use lower-case letters, digits and hyphens.", nameof(slug));
        }

        Slug = slug;
        Title = title.Trim();
        Audience = audience;
        AppliesTo = [.. appliesTo];
        RelatedPolicies = [.. relatedPolicies];
    }

    public int Id { get; private set; }

    /// <summary>The policy's name in its address, e.g. <c>personal-use-of-social-media</c>.</summary>
    public string Slug { get; private set; }

    public string Title { get; private set; }

    /// <summary>Who must sign the policy.</summary>
    public PolicyAudience Audience { get; private set; }

    /// <summary>The groups the policy text says it applies to, in the school's words.</summary>
    public List<string> AppliesTo { get; private set; } = [];

    /// <summary>Other policies the text refers to.</summary>
    public List<string> RelatedPolicies { get; private set; } = [];

    public IReadOnlyCollection<PolicyRevision> Revisions => _revisions;

    /// <summary>The revision in force, if the governing body has adopted one.</summary>
    public PolicyRevision? CurrentRevision => _revisions.SingleOrDefault(r => r.Status == RevisionStatus.Adopted);

    /// <summary>Adds a revision that was adopted outside the portal, such as seed content imported from a Word document.</summary>
    public PolicyRevision AddAdoptedRevision(string version, string body, AdoptionRecord adoption, DateTime createdAtUtc)
    {
        if (_revisions.Any(r => r.Version == version))
        {
            throw new InvalidOperationException($"Version {version} of '{Title}' already exists.");
        }

        foreach (var current in _revisions.Where(r => r.Status == RevisionStatus.Adopted))
        {
            current.Supersede();
        }

        var revision = PolicyRevision.Adopted(this, version, body, adoption, createdAtUtc);
        _revisions.Add(revision);
        return revision;
    }
}
