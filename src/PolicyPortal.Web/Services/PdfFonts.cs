using PdfSharp.Fonts;

namespace PolicyPortal.Web.Services;

/// <summary>
/// The fonts PDFs are written in: Liberation Sans, regular and bold, shipped inside the assembly (Fonts/, under the SIL
/// Open Font License in Fonts/LICENSE.txt). PDFsharp reads no system fonts on Linux, and a school's server may have none,
/// so every family a PDF asks for is answered with these; italic is the regular or bold face slanted.
/// </summary>
internal sealed class PdfFonts : IFontResolver
{
    public const string Family = "Liberation Sans";

    private const string Regular = "LiberationSans-Regular";
    private const string Bold = "LiberationSans-Bold";

    private static readonly PdfFonts Instance = new();
    private static readonly Lock Gate = new();

    private readonly Dictionary<string, byte[]> faces = new(StringComparer.Ordinal)
    {
        [Regular] = Load(Regular),
        [Bold] = Load(Bold),
    };

    private PdfFonts()
    {
    }

    /// <summary>
    /// Makes these PDFsharp's fonts for the whole process. PDFsharp allows one resolver, set before the first font is used
    /// and never changed, so this sets it once however often it is called.
    /// </summary>
    public static void Register()
    {
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver != Instance)
            {
                GlobalFontSettings.FontResolver = Instance;
            }
        }
    }

    public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? Bold : Regular, mustSimulateBold: false, mustSimulateItalic: italic);

    public byte[]? GetFont(string faceName) => faces.GetValueOrDefault(faceName);

    private static byte[] Load(string face)
    {
        using var stream = typeof(PdfFonts).Assembly.GetManifestResourceStream($"Fonts/{face}.ttf")
            ?? throw new InvalidOperationException($"The font {face} is not in the assembly: see Fonts/ in PolicyPortal.Web.csproj.");
        using var bytes = new MemoryStream((int)stream.Length);
        stream.CopyTo(bytes);
        return bytes.ToArray();
    }
}
