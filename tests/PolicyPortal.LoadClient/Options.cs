using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace PolicyPortal.LoadClient;

/// <summary>A command's options, given as <c>--name value</c> pairs.</summary>
internal sealed class Options
{
    private readonly Dictionary<string, string> values = new(StringComparer.Ordinal);

    public static bool TryParse(IEnumerable<string> args, [NotNullWhen(true)] out Options? options)
    {
        options = new Options();
        using var arg = args.GetEnumerator();
        while (arg.MoveNext())
        {
            var name = arg.Current;
            if (!name.StartsWith("--", StringComparison.Ordinal) || !arg.MoveNext())
            {
                options = null;
                return false;
            }

            options.values[name[2..]] = arg.Current;
        }

        return true;
    }

    public string Text(string name) =>
        values.TryGetValue(name, out var value) ? value : throw new LoadClientException($"--{name} is required.");

    public int Number(string name, int? otherwise = null) =>
        values.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture)
        : otherwise ?? throw new LoadClientException($"--{name} is required.");

    public string? Optional(string name) => values.GetValueOrDefault(name);
}

/// <summary>Something the load run cannot go on with; its message is the whole story.</summary>
internal sealed class LoadClientException(string message) : Exception(message);
