using Microsoft.Data.Sqlite;

namespace PolicyPortal.Testing;

/// <summary>A folder of one test's own, for databases and backups it makes; deleted, with all in it, when disposed.</summary>
public sealed class TemporaryFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "policyportal-tests", "folder-" + Guid.NewGuid().ToString("N"));

    /// <summary>The full path of <paramref name="name"/> in the folder, which the folder is created to hold.</summary>
    public string File(string name)
    {
        Directory.CreateDirectory(Path);
        return System.IO.Path.Combine(Path, name);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            if (Directory.Exists(Path))
            {
                Directory.Delete(Path, recursive: true);
            }
        }
        catch (IOException)
        {
            // A file still held open is left for the OS to clean up; it must not fail the test run.
        }
    }
}
