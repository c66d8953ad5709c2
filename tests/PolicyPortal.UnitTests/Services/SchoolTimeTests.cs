using Microsoft.Extensions.Options;
using PolicyPortal.Web.Infrastructure;
using PolicyPortal.Web.Services;

namespace PolicyPortal.UnitTests.Services;

public sealed class SchoolTimeTests
{
    [Theory]
    [InlineData(2026, 7, 1, 8, 15, "09:15")] // British Summer Time
    [InlineData(2026, 11, 24, 8, 15, "08:15")] // Greenwich Mean Time
    public void Times_are_shown_in_the_schools_time_zone(int year, int month, int day, int hour, int minute, string expected)
    {
        var time = new SchoolTime(Settings(null), TimeProvider.System);

        var local = time.ToLocal(new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Utc));

        Assert.Equal(expected, local.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void An_unknown_time_zone_is_refused_with_the_setting_named()
    {
        var result = new DataAnnotationValidateOptions<AppOptions>(null).Validate(null, new AppOptions { TimeZone = "Mars/Olympus_Mons" });

        Assert.Contains("App:TimeZone 'Mars/Olympus_Mons' is not a time zone this machine knows.", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    private static IOptions<AppOptions> Settings(string? timeZone) => Options.Create(new AppOptions { TimeZone = timeZone ?? new AppOptions().TimeZone });
}
