using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace PolicyPortal.LoadClient;

internal static class Commands
{
    /// <summary>Signs in the Principal and <c>--people</c> others, four at a time: each sign-in costs the portal a password hash.</summary>
    public static async Task<int> SignInAsync(Options options)
    {
        var people = await new TrustDatabase(options.Text("db")).PeopleAsync(options.Number("people"));
        using var portal = new Portal(options);
        var sessions = new PortalSession[people.Count];
        var stopwatch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, people.Count), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
            sessions[i] = await portal.SignInAsync(people[i]));
        PortalSession.Save(options.Text("sessions"), sessions);
        Console.WriteLine($"Signed in {sessions.Length:N0} people in {stopwatch.Elapsed.TotalSeconds:N1} s.");
        return 0;
    }

    /// <summary>
    /// Renews every session's cookie (the portal checks a cookie older than a minute against the account on every request,
    /// which a browser avoids by taking the renewed cookie), then writes the request files that requests.lua replays.
    /// The portal renews only a cookie already older than a minute. So that no cookie passes the minute during the
    /// measure that follows (<c>--fresh-for</c> seconds from now), it first waits for any that would, then renews them.
    /// </summary>
    public static async Task<int> RequestsAsync(Options options)
    {
        var sessions = PortalSession.Load(options.Text("sessions"));
        var waited = await WaitForCookiesDueWithinAsync(sessions, TimeSpan.FromSeconds(options.Number("fresh-for", 0)));
        var renewing = DateTimeOffset.UtcNow;
        using (var portal = new Portal(options))
        {
            await Parallel.ForEachAsync(sessions, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (session, _) => await portal.RenewAsync(session));
        }

        var renewed = sessions.Count(s => s.SignInCookieSetAt >= renewing);
        PortalSession.Save(options.Text("sessions"), sessions);
        var database = new TrustDatabase(options.Text("db"));
        var policies = await database.PoliciesInForceAsync();
        var unsigned = await database.UnsignedAsync(sessions, seed: 7);
        var written = RequestFiles.Write(options.Text("out"), sessions, policies, unsigned);
        Console.WriteLine($"Waited {waited.TotalSeconds:0.0} s; {renewed:N0} of {sessions.Count:N0} sessions given a new cookie; {written}.");
        return 0;
    }

    // The portal's SecurityStampValidatorOptions.ValidationInterval (Program.cs).
    private static readonly TimeSpan CookieCheckedAfter = TimeSpan.FromMinutes(1);

    // A cookie younger than a minute now that would pass it within the window is waited for, so that it is renewed now.
    private static async Task<TimeSpan> WaitForCookiesDueWithinAsync(IReadOnlyList<PortalSession> sessions, TimeSpan window)
    {
        var now = DateTimeOffset.UtcNow;
        var due = sessions
            .Select(s => now - s.SignInCookieSetAt)
            .Where(age => age < CookieCheckedAfter && age + window >= CookieCheckedAfter)
            .ToList();
        if (due.Count == 0)
        {
            return TimeSpan.Zero;
        }

        // A second more than the youngest needs, for the clocks of the client and the portal.
        var wait = CookieCheckedAfter - due.Min() + TimeSpan.FromSeconds(1);
        await Task.Delay(wait);
        return wait;
    }

    /// <summary>
    /// The kill test's load: posts signatures by many workers at once until the portal stops answering, and writes down
    /// which the portal answered with a receipt and which were sent but never answered.
    /// </summary>
    public static async Task<int> SignUntilRefusedAsync(Options options)
    {
        var sessions = PortalSession.Load(options.Text("sessions"));
        var queue = new ConcurrentQueue<Unsigned>(await new TrustDatabase(options.Text("db")).UnsignedAsync(sessions, seed: Environment.TickCount));
        var answered = new ConcurrentBag<AnsweredSignature>();
        var noAnswer = new ConcurrentBag<Unsigned>();
        var refused = new ConcurrentBag<string>();
        var workers = options.Number("workers", 16);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(options.Number("seconds", 120)));
        using var portal = new Portal(options, workers);

        // kill.sh waits for this line before it chooses when to kill.
        Console.WriteLine($"Posting up to {queue.Count:N0} signatures with {workers} workers.");
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
        {
            while (!deadline.IsCancellationRequested && queue.TryDequeue(out var signature))
            {
                var result = await portal.SignAsync(signature);
                switch (result.Outcome)
                {
                    case PostOutcome.Receipt:
                        answered.Add(new AnsweredSignature(signature.Session.Person.UserId, signature.Policy.RevisionId, result.AcknowledgementId));
                        continue;
                    case PostOutcome.Refused:
                        refused.Add(result.Problem!);
                        continue;
                    case PostOutcome.NoAnswer:
                        noAnswer.Add(signature);
                        return;
                    default:
                        return;
                }
            }
        }));

        PortalSession.Save(options.Text("sessions"), sessions);
        SignatureFiles.SaveAnswered(options.Text("answered"), answered);
        SignatureFiles.SaveInFlight(options.Text("in-flight"), noAnswer);
        Console.WriteLine(
            $"{answered.Count:N0} signatures answered with a receipt in {stopwatch.Elapsed.TotalSeconds:N1} s, {noAnswer.Count} sent but not answered, " +
            $"{refused.Count} refused{(refused.IsEmpty ? string.Empty : ": " + string.Join(", ", refused.Distinct().Take(5)))}; {queue.Count:N0} left unsent.");
        return refused.IsEmpty ? 0 : 1;
    }

    /// <summary>
    /// After the portal restarts: every signature it answered is stored, none twice, the file is sound; and each signature
    /// that was sent but not answered is either stored or, posted again, is stored now, once.
    /// </summary>
    public static async Task<int> VerifyAsync(Options options)
    {
        var database = new TrustDatabase(options.Text("db"));
        var sessions = PortalSession.Load(options.Text("sessions")).ToDictionary(s => s.Person.UserId, StringComparer.Ordinal);
        var policies = (await database.PoliciesInForceAsync()).ToDictionary(p => p.RevisionId);
        var answered = SignatureFiles.LoadAnswered(options.Text("answered"));
        var inFlight = SignatureFiles.LoadInFlight(options.Text("in-flight"));

        var integrity = await database.IntegrityCheckAsync();
        var stored = (await database.SignaturesAsync()).ToDictionary(s => s.Id);
        var missing = answered.Count(a => !stored.TryGetValue(a.AcknowledgementId, out var s) || s.UserId != a.UserId || s.RevisionId != a.RevisionId);
        var storedPairs = stored.Values.Select(s => (s.UserId, s.RevisionId)).ToHashSet();
        var writtenBeforeKill = inFlight.Count(storedPairs.Contains);

        // Sent again as the person would after an error page: each must lead to a receipt, new or already there.
        var resent = new ConcurrentBag<PostResult>();
        using (var portal = new Portal(options))
        {
            await Parallel.ForEachAsync(inFlight, async (pair, _) =>
                resent.Add(await portal.SignAsync(new Unsigned(sessions[pair.UserId], policies[pair.RevisionId]))));
        }

        var afterResending = await database.SignaturesAsync();
        var duplicated = afterResending.GroupBy(s => (s.UserId, s.RevisionId)).Count(g => g.Count() > 1);
        var inFlightPairs = inFlight.ToHashSet();
        var inFlightStoredOnce = afterResending.Count(s => inFlightPairs.Contains((s.UserId, s.RevisionId)));
        var resentFailed = resent.Count(r => r.Outcome != PostOutcome.Receipt);

        var counts = new VerificationCounts(answered.Count, missing, inFlight.Count, writtenBeforeKill, resentFailed, inFlightStoredOnce, duplicated, integrity, afterResending.Count);
        Console.WriteLine(counts.Sentence());
        if (options.Optional("counts") is { } countsFile)
        {
            File.AppendAllLines(countsFile, [counts.Row()]);
        }

        return counts.AllKept ? 0 : 1;
    }

    /// <summary>Writes the benchmark's table; fails when any response was an error, so run.sh does too.</summary>
    public static int Report(Options options)
    {
        var report = new BenchmarkReport(options);
        File.WriteAllText(options.Text("out"), report.Markdown());
        return report.Errors().Count == 0 ? 0 : 1;
    }

    public static int Chart(Options options)
    {
        var samples = File.ReadLines(options.Text("samples"))
            .Select(line => line.Split('\t'))
            .Select(f => new MemorySample(double.Parse(f[0], CultureInfo.InvariantCulture), double.Parse(f[1], CultureInfo.InvariantCulture)))
            .ToList();
        var chart = new MemoryChart(samples, options.Number("limit-mb", 300));
        File.WriteAllText(options.Text("out"), chart.Svg());
        Console.WriteLine(chart.Summary());
        return 0;
    }
}
