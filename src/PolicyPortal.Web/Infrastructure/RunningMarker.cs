namespace PolicyPortal.Web.Infrastructure;

/// <summary>
/// The file <c>&lt;database&gt;.running</c> beside a SQLite database. Every portal running on the database holds a shared
/// lock on it for its lifetime, and <c>restore</c> takes it alone, so a restore never replaces the file under a running
/// portal and no portal starts during a restore. The lock is the operating system's (flock on Linux, share modes on
/// Windows), so it goes with the process however the process ends; the empty file stays. It is a file of its own because
/// opening and closing the database file itself outside SQLite would drop the POSIX locks SQLite holds on it.
/// </summary>
internal static class RunningMarker
{
    public static string PathOf(string database) => database + ".running";

    /// <summary>A share of the lock, as each running portal holds; null while a restore holds it.</summary>
    public static FileStream? TryHoldShared(string database) => TryHold(database, FileShare.ReadWrite);

    /// <summary>The lock alone, as a restore takes it; null while any portal holds a share.</summary>
    public static FileStream? TryHoldAlone(string database) => TryHold(database, FileShare.None);

    private static FileStream? TryHold(string database, FileShare share)
    {
        var marker = PathOf(database);
        try
        {
            // .NET takes flock(LOCK_SH) for a shared open and flock(LOCK_EX) for FileShare.None, without waiting.
            return new FileStream(marker, FileMode.OpenOrCreate, FileAccess.Read, share);
        }
        catch (IOException) when (File.Exists(marker))
        {
            return null;
        }
    }
}
