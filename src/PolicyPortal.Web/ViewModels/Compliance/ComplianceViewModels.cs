using PolicyPortal.Web.Services;

namespace PolicyPortal.Web.ViewModels.Compliance;

public sealed record OutstandingRow(string Name, string Role, string? JobTitle, int DaysOutstanding);

public sealed record JobTitleRow(string JobTitle, Tally Tally);

public sealed record SignOffViewModel(
    string Slug,
    string Title,
    string Version,
    string InForceSince,
    Tally All,
    IReadOnlyList<JobTitleRow> ByJobTitle,
    IReadOnlyList<OutstandingRow> Outstanding,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> JobTitles,
    string? Role,
    string? JobTitle);
