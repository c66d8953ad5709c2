using System.IO.Compression;

namespace PolicyPortal.Web.Services.WordImport;

/// <summary>
/// Reads a zip (an uploaded .zip, or the zip that a .docx is) without trusting it: a small file can declare, or really
/// hold, gigabytes. The declared sizes are checked before anything is read, and the bytes are counted again as they are
/// read, since the declared sizes can lie.
/// </summary>
internal sealed class ZipLimits(long maxTotalBytes)
{
    /// <summary>A ratio that text compresses to only when it is padding: Word's XML reaches 20 or so.</summary>
    private const int MaxRatio = 100;

    /// <summary>Entries below this may compress as well as they like: a megabyte cannot hurt.</summary>
    private const long LargeEntryBytes = 1024 * 1024;

    private long _read;

    /// <summary>True when the entries' declared sizes are within the limits.</summary>
    public bool DeclaredSizesAreSafe(ZipArchive zip)
    {
        long total = 0;
        foreach (var entry in zip.Entries)
        {
            total += entry.Length;
            if (total > maxTotalBytes || IsTooCompressed(entry.Length, entry.CompressedLength) || IsLarger(entry))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Reads an entry, counting what it really unpacks to.</summary>
    /// <returns>The bytes, or null when the entry holds more than maxEntryBytes.</returns>
    /// <exception cref="WordImportRefusedException">The zip unpacks to more than it declared, or than the limits allow.</exception>
    public byte[]? Read(ZipArchiveEntry entry, long maxEntryBytes)
    {
        using var copy = new MemoryStream((int)Math.Min(entry.Length, maxEntryBytes));
        return Pump(entry, copy, maxEntryBytes) ? copy.ToArray() : null;
    }

    /// <summary>Reads every entry to its end, keeping nothing, to check that none unpacks to more than it declared.</summary>
    /// <exception cref="WordImportRefusedException">The zip unpacks to more than it declared, or than the limits allow.</exception>
    public void ReadAll(ZipArchive zip)
    {
        foreach (var entry in zip.Entries)
        {
            Pump(entry, null, long.MaxValue);
        }
    }

    private bool Pump(ZipArchiveEntry entry, Stream? destination, long maxEntryBytes)
    {
        using var source = entry.Open();
        var buffer = new byte[81920];
        long count = 0;
        int read;
        while ((read = source.Read(buffer)) > 0)
        {
            count += read;
            _read += read;
            if (count > entry.Length || _read > maxTotalBytes || IsTooCompressed(count, entry.CompressedLength))
            {
                throw new WordImportRefusedException(WordRefusals.ZipBomb);
            }

            if (count > maxEntryBytes)
            {
                return false;
            }

            destination?.Write(buffer, 0, read);
        }

        return true;
    }

    /// <summary>True when an entry's name could be written outside the folder the zip is unpacked into.</summary>
    public static bool LeavesArchive(string entryName)
    {
        var name = entryName.Replace('\\', '/');
        return name.StartsWith('/')
            || (name.Length >= 2 && name[1] == ':' && char.IsAsciiLetter(name[0]))
            || name.Contains('\0', StringComparison.Ordinal)
            || name.Split('/').Any(segment => segment == "..");
    }

    /// <summary>
    /// True when an entry's compressed data is larger than deflate could make its declared contents: the declared size is
    /// a lie, which .NET would trust and quietly cut the contents to, but another reader of the file might not.
    /// </summary>
    private static bool IsLarger(ZipArchiveEntry entry) =>
        entry.CompressedLength > entry.Length + (entry.Length / 64) + 1024;

    private static bool IsTooCompressed(long length, long compressedLength) =>
        length > LargeEntryBytes && (compressedLength <= 0 || length / compressedLength > MaxRatio);
}
