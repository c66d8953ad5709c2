using System.Text.Json;

namespace PolicyPortal.UnitTests.Deployment;

/// <summary>
/// The garbage collector settings the portal is deployed with, read from the runtime configuration the build writes beside
/// it. A misspelt MSBuild property is silently ignored: for a while the project said <c>ServerGarbageCollector</c>, and
/// the portal ran with the Web SDK's default, server GC (docs/performance.md, fifth round).
/// </summary>
public sealed class RuntimeConfigTests
{
    private static readonly JsonElement Settings = ReadSettings();

    [Fact]
    public void The_portal_runs_with_workstation_gc_as_measured_on_a_two_core_server()
    {
        Assert.True(Settings.TryGetProperty("System.GC.Server", out var server), "The runtime configuration does not set the GC mode.");
        Assert.False(server.GetBoolean(), "The portal would run with server GC, which holds more memory on a school's small server.");
    }

    [Theory]
    [InlineData("System.GC.Gen0MaxBudget", 6 * 1024 * 1024)]
    [InlineData("System.GC.Gen1MaxBudget", 16 * 1024 * 1024)]
    [InlineData("System.GC.LOHThreshold", 1024 * 1024)]
    public void The_young_generations_and_large_objects_are_bounded_as_measured(string setting, long bytes)
    {
        Assert.True(Settings.TryGetProperty(setting, out var value), $"{setting} is not in the runtime configuration.");
        Assert.Equal(bytes, value.GetInt64());
    }

    private static JsonElement ReadSettings()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "PolicyPortal.Web.runtimeconfig.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").Clone();
    }
}
