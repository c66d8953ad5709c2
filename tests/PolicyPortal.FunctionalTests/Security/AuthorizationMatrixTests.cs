using System.Net;
using PolicyPortal.Testing;
using static PolicyPortal.FunctionalTests.Security.Outcome;

namespace PolicyPortal.FunctionalTests.Security;

/// <summary>What a caller gets at a route.</summary>
public enum Outcome
{
    /// <summary>Sent to the sign-in page, with a ReturnUrl to come back to.</summary>
    SignIn,

    /// <summary>401, with the sign-in page in Location: a route the portal's scripts call (<c>[ScriptEndpoint]</c>), which cannot show a page.</summary>
    Unauthorized,

    /// <summary>403: the caller's role may not use the route.</summary>
    Forbidden,

    /// <summary>404: the role may use the route, but the record it names is not the caller's to see.</summary>
    NotFound,

    /// <summary>The action ran: anything but 401, 403, 404, a server error or the sign-in redirect. Empty forms answer 400.</summary>
    Allowed,

    /// <summary>The server error page itself, which answers 500 to anyone.</summary>
    ServerErrorPage,
}

/// <summary>One route and what each caller gets there. The records a route names are the teacher's (<see cref="Caller.Staff"/>).</summary>
public sealed record RouteRule(string Method, string Pattern, Outcome Anonymous, Outcome Staff, Outcome Governor, Outcome Principal)
{
    public PortalRoute Route => new(Method, Pattern);

    public Outcome For(Caller caller) => caller switch
    {
        Caller.Anonymous => Anonymous,
        Caller.Staff => Staff,
        Caller.Governor => Governor,
        _ => Principal,
    };
}

/// <summary>
/// Every route the app answers, and who may use it. The routes come from the app's own endpoints, so a new action
/// without a row here, or a row for an action that is gone, fails the test until the table says who may use it.
/// </summary>
public sealed class AuthorizationMatrixTests(MatrixPortal portal) : IClassFixture<MatrixPortal>
{
    private const string Get = "GET";
    private const string Post = "POST";
    private const string Head = "HEAD";
    private const string Any = PortalRoutes.AnyMethod;

    internal static readonly RouteRule[] Matrix =
    [
        //  method  pattern                                     anonymous        staff            governor         principal
        new(Get,  "/",                                          SignIn,          Allowed,         Allowed,         Allowed),
        new(Get,  "/account",                                   SignIn,          Allowed,         Allowed,         Allowed),
        new(Get,  "/account/change-password",                   SignIn,          Allowed,         Allowed,         Allowed),
        new(Post, "/account/change-password",                   SignIn,          Allowed,         Allowed,         Allowed),
        new(Get,  "/account/data",                              SignIn,          Allowed,         Allowed,         Allowed),
        new(Get,  "/account/confirm-email",                     Allowed,         Allowed,         Allowed,         Allowed),
        new(Post, "/account/confirm-email",                     Allowed,         Allowed,         Allowed,         Allowed),
        new(Get,  "/account/forgot-password",                   Allowed,         Allowed,         Allowed,         Allowed),
        new(Post, "/account/forgot-password",                   Allowed,         Allowed,         Allowed,         Allowed),
        new(Get,  "/account/reset-password",                    Allowed,         Allowed,         Allowed,         Allowed),
        new(Post, "/account/reset-password",                    Allowed,         Allowed,         Allowed,         Allowed),
        new(Get,  "/account/set-password",                      Allowed,         Allowed,         Allowed,         Allowed),
        new(Post, "/account/set-password",                      Allowed,         Allowed,         Allowed,         Allowed),
        new(Get,  "/account/sign-in",                           Allowed,         Allowed,         Allowed,         Allowed),
        new(Post, "/account/sign-in",                           Allowed,         Allowed,         Allowed,         Allowed),
        new(Post, "/account/sign-out",                          Allowed,         Allowed,         Allowed,         Allowed),
        new(Post, "/account/session-ended",                     Allowed,         Allowed,         Allowed,         Allowed),
        new(Get,  "/account/school-account",                    Allowed,         Allowed,         Allowed,         Allowed),
        new(Post, "/account/send-again",                        SignIn,          Allowed,         Allowed,         Allowed),
        new(Get,  "/account/school-account/signed-in",          Allowed,         Allowed,         Allowed,         Allowed),
        new(Get,  "/account/school-account/failed",             Allowed,         Allowed,         Allowed,         Allowed),
        new(Get,  "/account/two-step",                          Allowed,         Allowed,         Allowed,         Allowed),
        new(Post, "/account/two-step",                          Allowed,         Allowed,         Allowed,         Allowed),
        new(Get,  "/account/two-step/set-up",                   SignIn,          Allowed,         Allowed,         Allowed),
        new(Post, "/account/two-step/set-up",                   SignIn,          Allowed,         Allowed,         Allowed),
        new(Post, "/account/two-step/recovery-codes",           SignIn,          Allowed,         Allowed,         Allowed),
        new(Post, "/account/two-step/turn-off",                 SignIn,          Allowed,         Allowed,         Allowed),

        new(Get,  "/acknowledgements/{id:int}",                 SignIn,          Allowed,         NotFound,        Allowed),

        new(Get,  "/compliance",                                SignIn,          Forbidden,       Allowed,         Allowed),
        new(Get,  "/compliance/{slug}",                         SignIn,          Forbidden,       Allowed,         Allowed),
        new(Get,  "/compliance/{slug}/evidence",                SignIn,          Forbidden,       Allowed,         Allowed),
        new(Get,  "/compliance/{slug}/evidence.pdf",            SignIn,          Forbidden,       Allowed,         Allowed),
        new(Get,  "/record",                                    SignIn,          Forbidden,       Allowed,         Allowed),
        new(Post, "/compliance/{slug}/remind",                  SignIn,          Forbidden,       Forbidden,       Allowed),
        new(Get,  "/compliance/{slug}/sign-off.csv",            SignIn,          Forbidden,       Allowed,         Allowed),

        new(Get,  "/concerns",                                  SignIn,          Allowed,         Allowed,         Allowed),
        new(Get,  "/concerns/new",                              SignIn,          Allowed,         Allowed,         Allowed),
        new(Post, "/concerns/new",                              SignIn,          Allowed,         Allowed,         Allowed),
        new(Get,  "/concerns/{id:length(32)}",                  SignIn,          Allowed,         NotFound,        Allowed),
        new(Post, "/concerns/{id:length(32)}/close",            SignIn,          Forbidden,       NotFound,        Allowed),
        new(Post, "/concerns/{id:length(32)}/notes",            SignIn,          Forbidden,       NotFound,        Allowed),
        new(Post, "/concerns/{id:length(32)}/review",           SignIn,          Forbidden,       NotFound,        Allowed),

        new(Any,  "/error",                                     ServerErrorPage, ServerErrorPage, ServerErrorPage, ServerErrorPage),
        new(Any,  "/error/{code:int}",                          Allowed,         Allowed,         Allowed,         Allowed),

        new(Get,  "/health/live",                               Allowed,         Allowed,         Allowed,         Allowed),
        new(Head, "/health/live",                               Allowed,         Allowed,         Allowed,         Allowed),
        new(Any,  "/health/live",                               Allowed,         Allowed,         Allowed,         Allowed),
        new(Get,  "/health/ready",                              Allowed,         Allowed,         Allowed,         Allowed),
        new(Head, "/health/ready",                              Allowed,         Allowed,         Allowed,         Allowed),
        new(Any,  "/health/ready",                              Allowed,         Allowed,         Allowed,         Allowed),

        new(Get,  "/governors/changes",                         SignIn,          Forbidden,       Allowed,         Forbidden),
        new(Post, "/governors/changes/{id:int}/confirm",        SignIn,          Forbidden,       Allowed,         Forbidden),
        new(Post, "/governors/changes/{id:int}/decline",        SignIn,          Forbidden,       Allowed,         Forbidden),

        new(Get,  "/people",                                    SignIn,          Forbidden,       Forbidden,       Allowed),
        new(Post, "/people/changes/{id:int}/withdraw",          SignIn,          Forbidden,       Forbidden,       Allowed),
        new(Get,  "/people/audit",                              SignIn,          Forbidden,       Forbidden,       Allowed),
        new(Get,  "/people/groups",                             SignIn,          Forbidden,       Forbidden,       Allowed),
        new(Post, "/people/groups",                             SignIn,          Forbidden,       Forbidden,       Allowed),
        new(Post, "/people/groups/{id:int}/remove",             SignIn,          Forbidden,       Forbidden,       Allowed),
        new(Get,  "/people/invitations",                        SignIn,          Forbidden,       Forbidden,       Allowed),
        new(Post, "/people/invitations",                        SignIn,          Forbidden,       Forbidden,       Allowed),
        new(Get,  "/people/import",                             SignIn,          Forbidden,       Forbidden,       Allowed),
        new(Post, "/people/import",                             SignIn,          Forbidden,       Forbidden,       Allowed),
        new(Post, "/people/import/columns",                     SignIn,          Forbidden,       Forbidden,       Allowed),
        new(Post, "/people/import/columns/read",                SignIn,          Forbidden,       Forbidden,       Allowed),
        new(Post, "/people/import/roles",                       SignIn,          Forbidden,       Forbidden,       Allowed),
        new(Post, "/people/import/apply",                       SignIn,          Forbidden,       Forbidden,       Allowed),
        new(Get,  "/people/new",                                SignIn,          Forbidden,       Forbidden,       Allowed),
        new(Post, "/people/new",                                SignIn,          Forbidden,       Forbidden,       Allowed),
        new(Get,  "/people/{id}",                               SignIn,          Forbidden,       Forbidden,       Allowed),
        new(Get,  "/people/{id}/data",                          SignIn,          Forbidden,       Forbidden,       Allowed),
        new(Get,  "/people/{id}/edit",                          SignIn,          Forbidden,       Forbidden,       Allowed),
        new(Post, "/people/{id}/edit",                          SignIn,          Forbidden,       Forbidden,       Allowed),
        new(Post, "/people/{id}/invitation",                    SignIn,          Forbidden,       Forbidden,       Allowed),
        new(Get,  "/people/{id}/leave",                         SignIn,          Forbidden,       Forbidden,       Allowed),
        new(Post, "/people/{id}/leave",                         SignIn,          Forbidden,       Forbidden,       Allowed),
        new(Post, "/people/{id}/reactivate",                    SignIn,          Forbidden,       Forbidden,       Allowed),
        new(Post, "/people/{id}/school-account-only",           SignIn,          Forbidden,       Forbidden,       Allowed),
        new(Post, "/people/{id}/allow-password",                SignIn,          Forbidden,       Forbidden,       Allowed),

        new(Get,  "/policies",                                  SignIn,          Allowed,         Allowed,         Allowed),
        new(Get,  "/policies/new",                              SignIn,          Forbidden,       Forbidden,       Allowed),
        new(Post, "/policies/new",                              SignIn,          Forbidden,       Forbidden,       Allowed),
        new(Get,  "/policies/{slug}",                           SignIn,          Allowed,         Allowed,         Allowed),
        new(Post, "/policies/{slug}/acknowledge",               SignIn,          Allowed,         Allowed,         Allowed),
        new(Post, "/policies/{slug}/annual-review",             SignIn,          Forbidden,       Allowed,         Forbidden),
        new(Get,  "/policies/{slug}/compare",                   SignIn,          Allowed,         Allowed,         Allowed),
        new(Get,  "/policies/{slug}/details",                   SignIn,          Forbidden,       Forbidden,       Allowed),
        new(Post, "/policies/{slug}/details",                   SignIn,          Forbidden,       Forbidden,       Allowed),
        new(Get,  "/policies/{slug}/draft",                     SignIn,          Forbidden,       Forbidden,       Allowed),
        new(Post, "/policies/{slug}/draft",                     SignIn,          Forbidden,       Forbidden,       Allowed),
        new(Post, "/policies/{slug}/draft/autosave",            Unauthorized,    Forbidden,       Forbidden,       Allowed),
        new(Post, "/policies/{slug}/draft/preview",             Unauthorized,    Forbidden,       Forbidden,       Allowed),
        new(Get,  "/policies/{slug}/draft/discard",             SignIn,          Forbidden,       Forbidden,       Allowed),
        new(Get,  "/policies/{slug}/prior-adoption",            SignIn,          Forbidden,       Forbidden,       Allowed),
        new(Post, "/policies/{slug}/prior-adoption",            SignIn,          Forbidden,       Forbidden,       Allowed),
        new(Get,  "/policies/import",                           SignIn,          Forbidden,       Forbidden,       Allowed),
        new(Post, "/policies/import",                           SignIn,          Forbidden,       Forbidden,       Allowed),
        new(Get,  "/policies/import/adoptions",                 SignIn,          Forbidden,       Forbidden,       Allowed),
        new(Get,  "/policies/import/{batch:guid}",              SignIn,          Forbidden,       Forbidden,       NotFound),
        new(Post, "/policies/import/{batch:guid}",              SignIn,          Forbidden,       Forbidden,       Allowed),
        new(Get,  "/policies/import/{batch:guid}/images/{sha256:length(64)}", SignIn, Forbidden, Forbidden,       NotFound),
        new(Get,  "/policies/confirmations",                    SignIn,          Forbidden,       Allowed,         Forbidden),
        new(Post, "/policies/confirmations",                    SignIn,          Forbidden,       Allowed,         Forbidden),
        new(Get,  "/attachments/{sha256:length(64)}",           SignIn,          NotFound,        NotFound,        NotFound),
        new(Post, "/policies/{slug}/draft/discard",             SignIn,          Forbidden,       Forbidden,       Allowed),
        new(Post, "/policies/{slug}/draft/revise",              SignIn,          Forbidden,       Forbidden,       Allowed),
        new(Post, "/policies/{slug}/draft/start",               SignIn,          Forbidden,       Forbidden,       Allowed),
        new(Post, "/policies/{slug}/draft/submit",              SignIn,          Forbidden,       Forbidden,       Allowed),
        new(Post, "/policies/{slug}/restore",                   SignIn,          Forbidden,       Forbidden,       Allowed),
        new(Get,  "/policies/{slug}/retire",                    SignIn,          Forbidden,       Forbidden,       Allowed),
        new(Post, "/policies/{slug}/retire",                    SignIn,          Forbidden,       Forbidden,       Allowed),
        new(Get,  "/policies/{slug}/review",                    SignIn,          Forbidden,       Allowed,         Allowed),
        new(Post, "/policies/{slug}/review/adoption",           SignIn,          Forbidden,       Allowed,         Forbidden),
        new(Post, "/policies/{slug}/review/comments",           SignIn,          Forbidden,       Allowed,         Allowed),
        new(Post, "/policies/{slug}/review/views",              SignIn,          Forbidden,       Allowed,         Forbidden),
        new(Get,  "/policies/{slug}/revisions",                 SignIn,          Allowed,         Allowed,         Allowed),
        new(Get,  "/policies/{slug}/revisions/{version}",       SignIn,          Allowed,         Allowed,         Allowed),

        new(Get,  "/presences",                                 SignIn,          Allowed,         Allowed,         Allowed),
        new(Get,  "/presences/new",                             SignIn,          Allowed,         Forbidden,       Allowed),
        new(Post, "/presences/new",                             SignIn,          Allowed,         Forbidden,       Allowed),
        new(Get,  "/presences/register",                        SignIn,          Allowed,         Allowed,         Allowed),
        new(Get,  "/presences/review",                          SignIn,          Forbidden,       Allowed,         Allowed),
        new(Get,  "/presences/{id:int}",                        SignIn,          Allowed,         NotFound,        Allowed),
        new(Post, "/presences/{id:int}/decision",               SignIn,          Forbidden,       NotFound,        Allowed),
        new(Get,  "/presences/{id:int}/edit",                   SignIn,          Allowed,         NotFound,        Forbidden),
        new(Post, "/presences/{id:int}/edit",                   SignIn,          Allowed,         NotFound,        Forbidden),
        new(Post, "/presences/{id:int}/reconfirm",              SignIn,          Allowed,         NotFound,        Forbidden),
        new(Post, "/presences/{id:int}/resubmit",               SignIn,          Allowed,         NotFound,        Forbidden),
        new(Post, "/presences/{id:int}/retire",                 SignIn,          Allowed,         NotFound,        Forbidden),
        new(Post, "/presences/{id:int}/withdraw",               SignIn,          Allowed,         NotFound,        Forbidden),

        new(Get,  "/reviews",                                   SignIn,          Forbidden,       Allowed,         Allowed),
    ];

    [Fact]
    public void The_matrix_has_a_row_for_every_route_and_no_row_for_a_route_that_is_gone()
    {
        var routes = PortalRoutes.All(portal.App.Services);
        var rows = Matrix.Select(r => r.Route).ToList();

        var problems = routes.Except(rows).Select(r => $"{r} has no row in {nameof(AuthorizationMatrixTests)}.{nameof(Matrix)}: add one saying who may use it.")
            .Concat(rows.Except(routes).Select(r => $"{r} has a row in {nameof(AuthorizationMatrixTests)}.{nameof(Matrix)} but the app has no such route: remove the row."))
            .Concat(rows.GroupBy(r => r).Where(g => g.Count() > 1).Select(g => $"{g.Key} has more than one row."))
            .ToList();

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task Every_route_answers_each_role_as_the_matrix_says()
    {
        var tokens = new Dictionary<Caller, string>();
        foreach (var caller in MatrixPortal.Callers)
        {
            var page = caller == Caller.Anonymous ? "/account/sign-in" : "/";
            tokens[caller] = PortalClient.AntiforgeryToken(await portal.Client(caller).GetStringAsync(page));
        }

        var failures = new List<string>();

        // Reading first, then posting, and signing out last of all: the clients stay signed in throughout.
        foreach (var rule in Matrix.OrderBy(r => r.Method == Post).ThenBy(r => r.Pattern == "/account/sign-out"))
        {
            var url = portal.Url(rule.Route);
            foreach (var caller in MatrixPortal.Callers)
            {
                var client = portal.Client(caller);
                using var response = rule.Method == Post
                    ? await client.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = tokens[caller] }))
                    : await client.GetAsync(url);
                var expected = rule.For(caller);
                if (!Is(expected, response))
                {
                    failures.Add($"{rule.Method} {url} ({rule.Pattern}) as {caller}: expected {expected}, got {Describe(response)}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static bool Is(Outcome expected, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        return expected switch
        {
            SignIn => IsSignInRedirect(response),
            Unauthorized => status == 401 && PathAndQuery(response.Headers.Location!).StartsWith("/account/sign-in?ReturnUrl=", StringComparison.Ordinal),
            Forbidden => status == 403,
            NotFound => status == 404,
            ServerErrorPage => status == 500,
            _ => status is not (401 or 403 or 404) and < 500 && !IsSignInRedirect(response),
        };
    }

    // The challenge carries a ReturnUrl; signing out also ends on the sign-in page, but without one.
    private static bool IsSignInRedirect(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Redirect
        && PathAndQuery(response.Headers.Location!).StartsWith("/account/sign-in?ReturnUrl=", StringComparison.Ordinal);

    private static string Describe(HttpResponseMessage response) =>
        response.Headers.Location is { } location ? $"{(int)response.StatusCode} to {PathAndQuery(location)}" : ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string PathAndQuery(Uri location) => location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
}
