using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PolicyPortal.Web.Infrastructure;
using PolicyPortal.Web.Services;
using PolicyPortal.Web.Services.Email;

namespace PolicyPortal.UnitTests.Services;

public sealed class SchoolHoursTests
{
    [Theory]
    [InlineData("2026-11-24T07:29:59Z", false)] // Tuesday, Greenwich Mean Time: just before the start
    [InlineData("2026-11-24T07:30:00Z", true)]
    [InlineData("2026-11-24T17:59:59Z", true)]
    [InlineData("2026-11-24T18:00:00Z", false)] // the end is when sending stops
    [InlineData("2026-11-24T23:00:00Z", false)]
    [InlineData("2026-11-28T10:00:00Z", false)] // Saturday
    [InlineData("2026-11-29T10:00:00Z", false)] // Sunday
    [InlineData("2027-06-07T06:30:00Z", true)] // Monday, British Summer Time: 07:30 in London
    [InlineData("2027-06-07T17:00:00Z", false)] // 18:00 in London
    public void Emails_go_on_weekdays_from_07_30_until_18_00_at_the_school(string utc, bool open)
    {
        var hours = new SchoolHours(Options.Create(new EmailOptions()), new SchoolTime(Options.Create(new AppOptions()), TimeProvider.System));

        Assert.Equal(open, hours.AreOpen(DateTime.Parse(utc, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal)));
    }

    [Fact]
    public void The_hours_follow_the_settings()
    {
        var settings = new EmailOptions { SendFrom = new TimeOnly(9, 0), SendUntil = new TimeOnly(15, 30) };
        var hours = new SchoolHours(Options.Create(settings), new SchoolTime(Options.Create(new AppOptions()), TimeProvider.System));

        Assert.False(hours.AreOpen(new DateTime(2026, 11, 24, 8, 59, 0, DateTimeKind.Utc)));
        Assert.True(hours.AreOpen(new DateTime(2026, 11, 24, 9, 0, 0, DateTimeKind.Utc)));
        Assert.False(hours.AreOpen(new DateTime(2026, 11, 24, 15, 30, 0, DateTimeKind.Utc)));
    }

    [Fact]
    public void Hours_that_end_before_they_start_are_refused_with_the_settings_named()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Email:SendFrom"] = "18:00", ["Email:SendUntil"] = "07:30" });
        builder.AddPortalServices();
        using var services = builder.Services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<EmailOptions>>().Value);

        Assert.Contains("Email:SendFrom must be earlier in the day than Email:SendUntil, for example 07:30 and 18:00.", error.Message, StringComparison.Ordinal);
    }
}
