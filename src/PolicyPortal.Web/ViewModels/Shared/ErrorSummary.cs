namespace PolicyPortal.Web.ViewModels.Shared;

/// <summary>What a page may tell the error summary (Views/Shared/_ErrorSummary.cshtml) through its view data.</summary>
public static class ErrorSummary
{
    /// <summary>
    /// An id for the summary: a form sent to a #fragment names it, so the page it gets back opens at its problems.
    /// </summary>
    public const string IdKey = "ErrorSummaryId";
}
