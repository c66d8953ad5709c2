using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.Controllers;
using PolicyPortal.FunctionalTests.Data;
using PolicyPortal.Web.Infrastructure;
using Serilog.Events;

namespace PolicyPortal.FunctionalTests.Security;

/// <summary>
/// A form the server cannot read gets 400 and the page that says so from every route, whoever sends it, and one warning
/// in the log: never a server error, the sign-in page or the "form may have expired" page. The routes are every POST
/// route of the app, read from its own endpoints.
/// </summary>
public sealed class UnreadableFormTests(MatrixPortal portal) : IClassFixture<MatrixPortal>
{
    private const string UnreadableFormPage = "We could not read that form";

    private const string Warning = "the form could not be read";

    // Whoever posts, to routes they may use and routes they may not: nobody signed in, the Principal, and the teacher.
    private static readonly Caller[] Senders = [Caller.Anonymous, Caller.Principal, Caller.Staff];

    /// <summary>Forms as an attacker sent them: each is refused whole, whatever fields it would have had.</summary>
    private static readonly (string Name, string ContentType, string Body)[] Unreadable =
    [
        ("a multipart body cut short", "multipart/form-data; boundary=edge", "--edge\r\nContent-Disposition: form-data; name=\"Title\"\r\n\r\nThe form stops he"),
        ("multipart part headers never ended", "multipart/form-data; boundary=edge", "--edge\r\nContent-Disposition: form-data; name=\"Title\""),
        ("a form in UTF-7", "application/x-www-form-urlencoded; charset=utf-7", "Title=%2BAGEAYgBj-&Body=x"),
    ];

    [Fact]
    public async Task Every_post_answers_a_form_nobody_can_read_with_400_and_its_page_and_logs_one_warning_whoever_sends_it()
    {
        var posts = PortalRoutes.All(portal.App.Services).Where(r => r.Method == HttpMethod.Post.Method).ToList();
        var actions = PortalRoutes.Actions(portal.App.Services);
        var started = portal.Log.Events.Count;
        var failures = new List<string>();

        foreach (var route in posts)
        {
            var url = portal.Url(route);
            foreach (var caller in Senders)
            {
                foreach (var (name, contentType, body) in Unreadable)
                {
                    var before = portal.Log.Events.Count;
                    using var response = await portal.Client(caller).PostAsync(url, Content(contentType, body));
                    var page = await response.Content.ReadAsStringAsync();
                    var logged = portal.Log.Events.Skip(before).Where(e => e.Level >= LogEventLevel.Warning && !IsTheTestServersOwn(e)).ToList();

                    if (IsLargeFormTheTeacherMayNotSend(actions[route], route, caller))
                    {
                        // Its large limits are for those who may use it: the teacher is refused before the body is read.
                        if (response.StatusCode != HttpStatusCode.Forbidden || page.Contains(UnreadableFormPage, StringComparison.Ordinal))
                        {
                            failures.Add($"POST {url} as {caller}, {name}: {(int)response.StatusCode}, where it should be refused unread with 403");
                        }

                        continue;
                    }

                    if (response.StatusCode != HttpStatusCode.BadRequest || !page.Contains(UnreadableFormPage, StringComparison.Ordinal))
                    {
                        failures.Add($"POST {url} as {caller}, {name}: {(int)response.StatusCode}, {(page.Contains(UnreadableFormPage, StringComparison.Ordinal) ? "the unreadable form page" : "another page")}");
                    }

                    if (logged is not [{ Level: LogEventLevel.Warning, Exception: null } warning] || !CapturedLog.Text(warning).Contains(Warning, StringComparison.Ordinal))
                    {
                        failures.Add($"POST {url} as {caller}, {name}: logged {string.Join(" / ", logged.Select(e => $"{e.Level} {CapturedLog.Text(e)}{(e.Exception is null ? "" : " with a stack trace")}"))}");
                    }
                }
            }
        }

        Assert.True(posts.Count > 40, $"Only {posts.Count} POST routes found.");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.DoesNotContain(portal.Log.Events.Skip(started), e => e.Level >= LogEventLevel.Error);
    }

    [Fact]
    public async Task A_form_nobody_can_read_sent_after_the_session_ended_is_refused_where_the_sign_in_page_would_carry_it()
    {
        // From the portal's own page, so the challenge passes it on to the "session ended" sign-in page, which reads it.
        using var sent = new HttpRequestMessage(HttpMethod.Post, "/concerns/new") { Content = Content(Unreadable[2].ContentType, Unreadable[2].Body) };
        sent.Headers.Add("Sec-Fetch-Site", "same-origin");
        using var passedOn = await portal.Client(Caller.Anonymous).SendAsync(sent);
        Assert.Equal(HttpStatusCode.TemporaryRedirect, passedOn.StatusCode);
        Assert.StartsWith("/account/session-ended", passedOn.Headers.Location!.OriginalString, StringComparison.Ordinal);

        using var again = new HttpRequestMessage(HttpMethod.Post, passedOn.Headers.Location) { Content = Content(Unreadable[2].ContentType, Unreadable[2].Body) };
        again.Headers.Add("Sec-Fetch-Site", "same-origin");
        using var refused = await portal.Client(Caller.Anonymous).SendAsync(again);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains(UnreadableFormPage, await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    // The large forms are the Principal's (the draft editor, the imports) or anyone's (signing in): none is the teacher's.
    private static bool IsLargeFormTheTeacherMayNotSend(ControllerActionDescriptor action, PortalRoute route, Caller caller) =>
        caller == Caller.Staff
        && action.EndpointMetadata.OfType<LargeFormAttribute>().Any()
        && !action.EndpointMetadata.OfType<IAllowAnonymous>().Any()
        && AuthorizationMatrixTests.Matrix.Single(r => r.Route == route).Staff != Outcome.Allowed;

    private static ByteArrayContent Content(string contentType, string body)
    {
        var content = new ByteArrayContent(Encoding.ASCII.GetBytes(body));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    // The in-memory test server has no request body size limit for routing to set for a [LargeForm] route, and routing
    // warns so; Kestrel and IIS have one.
    private static bool IsTheTestServersOwn(LogEvent logEvent) =>
        logEvent.MessageTemplate.Text.Contains(nameof(Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature), StringComparison.Ordinal);
}
