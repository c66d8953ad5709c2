using System.Globalization;
using System.Text;
using PolicyPortal.Web.Services;
using PolicyPortal.Web.ViewModels.Record;

namespace PolicyPortal.Web.Infrastructure;

/// <summary>
/// <c>export-signatures &lt;file&gt;</c>: the record's chain as JSON Lines, with each signature's canonical content, for
/// anyone to check without the portal (docs/evidence.md). Refused while the record is not intact: the export would hide
/// what the "Verify the record" page shows.
/// </summary>
internal sealed class ExportSignaturesCommand : IAdminCommand
{
    public string Name => "export-signatures";

    public async Task<int> RunAsync(IServiceProvider services, string[] args, TextReader input, TextWriter output)
    {
        if (args is not [var path])
        {
            await output.WriteLineAsync($"Usage: {Name} <file>");
            return 2;
        }

        if (await services.MissingDatabaseAsync() is { } missing)
        {
            await output.WriteLineAsync(missing);
            return 1;
        }

        await using var scope = services.CreateAsyncScope();
        var chain = scope.ServiceProvider.GetRequiredService<RecordChain>();
        var report = await chain.VerifyAsync();
        if (report.Finding is { } finding)
        {
            await output.WriteLineAsync($"The record is not intact, so nothing was exported. {ChainWords.Finding(finding, finding.AtUtc?.ToString("u", CultureInfo.InvariantCulture))}");
            return 1;
        }

        var file = Path.GetFullPath(path);
        await using (var writer = new StreamWriter(file, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
        {
            var (entries, signatures) = await chain.ExportAsync(writer, report.Head?.Sequence ?? 0);
            await output.WriteLineAsync($"Wrote {entries} entries, {signatures} of them signatures, to {file}.");
        }

        if (report.Head is { } head)
        {
            await output.WriteLineAsync($"Chain head: entry {head.Sequence}, {head.ChainSha256}.");
        }

        return 0;
    }
}
