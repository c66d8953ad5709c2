using System.Globalization;
using PolicyPortal.Web.Domain;

namespace PolicyPortal.Web.ViewModels.Shared;

/// <summary>How dates and times read on the portal's pages: British style, e.g. "24 November 2026 at 09:12".</summary>
public static class DisplayFormats
{
    private static readonly CultureInfo British = AdoptionRecord.DateCulture;

    public static string Date(DateOnly date, DatePrecision precision = DatePrecision.Day) => AdoptionRecord.DateText(date, precision);

    public static string DateTime(DateTime local) => local.ToString("d MMMM yyyy 'at' HH:mm", British);

    /// <summary>A time of day, e.g. "09:12".</summary>
    public static string Time(DateTime local) => local.ToString("HH:mm", British);

    public static string ReviewCycle(int months) => months switch
    {
        12 => "Annual",
        24 => "Every two years",
        _ when months % 12 == 0 => $"Every {months / 12} years",
        1 => "Monthly",
        _ => $"Every {months} months",
    };
}
