using System.Globalization;

namespace PolicyPortal.LoadClient;

/// <summary>One person signed in: who they are, and what a browser would hold for them (cookies and a form token).</summary>
internal sealed class PortalSession(Person person)
{
    // The portal's sign-in cookie (Program.cs), which may come in chunks named after it.
    private const string SignInCookieName = "__Host-PolicyPortal.Auth";

    private readonly Dictionary<string, string> cookies = new(StringComparer.Ordinal);

    public Person Person { get; } = person;

    /// <summary>The antiforgery token of this person's forms; it stays valid while their antiforgery cookie does.</summary>
    public string FormToken { get; set; } = string.Empty;

    /// <summary>When the portal last set this person's sign-in cookie: from a minute later it checks the cookie against the account.</summary>
    public DateTimeOffset SignInCookieSetAt { get; private set; }

    /// <summary>The Cookie header a browser would send.</summary>
    public string CookieHeader
    {
        get
        {
            lock (cookies)
            {
                return string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}"));
            }
        }
    }

    /// <summary>Keeps the cookies a response sets, as a browser would: a renewed sign-in cookie replaces the old one.</summary>
    public void Keep(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            return;
        }

        lock (cookies)
        {
            foreach (var setCookie in setCookies)
            {
                var pair = setCookie.Split(';', 2)[0];
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                var name = pair[..equals].Trim();
                var value = pair[(equals + 1)..].Trim();
                var expired = value.Length == 0 || setCookie.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase);
                if (expired)
                {
                    cookies.Remove(name);
                }
                else
                {
                    cookies[name] = value;
                    if (name.StartsWith(SignInCookieName, StringComparison.Ordinal))
                    {
                        SignInCookieSetAt = DateTimeOffset.UtcNow;
                    }
                }
            }
        }
    }

    /// <summary>
    /// Sessions are saved one a line: user id, email, full name, roles, form token, when the sign-in cookie was set (Unix
    /// milliseconds), Cookie header.
    /// </summary>
    public static void Save(string path, IEnumerable<PortalSession> sessions) =>
        File.WriteAllLines(path, sessions.Select(s => string.Join(
            '\t', s.Person.UserId, s.Person.Email, s.Person.FullName, string.Join(',', s.Person.Roles), s.FormToken,
            s.SignInCookieSetAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), s.CookieHeader)));

    public static List<PortalSession> Load(string path) =>
        File.ReadLines(path).Select(line =>
        {
            var fields = line.Split('\t');
            var session = new PortalSession(new Person(fields[0], fields[1], fields[2], fields[3].Split(',', StringSplitOptions.RemoveEmptyEntries)))
            {
                FormToken = fields[4],
                SignInCookieSetAt = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(fields[5], CultureInfo.InvariantCulture)),
            };
            foreach (var cookie in fields[6].Split("; ", StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = cookie.IndexOf('=', StringComparison.Ordinal);
                session.cookies[cookie[..equals]] = cookie[(equals + 1)..];
            }

            return session;
        }).ToList();
}
