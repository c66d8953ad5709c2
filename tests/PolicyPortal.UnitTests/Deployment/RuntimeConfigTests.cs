using System.Text.Json;

namespace PolicyPortal.UnitTests.Deployment;

/// <summary>
/// The garbage collector mode the portal is deployed with, read from the runtime configuration the build writes beside
/// it: a misspelt MSBuild property would be silently ignored, and the portal would run with the Web SDK's server GC.
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

    private static JsonElement ReadSettings()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "PolicyPortal.Web.runtimeconfig.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").Clone();
    }
}
