using System.Text;
using PolicyPortal.Web.Services;

namespace PolicyPortal.UnitTests.Services;

public sealed class TextFileTests
{
    private const string Names = "Name,Email\r\nZoë Brontë,zoe@school.org\r\nSiobhán O’Brien,siobhan@school.org\r\n";

    [Theory]
    [InlineData("utf-8")]
    [InlineData("utf-8 with a byte order mark")]
    [InlineData("utf-16")]
    [InlineData("utf-16 with a byte order mark")]
    [InlineData("utf-16 big-endian with a byte order mark")]
    [InlineData("windows-1252")]
    public void A_file_saved_in_any_of_the_encodings_a_spreadsheet_uses_reads_back_exactly(string saved)
    {
        var bytes = saved switch
        {
            "utf-8" => Encoding.UTF8.GetBytes(Names),
            "utf-8 with a byte order mark" => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Names)],
            "utf-16" => Encoding.Unicode.GetBytes(Names),
            "utf-16 with a byte order mark" => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Names)],
            "utf-16 big-endian with a byte order mark" => [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(Names)],
            _ => CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetBytes(Names),
        };

        Assert.Equal(Names, TextFile.Decode(bytes));
    }

    [Fact]
    public void Windows_1252_bytes_are_read_as_the_characters_excel_meant()
    {
        // ë, á and the closing quote as Excel's "CSV (Comma delimited)" writes them on a UK PC.
        Assert.Equal("Zoë Siobhán O’Brien", TextFile.Decode([0x5A, 0x6F, 0xEB, 0x20, 0x53, 0x69, 0x6F, 0x62, 0x68, 0xE1, 0x6E, 0x20, 0x4F, 0x92, 0x42, 0x72, 0x69, 0x65, 0x6E]));
    }
}
