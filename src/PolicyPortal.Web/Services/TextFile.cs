using System.Text;

namespace PolicyPortal.Web.Services;

/// <summary>
/// The text of a file a spreadsheet or school information system saved, in whichever encoding it chose: UTF-8 with or
/// without a byte order mark, UTF-16 either way round (Excel's "Unicode text"), or Windows-1252 (Excel's plain "CSV").
/// </summary>
public static class TextFile
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // Western European Windows, which Excel on a UK school's PC saves "CSV (Comma delimited)" in. Built into .NET, but
    // only through its code pages provider.
    private static readonly Encoding Windows1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;

    /// <summary>The text, without a byte order mark.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return Utf8OrWindows1252(bytes[3..]);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return Encoding.Unicode.GetString(bytes[2..]);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return Encoding.BigEndianUnicode.GetString(bytes[2..]);
        }

        // UTF-16 without a byte order mark: text in Latin letters has a zero in every other byte, which no CSV in a
        // single-byte encoding has.
        if (bytes.Length >= 2 && bytes.Length % 2 == 0 && ZerosAt(bytes, 1) > bytes.Length / 4 && ZerosAt(bytes, 0) == 0)
        {
            return Encoding.Unicode.GetString(bytes);
        }

        if (bytes.Length >= 2 && bytes.Length % 2 == 0 && ZerosAt(bytes, 0) > bytes.Length / 4 && ZerosAt(bytes, 1) == 0)
        {
            return Encoding.BigEndianUnicode.GetString(bytes);
        }

        return Utf8OrWindows1252(bytes);
    }

    // Bytes that are valid UTF-8 almost never come from Windows-1252 text with accents in it: "Zoë" saved as
    // Windows-1252 is the byte EB between letters, never valid UTF-8.
    private static string Utf8OrWindows1252(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Windows1252.GetString(bytes);
        }
    }

    private static int ZerosAt(ReadOnlySpan<byte> bytes, int parity)
    {
        var zeros = 0;
        for (var i = parity; i < bytes.Length; i += 2)
        {
            if (bytes[i] == 0)
            {
                zeros++;
            }
        }

        return zeros;
    }
}
