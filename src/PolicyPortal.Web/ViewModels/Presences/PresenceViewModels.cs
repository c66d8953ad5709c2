using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.ViewModels.Presences;

/// <summary>The request form as posted. Its rules (and messages) are the entity's: see <see cref="PresenceRequest.Problems"/>.</summary>
public sealed class PresenceForm
{
    public PresencePlatform Platform { get; set; } = PresencePlatform.XTwitter;

    public string? OtherPlatformName { get; set; }

    public string? Handle { get; set; }

    public string? Address { get; set; }

    public PresenceKind Kind { get; set; } = PresenceKind.AcademyEndorsed;

    public string? Purpose { get; set; }

    public List<PresenceAudience> Audience { get; set; } = [];

    public bool KeptSeparateFromPersonal { get; set; }

    public bool StudentsNotFollowedBack { get; set; }

    public bool BlogModeratedAsAcademySite { get; set; }

    public bool AccessSharedWithPrincipal { get; set; }

    public Guid ConcurrencyStamp { get; set; }

    public PresenceDetails ToDetails() => new(
        Platform,
        OtherPlatformName,
        Handle ?? string.Empty,
        Address ?? string.Empty,
        Kind,
        Purpose ?? string.Empty,
        Audience.Aggregate(PresenceAudience.None, (all, one) => all | one),
        KeptSeparateFromPersonal,
        StudentsNotFollowedBack,
        BlogModeratedAsAcademySite,
        AccessSharedWithPrincipal);

    public static PresenceForm From(PresenceRequest request) => new()
    {
        Platform = request.Platform,
        OtherPlatformName = request.OtherPlatformName,
        Handle = request.Handle,
        Address = request.Address,
        Kind = request.Kind,
        Purpose = request.Purpose,
        Audience = [.. Enum.GetValues<PresenceAudience>().Where(a => a != PresenceAudience.None && request.Audience.HasFlag(a))],
        KeptSeparateFromPersonal = request.KeptSeparateFromPersonal,
        StudentsNotFollowedBack = request.StudentsNotFollowedBack,
        BlogModeratedAsAcademySite = request.BlogModeratedAsAcademySite,
        AccessSharedWithPrincipal = request.AccessSharedWithPrincipal,
        ConcurrencyStamp = request.ConcurrencyStamp,
    };
}

/// <summary>The request form page: a new request, or an existing one being changed.</summary>
public sealed record PresenceFormViewModel(PresenceForm Form, int? RequestId, string? Problem);

public sealed record PresenceRow(int Id, string Requester, string Platform, string Handle, PresenceKind Kind, PresenceStatus Status, string? ApprovedUntil);

public sealed record MyPresencesViewModel(IReadOnlyList<PresenceRow> Requests, string? Notice);

public sealed record PresenceQueueViewModel(IReadOnlyList<PresenceRow> Requests, PresenceStatus? Status, PresenceKind? Kind, PresencePlatform? Platform);

public sealed record RegisterViewModel(IReadOnlyList<PresenceRow> Presences);

public sealed record TimelineEntry(string At, string Who, string What);

public sealed class PresencePageViewModel
{
    public required PresenceRequest Request { get; init; }

    public required IReadOnlyList<TimelineEntry> Timeline { get; init; }

    public required bool IsRequester { get; init; }

    public required bool IsDecider { get; init; }

    public string? ApprovedUntil { get; init; }

    public string? Problem { get; init; }

    public string? Notice { get; init; }
}

public static class PresenceText
{
    public static string Kind(PresenceKind kind) => kind == PresenceKind.AcademyOwned ? "Academy owned" : "Academy endorsed";

    public static string Status(PresenceStatus status) => status switch
    {
        PresenceStatus.Submitted => "Waiting for a decision",
        PresenceStatus.ChangesRequested => "Changes requested",
        PresenceStatus.Approved => "Approved",
        PresenceStatus.Declined => "Declined",
        PresenceStatus.Revoked => "Revoked",
        PresenceStatus.Withdrawn => "Withdrawn",
        PresenceStatus.Retired => "Retired",
        _ => "Lapsed",
    };

    public static string Audience(PresenceAudience audience) =>
        string.Join(", ", Enum.GetValues<PresenceAudience>().Where(a => a != PresenceAudience.None && audience.HasFlag(a)).Select(a => a.ToString().ToLowerInvariant()));
}
