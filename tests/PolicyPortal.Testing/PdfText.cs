using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Content;
using PdfSharp.Pdf.Content.Objects;
using PdfSharp.Pdf.IO;

namespace PolicyPortal.Testing;

/// <summary>
/// The words a PDF shows, page by page, read back with PDFsharp from the file as it was sent: each page's content streams
/// decompressed and their text operators decoded through the font in use, Windows-1252 for a simple font and the
/// font's ToUnicode map for a Unicode one. Enough to check what a person reading the PDF would see, not a layout engine.
/// </summary>
public static partial class PdfText
{
    /// <summary>Each page's text, the strings in the order they are drawn, separated by single spaces.</summary>
    public static IReadOnlyList<string> Pages(byte[] pdf)
    {
        using var document = PdfReader.Open(new MemoryStream(pdf), PdfDocumentOpenMode.Import);
        var pages = new List<string>();
        foreach (var page in document.Pages)
        {
            var fonts = page.Resources.Elements.GetDictionary("/Font");
            var text = new StringBuilder();
            Func<string, string> decode = s => s;
            foreach (var op in ContentReader.ReadContent(page).OfType<COperator>())
            {
                switch (op.OpCode.Name)
                {
                    case "Tf" when op.Operands[0] is CName name:
                        decode = Decoder(fonts?.Elements.GetDictionary(name.Name));
                        break;
                    case "Tj" or "'" or "\"" when op.Operands[^1] is CString s:
                        text.Append(decode(s.Value)).Append(' ');
                        break;
                    case "TJ" when op.Operands[0] is CArray array:
                        text.Append(string.Concat(array.OfType<CString>().Select(s => decode(s.Value)))).Append(' ');
                        break;
                }
            }

            pages.Add(text.ToString());
        }

        return pages;
    }

    /// <summary>The document's title and author, from its information dictionary.</summary>
    public static (string Title, string Author, int PageCount) Info(byte[] pdf)
    {
        using var document = PdfReader.Open(new MemoryStream(pdf), PdfDocumentOpenMode.Import);
        return (document.Info.Title, document.Info.Author, document.PageCount);
    }

    private static readonly Encoding WinAnsi = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;

    private static Func<string, string> Decoder(PdfDictionary? font)
    {
        if (font?.Elements.GetDictionary("/ToUnicode") is { Stream: { } stream } && font.Elements.GetName("/Subtype") == "/Type0")
        {
            var map = UnicodeMap(Encoding.Latin1.GetString(stream.UnfilteredValue));
            return s =>
            {
                var text = new StringBuilder();
                for (var i = 0; i + 1 < s.Length; i += 2)
                {
                    var glyph = (s[i] << 8) | s[i + 1];
                    text.Append(map.GetValueOrDefault(glyph, "\uFFFD"));
                }

                return text.ToString();
            };
        }

        return s => WinAnsi.GetString(Encoding.Latin1.GetBytes(s));
    }

    // The bfchar and bfrange entries of a ToUnicode CMap: glyph number to the text it stands for.
    private static Dictionary<int, string> UnicodeMap(string cmap)
    {
        var map = new Dictionary<int, string>();
        foreach (Match block in CharBlock().Matches(cmap))
        {
            foreach (Match pair in Pair().Matches(block.Groups[1].Value))
            {
                map[Hex(pair.Groups[1].Value)] = Utf16(pair.Groups[2].Value);
            }
        }

        foreach (Match block in RangeBlock().Matches(cmap))
        {
            foreach (Match range in Range().Matches(block.Groups[1].Value))
            {
                var (from, to, first) = (Hex(range.Groups[1].Value), Hex(range.Groups[2].Value), Hex(range.Groups[3].Value));
                for (var glyph = from; glyph <= to; glyph++)
                {
                    map[glyph] = char.ConvertFromUtf32(first + glyph - from);
                }
            }
        }

        return map;
    }

    private static int Hex(string hex) => int.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private static string Utf16(string hex) =>
        new([.. Enumerable.Range(0, hex.Length / 4).Select(i => (char)Hex(hex.Substring(i * 4, 4)))]);

    [GeneratedRegex(@"beginbfchar(.*?)endbfchar", RegexOptions.Singleline)]
    private static partial Regex CharBlock();

    [GeneratedRegex(@"beginbfrange(.*?)endbfrange", RegexOptions.Singleline)]
    private static partial Regex RangeBlock();

    [GeneratedRegex(@"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")]
    private static partial Regex Pair();

    [GeneratedRegex(@"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")]
    private static partial Regex Range();
}
