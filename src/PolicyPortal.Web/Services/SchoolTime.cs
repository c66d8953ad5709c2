namespace PolicyPortal.Web.Services;

/// <summary>The school's local time (App:TimeZone, default Europe/London). The portal stores UTC and shows local time.</summary>
public sealed class SchoolTime
{
    private readonly TimeZoneInfo _zone;
    private readonly TimeProvider _clock;

    public SchoolTime(IConfiguration configuration, TimeProvider clock)
    {
        var id = configuration["App:TimeZone"] ?? "Europe/London";
        _zone = TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone)
            ? zone
            : throw new InvalidOperationException($"App:TimeZone '{id}' is not a time zone this machine knows.");
        _clock = clock;
    }

    public DateTime ToLocal(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), _zone);

    public DateOnly Today() => DateOnly.FromDateTime(ToLocal(_clock.GetUtcNow().UtcDateTime));
}
