using System.Globalization;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Services;

namespace PolicyPortal.Web.ViewModels.Concerns;

/// <summary>The report form as posted. Its rules (and messages) are the entity's: see <see cref="Concern.Problems"/>.</summary>
public sealed class ConcernForm
{
    public string? WhatWasSeen { get; set; }

    public string? Address { get; set; }

    /// <summary>As a date input sends it, yyyy-MM-dd; read here so that anything else gets the form's own message.</summary>
    public string? SeenOn { get; set; }

    public string? Concerning { get; set; }

    public bool ConcernsThePrincipal { get; set; }

    public string? PolicySection { get; set; }

    public ConcernDetails ToDetails() => new(
        WhatWasSeen ?? string.Empty,
        Address,
        DateOnly.TryParseExact(SeenOn?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var seenOn) ? seenOn : null,
        Concerning ?? string.Empty,
        ConcernsThePrincipal,
        PolicySection);
}

/// <summary>The report form page, with the policy's headings to choose from (none when no policy is in force).</summary>
public sealed record ConcernFormViewModel(ConcernForm Form, ConcernPolicySections? Policy, string Today);

/// <summary>A concern in a list, named by when it was reported: its address holds its PublicId, never a number.</summary>
public sealed record ConcernRow(string PublicId, string ReportedAt, string Concerning, string Reporter, ConcernStatus Status, ConcernHandler Handler);

/// <summary>The reporter's own reports, and for a handler the concerns they handle, filtered by state.</summary>
public sealed record ConcernListViewModel(IReadOnlyList<ConcernRow> Reported, IReadOnlyList<ConcernRow>? Queue, ConcernStatus? Status, string? Notice);

public sealed record ConcernTimelineEntry(string At, string Who, string What);

/// <summary>
/// The part of the policy a report points to: its heading (or, when the policy in force no longer has it, the anchor as
/// it was chosen), and the policy to link to, at that anchor, while it still has it.
/// </summary>
public sealed record ConcernSection(string Text, string? PolicySlug, string Anchor);

public sealed class ConcernPageViewModel
{
    public required Concern Concern { get; init; }

    public required bool IsHandler { get; init; }

    public required string ReportedAt { get; init; }

    public required string SeenOn { get; init; }

    public string? ClosedAt { get; init; }

    public ConcernSection? Section { get; init; }

    /// <summary>Only for the handler: the reporter sees the state and outcome, not who looked and what they noted.</summary>
    public IReadOnlyList<ConcernTimelineEntry> Timeline { get; init; } = [];

    public string? Problem { get; init; }

    public string? Notice { get; init; }
}

public static class ConcernText
{
    public static string Status(ConcernStatus status) => status switch
    {
        ConcernStatus.Received => "Received",
        ConcernStatus.UnderReview => "Under review",
        _ => "Closed",
    };

    public static string Handler(ConcernHandler handler) => handler == ConcernHandler.Governors ? "The governors" : "The Principal";
}
