using Microsoft.Extensions.Options;
using PolicyPortal.Web.Infrastructure;
using PolicyPortal.Web.ViewModels.Shared;

namespace PolicyPortal.Web.Services;

/// <summary>The school's local time (App:TimeZone, default Europe/London). The portal stores UTC and shows local time.</summary>
public sealed class SchoolTime
{
    private readonly TimeZoneInfo _zone;
    private readonly TimeProvider _clock;

    public SchoolTime(IOptions<AppOptions> app, TimeProvider clock)
    {
        _zone = TimeZoneInfo.FindSystemTimeZoneById(app.Value.TimeZone);
        _clock = clock;
    }

    public DateTime ToLocal(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), _zone);

    /// <summary>An instant stored in UTC as pages and emails show it, in the school's time: "24 November 2026 at 09:30".</summary>
    public string DateTimeText(DateTime utc) => DisplayFormats.DateTime(ToLocal(utc));

    /// <summary>The school's clock time now.</summary>
    public DateTime Now() => ToLocal(_clock.GetUtcNow().UtcDateTime);

    public DateOnly Today() => DateOf(_clock.GetUtcNow().UtcDateTime);

    /// <summary>The school's calendar day at an instant stored in UTC.</summary>
    public DateOnly DateOf(DateTime utc) => DateOnly.FromDateTime(ToLocal(utc));

    /// <summary>
    /// The day a revision came into force: the in-force date the governors recorded, or else the day its adoption was
    /// recorded in the portal (or it was imported).
    /// </summary>
    public DateOnly InForceFrom(DateOnly? effectiveFrom, DateTime adoptedAtUtc) => effectiveFrom ?? DateOf(adoptedAtUtc);

    /// <summary>The day someone became due to sign: the revision's in-force date, or the day they were added if later.</summary>
    public DateOnly DueToSignFrom(DateOnly inForceFrom, DateTime? addedAtUtc) =>
        addedAtUtc is { } added && DateOf(added) > inForceFrom ? DateOf(added) : inForceFrom;
}
