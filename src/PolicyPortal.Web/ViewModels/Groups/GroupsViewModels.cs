using PolicyPortal.Web.Services;

namespace PolicyPortal.Web.ViewModels.Groups;

/// <param name="Name">The new group's name as typed, kept when it is refused.</param>
public sealed record GroupsViewModel(IReadOnlyList<GroupSummary> Groups, string? Name, string? Notice, string? Problem);
