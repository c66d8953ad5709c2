namespace PolicyPortal.Web.Domain;

/// <summary>A field of a form and what is wrong with it, in words for the person who filled it in.</summary>
public sealed record FieldProblem(string Field, string Message);
