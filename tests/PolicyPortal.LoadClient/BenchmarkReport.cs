using System.Globalization;
using System.Text;

namespace PolicyPortal.LoadClient;

/// <summary>
/// The benchmark's table for docs/performance.md, from run.sh's results: one line per run and measure, as
/// <c>run=N measure=NAME key=value ...</c> (requests.lua's RESULT line, and the signatures stored during signing).
/// Each figure is the median over the runs, against the capacity targets of docs/decisions/0022-capacity-not-a-ratio.md.
/// </summary>
internal sealed class BenchmarkReport
{
    private readonly List<Dictionary<string, string>> results;
    private readonly Options options;

    public BenchmarkReport(Options options)
    {
        this.options = options;
        results = File.ReadLines(options.Text("results"))
            .Where(line => line.StartsWith("run=", StringComparison.Ordinal))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(pair => pair.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal))
            .ToList();
    }

    /// <summary>Every response the expected one, no socket errors, no signature posted twice, and each answered signature stored.</summary>
    public IReadOnlyList<string> Errors()
    {
        var errors = new List<string>();
        foreach (var r in results.Where(r => r.ContainsKey("unexpected")))
        {
            var (unexpected, socket, repeated) = (Number(r, "unexpected"), Number(r, "socket_errors"), Number(r, "repeated"));
            if (unexpected + socket + repeated > 0)
            {
                errors.Add($"run {r["run"]}, {r["measure"]}: {unexpected} unexpected responses, {socket} socket errors, {repeated} signatures posted a second time (sign in more people: SIGNED_IN)");
            }
        }

        foreach (var stored in results.Where(r => r["measure"] == "stored"))
        {
            var answered = Number(Of("signing").Single(r => r["run"] == stored["run"]), "requests");
            var count = Number(stored, "signatures");
            if (count < answered || count > answered + options.Number("connections"))
            {
                errors.Add($"run {stored["run"]}: {answered} signatures answered with a receipt but {count} stored");
            }
        }

        return errors;
    }

    public string Markdown()
    {
        var people = options.Number("people");
        var connections = options.Number("connections");
        var runs = Of("plain").Count;
        var startups = File.ReadLines(options.Text("startup")).Select(l => double.Parse(l, CultureInfo.InvariantCulture) / 1000).ToList();
        var peak = options.Number("peak-mb");
        var errors = Errors();

        var text = new StringBuilder();
        void Line(FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));
        Line($"**Measured** {DateTime.UtcNow:d MMMM yyyy} on {options.Text("machine")}.");
        Line($"");
        Line($"**Trust**: {people:N0} people, {options.Number("policies")} policies; {options.Number("signed-in"):N0} of them signed in for the policy page and signing. wrk on the same machine, {options.Number("seconds")} s a run; each figure is the median of {runs} runs after a warm-up, each run's figures after it.");
        Line($"");
        Line($"| Measure | Median | Each run | Target | Met |");
        Line($"| --- | --- | --- | --- | --- |");
        Line($"| Plain text endpoint `/health/live`, {connections} connections | {Median("plain", "rps"):N0} requests/s, p99 {Median("plain", "p99"):N1} ms | {Each("plain", "rps", "N0")} | the pipeline's ceiling on this machine, for context | |");
        Line($"| Policy page `/policies/{{slug}}`, signed in, {connections} connections | {Median("page", "rps"):N0} requests/s, p99 {Median("page", "p99"):N1} ms | {Each("page", "rps", "N0")} | ≥ 1,500/s (the busiest hour needs about 60), p99 < 50 ms | {Met(Median("page", "rps") >= 1500 && Median("page", "p99") < 50)} |");
        Line($"| Signing: `POST /policies/{{slug}}/acknowledge`, each by a different person or for a different policy, {connections} connections | {Median("signing", "rps"):N0} signatures/s, p99 {Median("signing", "p99"):N1} ms | {Each("signing", "rps", "N0")} | ≥ 500/s (the busiest hour needs about 6), no error responses | {Met(Median("signing", "rps") >= 500 && errors.Count == 0)} |");
        Line($"| Compliance dashboard `/compliance`, one request at a time | {Median("dashboard", "p50"):N0} ms, p99 {Median("dashboard", "p99"):N0} ms | {Each("dashboard", "p50", "N0")} ms | < 200 ms | {Met(Median("dashboard", "p50") < 200)} |");
        Line($"| Sign-off CSV, {people:N0} rows, one request at a time | {Median("csv", "p50"):N0} ms, p99 {Median("csv", "p99"):N0} ms | {Each("csv", "p50", "N0")} ms | < 1 s | {Met(Median("csv", "p50") < 1000)} |");
        Line($"| Peak memory of the app (VmHWM), the whole run | {peak:N0} MB | | < 300 MB | {Met(peak < 300)} |");
        Line($"| Start to first response (`/health/live`) | {Median(startups):N1} s | {string.Join(" · ", startups.Select(s => s.ToString("N1", CultureInfo.InvariantCulture)))} s | < 3 s | {Met(Median(startups) < 3)} |");
        Line($"");
        Line($"{(errors.Count == 0 ? "Errors: none. Every response had the expected status (a signature: a redirect to its receipt), and every signature answered was stored." : "**Errors**: " + string.Join("; ", errors) + ".")}");
        return text.ToString();
    }

    private static string Met(bool met) => met ? "yes" : "**no**";

    private List<Dictionary<string, string>> Of(string measure) => results.Where(r => r["measure"] == measure).OrderBy(r => Number(r, "run")).ToList();

    private double Median(string measure, string key) => Median(Of(measure).Select(r => Number(r, key)).ToList());

    private string Each(string measure, string key, string format) =>
        string.Join(" · ", Of(measure).Select(r => Number(r, key).ToString(format, CultureInfo.InvariantCulture)));

    private static double Number(Dictionary<string, string> result, string key) => double.Parse(result[key], CultureInfo.InvariantCulture);

    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
