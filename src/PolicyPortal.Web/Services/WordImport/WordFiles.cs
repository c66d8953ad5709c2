using System.IO.Compression;

namespace PolicyPortal.Web.Services.WordImport;

/// <summary>Turns what a Principal uploads into the Word files to convert, and refuses the rest with a reason.</summary>
public static class WordFiles
{
    /// <summary>Files a computer adds to a .zip on its own, which the Principal never chose.</summary>
    private static readonly string[] SystemFileNames = [".DS_Store", "Thumbs.db", "desktop.ini"];

    /// <summary>
    /// Unpacks uploads: a .docx is taken as it is; a .zip yields the .docx files inside it (folders allowed; __MACOSX and
    /// ~$ lock files ignored), each named by its path in the .zip. Everything else is refused with a message.
    /// </summary>
    /// <param name="maxBytes">The limit for each upload and for each unpacked file.</param>
    public static (IReadOnlyList<UploadedFile> Files, IReadOnlyList<RefusedFile> Refused) Unpack(IEnumerable<UploadedFile> uploads, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(uploads);
        var files = new List<UploadedFile>();
        var refused = new List<RefusedFile>();
        foreach (var upload in uploads)
        {
            if (upload.Content.LongLength > maxBytes)
            {
                refused.Add(new RefusedFile(upload.FileName, WordRefusals.TooLarge(maxBytes)));
            }
            else if (Path.GetExtension(upload.FileName).Equals(".zip", StringComparison.OrdinalIgnoreCase))
            {
                UnpackZip(upload, maxBytes, files, refused);
            }
            else if (WordRefusals.ForExtension(upload.FileName) is { } problem)
            {
                refused.Add(new RefusedFile(upload.FileName, problem));
            }
            else
            {
                files.Add(upload);
            }
        }

        return (files, refused);
    }

    private static void UnpackZip(UploadedFile upload, long maxBytes, List<UploadedFile> files, List<RefusedFile> refused)
    {
        var found = new List<UploadedFile>();
        var refusedInside = new List<RefusedFile>();
        try
        {
            using var zip = new ZipArchive(new MemoryStream(upload.Content, writable: false), ZipArchiveMode.Read);
            if (zip.Entries.Any(e => ZipLimits.LeavesArchive(e.FullName)))
            {
                refused.Add(new RefusedFile(upload.FileName, WordRefusals.ZipPathOutside));
                return;
            }

            var limits = new ZipLimits(maxBytes * 10);
            if (!limits.DeclaredSizesAreSafe(zip))
            {
                refused.Add(new RefusedFile(upload.FileName, WordRefusals.ZipBomb));
                return;
            }

            foreach (var entry in zip.Entries)
            {
                var path = entry.FullName.Replace('\\', '/');
                if (IsIgnored(path))
                {
                    continue;
                }

                var extension = Path.GetExtension(path);
                if (extension.Equals(".zip", StringComparison.OrdinalIgnoreCase))
                {
                    refusedInside.Add(new RefusedFile(path, WordRefusals.ZipInZip));
                }
                else if (WordRefusals.ForExtension(path) is { } problem)
                {
                    refusedInside.Add(new RefusedFile(path, problem));
                }
                else if (entry.Length > maxBytes || limits.Read(entry, maxBytes) is not { } content)
                {
                    refusedInside.Add(new RefusedFile(path, WordRefusals.TooLarge(maxBytes)));
                }
                else
                {
                    found.Add(new UploadedFile(path, content));
                }
            }
        }
        catch (WordImportRefusedException ex)
        {
            // Nothing from a zip that lied about its sizes is kept.
            refused.Add(new RefusedFile(upload.FileName, ex.Message));
            return;
        }
        catch (InvalidDataException)
        {
            refused.Add(new RefusedFile(upload.FileName, WordRefusals.ZipUnreadable));
            return;
        }

        files.AddRange(found);
        refused.AddRange(refusedInside);
        if (found.Count == 0 && refusedInside.Count == 0)
        {
            refused.Add(new RefusedFile(upload.FileName, WordRefusals.ZipWithoutWordFiles));
        }
    }

    /// <summary>Folders, and what macOS, Windows and Word leave beside files: resource forks, lock files, thumbnails.</summary>
    private static bool IsIgnored(string path)
    {
        if (path.EndsWith('/') || path.Split('/').Contains("__MACOSX"))
        {
            return true;
        }

        var name = Path.GetFileName(path);
        return name.StartsWith("~$", StringComparison.Ordinal)
            || name.StartsWith("._", StringComparison.Ordinal)
            || SystemFileNames.Contains(name, StringComparer.OrdinalIgnoreCase);
    }
}
