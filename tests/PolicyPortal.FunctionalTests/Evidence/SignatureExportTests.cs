using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using PolicyPortal.FunctionalTests.Signing;
using PolicyPortal.Testing;
using PolicyPortal.Web.Data.Seeding;
using PolicyPortal.Web.Infrastructure;

namespace PolicyPortal.FunctionalTests.Evidence;

/// <summary>The export of the signature record, checked by the script in docs/evidence.md exactly as it is printed there.</summary>
public sealed class SignatureExportTests(PortalApplication app) : IClassFixture<PortalApplication>, IAsyncLifetime
{
    public Task InitializeAsync() => app.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_export_passes_the_documented_check_and_fails_it_after_one_byte_is_changed()
    {
        await SigningForm.SignAsync(await app.SignedInAsync(DemoAccounts.Teacher), "Sam Taylor");
        await SigningForm.SignAsync(await app.SignedInAsync(DemoAccounts.Governor), "Robin Hughes");
        var export = Path.Combine(app.DataDirectory, "signatures.jsonl");
        var output = new StringWriter();

        var exitCode = await AdminCommands.RunAsync(app.Services, ["export-signatures", export], TextReader.Null, output);

        var head = await app.WithDatabaseAsync(db => db.ChainLinks.OrderBy(l => l.Sequence).LastAsync());
        Assert.Equal(0, exitCode);
        Assert.Contains($"Chain head: entry {head.Sequence}, {head.ChainSha256}.", output.ToString(), StringComparison.Ordinal);
        var (intact, said) = await CheckAsync(export);
        Assert.True(intact, said);
        Assert.Equal($"Intact: {head.Sequence} entries, 2 signatures; chain head {head.ChainSha256} (entry {head.Sequence}).", said);

        var bytes = await File.ReadAllBytesAsync(export);
        var at = IndexOf(bytes, "Robin Hughes"u8) + 1;
        bytes[at] = (byte)'O';
        var changed = Path.Combine(app.DataDirectory, "changed.jsonl");
        await File.WriteAllBytesAsync(changed, bytes);
        var (changedIntact, changedSaid) = await CheckAsync(changed);
        Assert.False(changedIntact);
        Assert.Equal($"Entry {head.Sequence}: its content was changed.", changedSaid);
    }

    // Runs the Python script from docs/evidence.md over an export: whether it exited 0, and what it said.
    private static async Task<(bool Intact, string Said)> CheckAsync(string export)
    {
        var script = Path.Combine(Path.GetDirectoryName(export)!, "verify-export.py");
        await File.WriteAllTextAsync(script, DocumentedScript());
        using var python = Process.Start(new ProcessStartInfo("python3", [script, export])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var standardOutput = python.StandardOutput.ReadToEndAsync();
        var standardError = python.StandardError.ReadToEndAsync();
        await python.WaitForExitAsync();
        return (python.ExitCode == 0, ((await standardOutput) + (await standardError)).Trim());
    }

    private static string DocumentedScript()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory.FullName, "PolicyPortal.sln")))
        {
            directory = directory.Parent ?? throw new InvalidOperationException("PolicyPortal.sln not found above the test folder.");
        }

        var page = File.ReadAllText(Path.Combine(directory.FullName, "docs", "evidence.md"));
        var start = page.IndexOf("```python\n", StringComparison.Ordinal) + "```python\n".Length;
        return page[start..page.IndexOf("```", start, StringComparison.Ordinal)];
    }

    private static int IndexOf(byte[] bytes, ReadOnlySpan<byte> part) => bytes.AsSpan().IndexOf(part);
}
