using System.Globalization;
using System.Text;

namespace PolicyPortal.LoadClient;

/// <summary>The app's resident memory at one moment of the soak, in seconds since the mixed load began and megabytes.</summary>
internal sealed record MemorySample(double Seconds, double Megabytes);

/// <summary>The soak's memory curve as an SVG line chart, written directly so no plotting tool is needed.</summary>
internal sealed class MemoryChart(IReadOnlyList<MemorySample> samples, int limitMegabytes)
{
    private const int Width = 760;
    private const int Height = 360;
    private const int Left = 60;
    private const int Right = 20;
    private const int Top = 40;
    private const int Bottom = 50;

    public double Peak => samples.Max(s => s.Megabytes);

    /// <summary>Megabytes a minute over the second half of the run, by least squares: near zero when memory has levelled off.</summary>
    public double SecondHalfSlope
    {
        get
        {
            var half = samples.Where(s => s.Seconds >= samples[^1].Seconds / 2).ToList();
            var meanX = half.Average(s => s.Seconds);
            var meanY = half.Average(s => s.Megabytes);
            var spread = half.Sum(s => (s.Seconds - meanX) * (s.Seconds - meanX));
            return spread == 0 ? 0 : half.Sum(s => (s.Seconds - meanX) * (s.Megabytes - meanY)) / spread * 60;
        }
    }

    public string Summary() => string.Create(
        CultureInfo.InvariantCulture,
        $"{samples.Count} samples over {samples[^1].Seconds / 60:N1} min: peak {Peak:N0} MB, last {samples[^1].Megabytes:N0} MB, {SecondHalfSlope:+0.0;-0.0} MB/min over the second half.");

    public string Svg()
    {
        // The last sample lands a few seconds after the last whole minute; the axis ends at that minute.
        var minutes = Math.Max(1, (int)Math.Ceiling((samples[^1].Seconds - 10) / 60));
        var top = (int)Math.Ceiling(Math.Max(Peak, limitMegabytes) * 1.1 / 50) * 50;
        double X(double seconds) => Left + (seconds / (minutes * 60.0) * (Width - Left - Right));
        double Y(double megabytes) => Height - Bottom - (megabytes / top * (Height - Top - Bottom));

        var svg = new StringBuilder();
        void Add(FormattableString line) => svg.AppendLine(line.ToString(CultureInfo.InvariantCulture));

        Add($"""<svg xmlns="http://www.w3.org/2000/svg" width="{Width}" height="{Height}" viewBox="0 0 {Width} {Height}" font-family="sans-serif" font-size="12" role="img">""");
        Add($"<title>Resident memory of the portal during the soak</title>");
        Add($"<desc>{Summary()}</desc>");
        Add($"""<rect width="{Width}" height="{Height}" fill="white"/>""");
        Add($"""<text x="{Left}" y="22" font-size="14" font-weight="bold">Resident memory (MB) during the soak, by minute</text>""");
        for (var mb = 0; mb <= top; mb += 50)
        {
            Add($"""<line x1="{Left}" x2="{Width - Right}" y1="{Y(mb):F1}" y2="{Y(mb):F1}" stroke="#ddd"/>""");
            Add($"""<text x="{Left - 8}" y="{Y(mb) + 4:F1}" text-anchor="end">{mb}</text>""");
        }

        for (var minute = 0; minute <= minutes; minute++)
        {
            Add($"""<line x1="{X(minute * 60):F1}" x2="{X(minute * 60):F1}" y1="{Top}" y2="{Height - Bottom}" stroke="#eee"/>""");
            Add($"""<text x="{X(minute * 60):F1}" y="{Height - Bottom + 18}" text-anchor="middle">{minute}</text>""");
        }

        Add($"""<text x="{(Left + Width - Right) / 2}" y="{Height - 10}" text-anchor="middle">minutes of mixed load</text>""");
        Add($"""<line x1="{Left}" x2="{Width - Right}" y1="{Y(limitMegabytes):F1}" y2="{Y(limitMegabytes):F1}" stroke="#c00" stroke-dasharray="6 4"/>""");
        Add($"""<text x="{Width - Right}" y="{Y(limitMegabytes) - 6:F1}" text-anchor="end" fill="#c00">target {limitMegabytes} MB</text>""");
        var points = string.Join(' ', samples.Select(s => string.Create(CultureInfo.InvariantCulture, $"{X(s.Seconds):F1},{Y(s.Megabytes):F1}")));
        Add($"""<polyline points="{points}" fill="none" stroke="#1f5fa8" stroke-width="2"/>""");
        Add($"""<line x1="{Left}" x2="{Left}" y1="{Top}" y2="{Height - Bottom}" stroke="#333"/>""");
        Add($"""<line x1="{Left}" x2="{Width - Right}" y1="{Height - Bottom}" y2="{Height - Bottom}" stroke="#333"/>""");
        Add($"</svg>");
        return svg.ToString();
    }
}
