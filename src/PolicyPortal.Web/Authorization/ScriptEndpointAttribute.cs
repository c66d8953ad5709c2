using Microsoft.AspNetCore.Http.Metadata;

namespace PolicyPortal.Web.Authorization;

/// <summary>
/// An action the portal's own scripts call with <c>fetch</c>, never a page someone opens: the draft editor's preview and
/// autosave. A request to it from a session that has ended gets 401, as ASP.NET Core answers the API endpoints it marks
/// the same way (<see cref="IDisableCookieRedirectMetadata"/>), rather than being sent on to the sign-in page, whose HTML
/// the script would receive as if it were the answer (<see cref="UnsentForm.RedirectToSignIn"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ScriptEndpointAttribute : Attribute, IDisableCookieRedirectMetadata;
