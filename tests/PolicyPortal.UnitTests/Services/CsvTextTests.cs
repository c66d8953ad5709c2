using PolicyPortal.Web.Services;

namespace PolicyPortal.UnitTests.Services;

public sealed class CsvTextTests
{
    [Fact]
    public void Plain_rows_split_on_commas()
    {
        var records = CsvText.Parse("Name,Email\nJo Patel,jo@school.org\n");

        Assert.Equal(2, records.Count);
        Assert.Equal(["Name", "Email"], records[0].Fields);
        Assert.Equal(["Jo Patel", "jo@school.org"], records[1].Fields);
        Assert.Equal(2, records[1].Line);
    }

    [Theory]
    [InlineData(';')]
    [InlineData('\t')]
    public void Semicolon_and_tab_separated_files_split_on_their_separator_and_keep_commas_in_values(char separator)
    {
        var records = CsvText.Parse($"Name{separator}Job title{separator}Email\nJo Patel{separator}Teacher, Year 6{separator}jo@school.org\n");

        Assert.Equal(["Name", "Job title", "Email"], records[0].Fields);
        Assert.Equal(["Jo Patel", "Teacher, Year 6", "jo@school.org"], records[1].Fields);
    }

    [Fact]
    public void A_comma_separated_file_keeps_semicolons_in_values()
    {
        var records = CsvText.Parse("Name,Role,Email\nJo Patel,Staff; Governor,jo@school.org\n");

        Assert.Equal(["Jo Patel", "Staff; Governor", "jo@school.org"], records[1].Fields);
    }

    [Fact]
    public void A_quoted_field_keeps_its_commas_quotes_and_line_breaks()
    {
        var records = CsvText.Parse("\"Patel, Jo\",\"Head of \"\"Maths\"\"\",\"Line one\r\nline two\"\r\nnext,row,here");

        Assert.Equal(["Patel, Jo", "Head of \"Maths\"", "Line one\r\nline two"], records[0].Fields);
        Assert.Equal(["next", "row", "here"], records[1].Fields);
        Assert.Equal(3, records[1].Line); // the quoted line break counts as a line of the file
    }

    [Fact]
    public void A_byte_order_mark_and_crlf_line_ends_are_not_part_of_the_values()
    {
        var records = CsvText.Parse("\uFEFFFull name,Email\r\nSam Taylor,sam@school.org\r\n");

        Assert.Equal("Full name", records[0].Fields[0]);
        Assert.Equal(["Sam Taylor", "sam@school.org"], records[1].Fields);
        Assert.Equal(2, records.Count);
    }

    [Fact]
    public void The_last_row_counts_without_a_final_line_break_and_empty_fields_are_kept()
    {
        var records = CsvText.Parse("a,,c\n,,");

        Assert.Equal(["a", "", "c"], records[0].Fields);
        Assert.Equal(["", "", ""], records[1].Fields);
        Assert.True(records[1].IsBlank);
    }

    [Fact]
    public void A_quote_inside_an_unquoted_value_is_just_a_character()
    {
        var records = CsvText.Parse("Siobhan O\"Neill,x");

        Assert.Equal("Siobhan O\"Neill", records[0].Fields[0]);
    }

    [Fact]
    public void A_quoted_value_that_never_closes_is_refused_with_its_line()
    {
        var error = Assert.Throws<CsvFormatException>(() => CsvText.Parse("a,b\nc,\"never closed\nd,e"));

        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_text_has_no_records()
    {
        Assert.Empty(CsvText.Parse(string.Empty));
        Assert.Empty(CsvText.Parse("\uFEFF"));
    }

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("＝HYPERLINK(\"http://evil.example\")", "\"'＝HYPERLINK(\"\"http://evil.example\"\")\"")]
    [InlineData("＋44", "'＋44")]
    [InlineData("Zoë Brontë", "Zoë Brontë")]
    public void A_cell_a_spreadsheet_would_run_as_a_formula_is_written_as_text(string value, string cell)
    {
        Assert.Equal(cell, SafeCsv.Cell(value));
    }
}
