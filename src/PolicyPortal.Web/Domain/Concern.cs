namespace PolicyPortal.Web.Domain;

public enum ConcernStatus
{
    Received,
    UnderReview,
    Closed,
}

/// <summary>Who handles a concern: the Principal, or the governors when it concerns the Principal.</summary>
public enum ConcernHandler
{
    Principal,
    Governors,
}

/// <summary>
/// A report, as the policy asks, of a colleague's social media content or a breach of the policy. Seen only by its
/// reporter and its handler, never by the person it concerns; every view by a handler is recorded.
/// </summary>
public partial class Concern
{
    public const int TextMaxLength = 4000;
    public const int AddressMaxLength = 2000;
    public const int ConcerningMaxLength = 300;
    public const int SectionMaxLength = 300;

    /// <summary>32 lowercase hexadecimal digits: 128 random bits.</summary>
    public const int PublicIdLength = 32;

    private readonly List<ConcernEvent> _timeline = [];

    private Concern()
    {
        PublicId = ReporterUserId = ReporterName = WhatWasSeen = Concerning = string.Empty;
    }

    public int Id { get; private set; }

    /// <summary>
    /// What names the concern in its address, links and emails: random, so no address tells anyone how many concerns
    /// there are, or that one was reported between two others.
    /// </summary>
    public string PublicId { get; private set; }

    public string ReporterUserId { get; private set; }

    public string ReporterName { get; private set; }

    public string WhatWasSeen { get; private set; }

    public string? Address { get; private set; }

    public DateOnly SeenOn { get; private set; }

    /// <summary>Who it concerns, as the reporter wrote it.</summary>
    public string Concerning { get; private set; }

    /// <summary>The account the report concerns, when the portal could tell; that person never sees it.</summary>
    public string? ConcerningUserId { get; private set; }

    /// <summary>The heading anchor of the policy section it relates to, if the reporter chose one.</summary>
    public string? PolicySection { get; private set; }

    public int? PolicyId { get; private set; }

    public ConcernHandler Handler { get; private set; }

    public ConcernStatus Status { get; private set; }

    public string? OutcomeNote { get; private set; }

    public DateTime ReportedAtUtc { get; private set; }

    public DateTime? ClosedAtUtc { get; private set; }

    public Guid ConcurrencyStamp { get; private set; } = Guid.NewGuid();

    public IReadOnlyCollection<ConcernEvent> Timeline => _timeline;
}
