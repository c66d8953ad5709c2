namespace PolicyPortal.Web.Domain;

/// <summary>How precisely a date is known. Paper records often give only the month ("last reviewed January 2016").</summary>
public enum DatePrecision
{
    Day,
    Month,
}

/// <summary>The governing body's adoption of a revision, as its minutes or the policy document record it.</summary>
/// <param name="AdoptedBy">The body that adopted the text, e.g. the governing body.</param>
/// <param name="AdoptionNote">What was decided, e.g. "adopted in its entirety".</param>
/// <param name="ReviewedOn">Date of adoption or of the last review.</param>
/// <param name="ReviewedOnPrecision">Whether <paramref name="ReviewedOn"/> is known to the day or only to the month.</param>
/// <param name="SignedBy">Who signed for the governing body.</param>
/// <param name="ProvidedBy">Who wrote or supplied the text.</param>
/// <param name="ReviewCycleMonths">How often the policy must be reviewed.</param>
public sealed record AdoptionRecord(
    string AdoptedBy,
    string? AdoptionNote,
    DateOnly ReviewedOn,
    DatePrecision ReviewedOnPrecision,
    string? SignedBy,
    string? ProvidedBy,
    int ReviewCycleMonths)
{
    public const int DefaultReviewCycleMonths = 12;

    /// <summary>Dates in the governing body's records and in the rules' messages read as a British clerk writes them.</summary>
    public static readonly System.Globalization.CultureInfo DateCulture = System.Globalization.CultureInfo.GetCultureInfo("en-GB");

    /// <summary>A date as the portal writes it everywhere, pages, emails and messages: "24 November 2026", or "November 2026".</summary>
    public static string DateText(DateOnly date, DatePrecision precision = DatePrecision.Day) =>
        date.ToString(precision == DatePrecision.Month ? "MMMM yyyy" : "d MMMM yyyy", DateCulture);

    public DateOnly NextReviewDue => ReviewedOn.AddMonths(ReviewCycleMonths);
}
