using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PolicyPortal.Testing;

namespace PolicyPortal.FunctionalTests.Security;

/// <summary>A form sent from another site carries no antiforgery token: whatever the route, it is refused and nothing happens.</summary>
public sealed class AntiforgeryTests(MatrixPortal portal) : IClassFixture<MatrixPortal>
{
    private const string RefusedFormPage = "If you were sending a form, it may have expired";

    [Fact]
    public async Task Every_post_without_an_antiforgery_token_is_refused_with_400_and_changes_nothing()
    {
        var routes = PortalRoutes.All(portal.App.Services);
        var before = await EverythingStoredAsync(portal.App);
        var failures = new List<string>();

        // Each post goes as every caller the matrix lets past authorization, anonymous ones too (sign-in, set-password).
        foreach (var route in routes.Where(r => r.Method == HttpMethod.Post.Method))
        {
            var rule = AuthorizationMatrixTests.Matrix.SingleOrDefault(r => r.Route == route);
            if (rule is null)
            {
                failures.Add($"{route} has no row in the authorization matrix, so nobody knows who to post as.");
                continue;
            }

            var url = portal.Url(route);
            foreach (var caller in MatrixPortal.Callers.Where(c => rule.For(c) is not (Outcome.SignIn or Outcome.Unauthorized or Outcome.Forbidden)))
            {
                using var response = await portal.Client(caller).PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>()));
                var page = await response.Content.ReadAsStringAsync();
                if (ChangesNothingWithoutAToken(route, caller))
                {
                    if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Redirect))
                    {
                        failures.Add($"POST {url} as {caller} without a token: expected its page, got {(int)response.StatusCode}");
                    }

                    continue;
                }

                // An empty form may answer 400 from the action too: the status page's own words show the token was the reason.
                if (response.StatusCode != HttpStatusCode.BadRequest || !page.Contains(RefusedFormPage, StringComparison.Ordinal))
                {
                    var got = response.StatusCode == HttpStatusCode.BadRequest ? "400 from the action itself" : ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    failures.Add($"POST {url} as {caller} without a token: expected 400 from the antiforgery check, got {got}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(before, await EverythingStoredAsync(portal.App));
    }

    /// <summary>
    /// The posts a form from a session that has ended may send, answered without its token (which belonged to that
    /// session) because they change nothing: the "session ended" sign-in page, which carries the form's fields, and
    /// signing out when already signed out. The check that nothing stored changed covers them too.
    /// </summary>
    private static bool ChangesNothingWithoutAToken(PortalRoute route, Caller caller) =>
        route.Pattern == "/account/session-ended" || (route.Pattern == "/account/sign-out" && caller == Caller.Anonymous);

    [Fact]
    public async Task A_refused_form_gets_the_refused_form_page_whatever_fields_it_carries()
    {
        // The status page is the post re-executed: a field named like the page's own route value must not choose the page.
        using var response = await portal.Client(Caller.Staff).PostAsync("/concerns/new", new FormUrlEncodedContent(new Dictionary<string, string> { ["code"] = "404" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(RefusedFormPage, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_error_pages_and_the_health_checks_refusals_answer_every_method_and_so_skip_the_antiforgery_check()
    {
        // The error pages re-execute a refused post as a post, so they must not ask it for a token; the health checks
        // answer any method but GET and HEAD with 405 and change nothing. Nothing else may skip it.
        var anyMethod = PortalRoutes.All(portal.App.Services).Where(r => r.Method == PortalRoutes.AnyMethod).Select(r => r.Pattern).Order();

        Assert.Equal(["/error", "/error/{code:int}", "/health/live", "/health/ready"], anyMethod);
    }

    /// <summary>Every row of every table, and every email waiting to go: if a refused post changed anything, this changes.</summary>
    private static async Task<string> EverythingStoredAsync(PortalApplication app)
    {
        var stored = await app.WithDatabaseAsync(async db =>
        {
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            var tables = new List<string>();
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    tables.Add(reader.GetString(0));
                }
            }

            var text = new StringBuilder();
            foreach (var table in tables)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"SELECT * FROM \"{table}\" ORDER BY rowid";
                await using var reader = await command.ExecuteReaderAsync();
                text.Append(table).Append('\n');
                while (await reader.ReadAsync())
                {
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        text.Append(reader.GetValue(i)).Append('|');
                    }

                    text.Append('\n');
                }
            }

            return text.ToString();
        });
        string[] mail = Directory.Exists(app.MailPickupDirectory) ? [.. Directory.GetFiles(app.MailPickupDirectory).Order(StringComparer.Ordinal)] : [];
        return stored + string.Join("\n", mail);
    }
}
