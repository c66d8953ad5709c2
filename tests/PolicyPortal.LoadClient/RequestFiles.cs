using PolicyPortal.Testing;

namespace PolicyPortal.LoadClient;

/// <summary>
/// The files tests/load/requests.lua replays under wrk: one request a line, as method, path, Cookie header and body,
/// separated by tabs.
/// </summary>
internal static class RequestFiles
{
    /// <summary>How many policy pages each person reads, so the pages read are many (person, policy) pairs.</summary>
    private const int PagesPerPerson = 3;

    public static string Write(string directory, IReadOnlyList<PortalSession> sessions, IReadOnlyList<PolicyInForce> policies, IReadOnlyList<Unsigned> unsigned)
    {
        Directory.CreateDirectory(directory);
        var principal = sessions.Single(s => s.Person.IsPrincipal);
        var people = sessions.Where(s => !s.Person.IsPrincipal).ToList();

        var reads = people
            .SelectMany((s, i) => Enumerable.Range(0, PagesPerPerson).Select(k => Line("GET", $"/policies/{policies[((i * PagesPerPerson) + k) % policies.Count].Slug}", s.CookieHeader)))
            .ToArray();
        new Random(11).Shuffle(reads);

        File.WriteAllLines(Path.Combine(directory, "plain.txt"), [Line("GET", "/health/live", string.Empty)]);
        File.WriteAllLines(Path.Combine(directory, "read.txt"), reads);
        File.WriteAllLines(Path.Combine(directory, "sign.txt"), unsigned.Select(u => Line("POST", Portal.SignPath(u.Policy), u.Session.CookieHeader, Portal.SignBody(u))));
        File.WriteAllLines(Path.Combine(directory, "dashboard.txt"), [Line("GET", "/compliance", principal.CookieHeader)]);
        File.WriteAllLines(Path.Combine(directory, "csv.txt"), [Line("GET", $"/compliance/{SeedPolicy.Slug}/sign-off.csv", principal.CookieHeader)]);
        return $"{reads.Length:N0} policy pages to read by {people.Count:N0} people, {unsigned.Count:N0} signatures to post";
    }

    private static string Line(string method, string path, string cookie, string body = "") => string.Join('\t', method, path, cookie, body);
}
