using Microsoft.AspNetCore.Html;
using PolicyPortal.Web.Domain;
using PolicyPortal.Web.Services;
using PolicyPortal.Web.ViewModels.Shared;

namespace PolicyPortal.Web.ViewModels.Compliance;

public sealed record OutstandingRow(string Name, string Role, string? JobTitle, int DaysOutstanding, string LastReminded);

/// <summary>One page of a long list, with what the links to the other pages need.</summary>
public sealed record PageOf<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public int First => Total == 0 ? 0 : ((Page - 1) * PageSize) + 1;

    public int Last => Math.Min(Total, Page * PageSize);
}

public sealed record SignOffViewModel(
    string Slug,
    string Title,
    string Version,
    string InForceSince,
    Tally All,
    IReadOnlyList<GroupTally> ByGroup,
    PageOf<OutstandingRow> Outstanding,
    IReadOnlyList<string> Roles,
    string? Role,
    int? GroupId,
    bool CanRemind,
    string? Notice);

public sealed record EvidenceSignature(string Name, string Email, string Role, string? JobTitle, string? SignedAt, string? VersionSigned, string? TextSha256);

public sealed record EvidenceReview(string Governor, string Verdict, string? Reason, string RecordedAt);

public sealed record EvidenceReminder(string Day, string Kind, int People);

/// <summary>
/// Everything an inspector or a hearing asks about one revision, on one printable page and in the PDF made from the same
/// facts (<see cref="EvidencePackPdf"/>).
/// </summary>
/// <param name="Text">The text as the page shows it.</param>
/// <param name="TextSource">The same text as the PDF lays it out: its Markdown and its images.</param>
public sealed record EvidencePackViewModel(
    string Slug,
    string Title,
    string Version,
    RevisionStatus Status,
    string TextSha256,
    IHtmlContent Text,
    PolicySource TextSource,
    IReadOnlyList<(string Label, string Value)> Adoption,
    IReadOnlyList<EvidenceReview> Reviews,
    Tally Totals,
    IReadOnlyList<EvidenceSignature> SignOff,
    IReadOnlyList<EvidenceSignature> Leavers,
    IReadOnlyList<EvidenceReminder> Reminders,
    string GeneratedAt,
    ChainEntry? ChainHead);
