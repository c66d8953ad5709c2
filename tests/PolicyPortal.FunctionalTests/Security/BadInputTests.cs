using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.DependencyInjection;
using PolicyPortal.Testing;

namespace PolicyPortal.FunctionalTests.Security;

/// <summary>
/// Whatever is sent to a form, the answer is a page with a message, never a server error, and nothing sent comes back
/// as markup. The forms are every POST route of the app, each with the fields its action binds, both read from the app
/// itself: a new action or a new field is covered without a change here.
/// </summary>
public sealed class BadInputTests(MatrixPortal portal) : IClassFixture<MatrixPortal>
{
    /// <summary>Markup that may only ever come back escaped.</summary>
    private const string Marker = "<b id=\"junk-7f3\">";

    private const int LongValue = 1_000_000;

    /// <summary>Sent to every field: empty, control characters, a right-to-left override, emoji, markup, SQL.</summary>
    private static readonly string[] AnyField = ["", "\u0000\u0001\u001b[31m\r\n\u2028", "\u202Egnp.exe", "😀👩‍🏫", Marker + "bold", "'; DROP TABLE Policies; --", "x' OR '1'='1"];

    // The teacher owns the records the routes name, so each route is posted to as the first of these the matrix allows.
    private static readonly Caller[] CallerOrder = [Caller.Staff, Caller.Governor, Caller.Principal, Caller.Anonymous];

    [Fact]
    public async Task Every_form_answers_any_input_with_a_page_and_never_shows_it_back_as_markup()
    {
        var services = portal.App.Services;
        var metadata = services.GetRequiredService<IModelMetadataProvider>();
        var actions = PortalRoutes.Actions(services);
        var pages = await FormPagesAsync();
        var failures = new List<string>();

        // Descending, so that on each record the step that ends it (closing a concern, deciding a request, adopting a
        // revision) comes after the steps that need it open.
        foreach (var route in PortalRoutes.All(services).Where(r => r.Method == HttpMethod.Post.Method).OrderByDescending(r => r.Pattern, StringComparer.Ordinal))
        {
            var rule = AuthorizationMatrixTests.Matrix.SingleOrDefault(r => r.Route == route);
            if (rule is null || !CallerOrder.Any(c => rule.For(c) == Outcome.Allowed) || !actions.TryGetValue(route, out var action))
            {
                failures.Add($"{route}: no controller action that the authorization matrix lets anyone use, so its form cannot be sent.");
                continue;
            }

            var caller = CallerOrder.First(c => rule.For(c) == Outcome.Allowed);
            var url = portal.Url(route);
            var client = await portal.NewClientAsync(caller);
            var page = pages.GetValueOrDefault((caller, url));
            var fields = FormField.Of(route, action, metadata);
            var form = await FormAsync(client, page, url);
            foreach (var attempt in Attempts(fields))
            {
                using var response = await PostAsync(client, url, form, attempt, fields);
                if (await ProblemAsync(response) is { } problem)
                {
                    failures.Add($"POST {url} ({route.Pattern}) as {caller}, {attempt.Description}: {problem}");
                }

                // Something changed: the next post starts from the form as it is now, with its new concurrency stamp.
                if ((int)response.StatusCode is >= 300 and < 400)
                {
                    form = await FormAsync(client, page, url);
                }
            }
        }

        failures.AddRange(await MarkupShownAsync());
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>One post: the values given for some fields, the rest as the page sends them.</summary>
    private sealed record Attempt(string Description, Dictionary<string, string[]> Values)
    {
        // As model binding reads them: a parameter concurrencyStamp is the form's ConcurrencyStamp.
        public Dictionary<string, string[]> Values { get; } = new(Values, StringComparer.OrdinalIgnoreCase);
    }

    private static IEnumerable<Attempt> Attempts(IReadOnlyList<FormField> fields)
    {
        if (fields.Count == 0)
        {
            yield return new Attempt("the form as the page sends it", []);
            yield break;
        }

        foreach (var field in fields)
        {
            foreach (var value in AnyField.Concat(WrongFor(field.ValueType)))
            {
                yield return new Attempt($"{field.Name} = {JsonSerializer.Serialize(value)}", new() { [field.Name] = [value] });
            }

            yield return new Attempt($"{field.Name} sent twice", new() { [field.Name] = [Marker, string.Empty] });
        }

        // Once for the whole form rather than once a field, to keep the run short.
        var longValue = new string('x', LongValue);
        yield return new Attempt("every field 1 MB long", fields.ToDictionary(f => f.Name, _ => new[] { longValue }));
    }

    /// <summary>Wrong types and out-of-range values for what the field is read into.</summary>
    private static string[] WrongFor(Type type) => type switch
    {
        _ when type == typeof(string) => ["-1", "99999999999999999999"],
        _ when type.IsEnum => ["NotAValue", "999", "-1"],
        _ when type == typeof(bool) => ["maybe", "2"],
        _ when type == typeof(Guid) => ["not-a-guid", Guid.Empty.ToString()],
        _ when type == typeof(DateOnly) || type == typeof(DateTime) || type == typeof(DateTimeOffset) => ["not-a-date", "0001-01-01", "9999-12-31", "2026-02-30"],
        _ => ["not-a-number", "-1", "0", "2147483648", "99999999999999999999", "1e308"],
    };

    /// <summary>The page each form is on, for each caller: found by opening every page the app serves.</summary>
    private async Task<Dictionary<(Caller, string), string>> FormPagesAsync()
    {
        var pages = new Dictionary<(Caller, string), string>();
        foreach (var caller in CallerOrder)
        {
            foreach (var url in PageUrls())
            {
                using var response = await portal.Client(caller).GetAsync(url);
                if (response.StatusCode == HttpStatusCode.OK && response.Content.Headers.ContentType?.MediaType == "text/html")
                {
                    foreach (var action in PageForms.Read(await response.Content.ReadAsStringAsync()).Keys)
                    {
                        pages.TryAdd((caller, action), url);
                    }
                }
            }
        }

        return pages;
    }

    /// <summary>Every page the app serves, at addresses filled with the matrix's records.</summary>
    private IEnumerable<string> PageUrls() =>
        PortalRoutes.All(portal.App.Services).Where(r => r.Method is "GET").Select(portal.Url).Append("/people?status=Everyone");

    /// <summary>The form that posts to <paramref name="url"/> as its page offers it now, or just a token where no page offers it.</summary>
    private static async Task<List<KeyValuePair<string, string>>> FormAsync(HttpClient client, string? page, string url)
    {
        // A post may have signed the client out or taken the form away: then a token from whichever page has one.
        var html = string.Empty;
        foreach (var candidate in new[] { page, "/", "/account/sign-in" }.OfType<string>())
        {
            using var response = await client.GetAsync(candidate);
            html = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.OK && html.Contains("__RequestVerificationToken", StringComparison.Ordinal))
            {
                break;
            }
        }

        var fields = PageForms.Read(html).GetValueOrDefault(url) ?? [];
        return [new("__RequestVerificationToken", PortalClient.AntiforgeryToken(html)), .. fields.Where(f => f.Key != "__RequestVerificationToken")];
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string url, List<KeyValuePair<string, string>> form, Attempt attempt, IReadOnlyList<FormField> fields)
    {
        var values = form.Where(f => !attempt.Values.ContainsKey(f.Key))
            .Concat(attempt.Values.SelectMany(v => v.Value.Select(value => new KeyValuePair<string, string>(v.Key, value))))
            .ToList();
        var files = fields.Where(f => f.IsFile).Select(f => f.Name).ToHashSet();
        if (files.Count == 0)
        {
            return client.PostAsync(url, new FormUrlEncodedContent(values));
        }

        // A file field gets a CSV file, the only kind the portal takes, with the value in every cell.
        var multipart = new MultipartFormDataContent();
        foreach (var (name, value) in values)
        {
            if (files.Contains(name))
            {
                var file = new ByteArrayContent(Encoding.UTF8.GetBytes($"Name,Email,Role\n{value},{value},{value}\n"));
                file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
                multipart.Add(file, name, "junk.csv");
            }
            else
            {
                multipart.Add(new StringContent(value), name);
            }
        }

        return client.PostAsync(url, multipart);
    }

    /// <summary>Why the answer is not acceptable, or null: a server error, or a refusal whose page says nothing.</summary>
    private static async Task<string?> ProblemAsync(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (status < 400)
        {
            return null;
        }

        if (status >= 500)
        {
            return $"{status}";
        }

        // A message: the form's error summary, a problem notice (both role="alert"), or a status page; or, for the draft
        // editor's script, its problem in words.
        var page = await response.Content.ReadAsStringAsync();
        return response.Content.Headers.ContentType?.MediaType switch
        {
            "text/html" when page.Contains("role=\"alert\"", StringComparison.Ordinal) || page.Contains("Error code", StringComparison.Ordinal) => null,
            "application/json" when JsonSerializer.Deserialize<JsonElement>(page).TryGetProperty("problem", out var problem) && problem.GetString() is { Length: > 0 } => null,
            _ => $"{status} with no message on the page",
        };
    }

    /// <summary>
    /// Every page, and the personal data download, as each person involved sees them after all that was sent: none may
    /// contain the markup as markup, and some must show it escaped, or the check proves nothing. CSV files are data, and
    /// emails plain text, where markup does nothing.
    /// </summary>
    private async Task<IEnumerable<string>> MarkupShownAsync()
    {
        var failures = new List<string>();
        var escapedSomewhere = false;
        foreach (var caller in new[] { Caller.Staff, Caller.Governor, Caller.Principal })
        {
            foreach (var url in PageUrls())
            {
                using var response = await portal.Client(caller).GetAsync(url);
                if (response.Content.Headers.ContentType?.MediaType is "text/html" or "application/json")
                {
                    var body = await response.Content.ReadAsStringAsync();
                    if (body.Contains(Marker, StringComparison.Ordinal))
                    {
                        failures.Add($"GET {url} as {caller} shows {Marker} as markup.");
                    }

                    escapedSomewhere |= body.Contains(WebUtility.HtmlEncode(Marker), StringComparison.Ordinal);
                }
            }
        }

        if (!escapedSomewhere)
        {
            failures.Add($"No page shows {Marker} even escaped: nothing sent was kept, so the check above proves nothing.");
        }

        return failures;
    }
}
