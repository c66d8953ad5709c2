namespace PolicyPortal.Web.ViewModels.Shared;

/// <summary>An error page: the status code and what the person can do about it.</summary>
public sealed record ProblemViewModel(int StatusCode, string Title, string Explanation);
