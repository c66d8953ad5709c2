using System.Text;

namespace PolicyPortal.Web.Services;

/// <summary>One record of a CSV file and the line it starts on, counting from 1.</summary>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Fields)
{
    public bool IsBlank => Fields.All(string.IsNullOrWhiteSpace);
}

public sealed class CsvFormatException(string message) : Exception(message);

/// <summary>
/// Reads CSV as spreadsheets and school information systems write it (RFC 4180): commas, line breaks and doubled quotes
/// inside quoted fields, CRLF or LF line ends, and a byte order mark at the start. Fields may be separated by commas,
/// semicolons (Excel where a comma is the decimal point) or tabs (Excel's "Unicode text"): whichever the first line
/// uses most.
/// </summary>
public static class CsvText
{
    /// <exception cref="CsvFormatException">A quoted field never ends.</exception>
    public static IReadOnlyList<CsvRecord> Parse(string text)
    {
        var separator = SeparatorOf(text);
        var records = new List<CsvRecord>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var quoted = false;
        var quoteLine = 0;
        var i = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;

        void EndField()
        {
            fields.Add(field.ToString());
            field.Clear();
        }

        void EndRecord()
        {
            EndField();
            records.Add(new CsvRecord(recordLine, [.. fields]));
            fields.Clear();
        }

        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (c == '\n' || (c == '\r' && !(i + 1 < text.Length && text[i + 1] == '\n')))
                    {
                        line++;
                    }

                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0 || IsWhiteSpace(field):
                    // A quote opens a quoted field only at its start; elsewhere (O"Neill) it is just a character.
                    field.Clear();
                    quoted = true;
                    quoteLine = line;
                    break;
                case ',' or ';' or '\t' when c == separator:
                    EndField();
                    break;
                case '\r' or '\n':
                    if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                    {
                        i++;
                    }

                    EndRecord();
                    line++;
                    recordLine = line;
                    break;
                default:
                    field.Append(c);
                    break;
            }
        }

        if (quoted)
        {
            throw new CsvFormatException($"A value in quotes that starts on line {quoteLine} has no closing quote.");
        }

        // The last line may or may not end with a line break; either way it is a record unless there is nothing on it.
        if (field.Length > 0 || fields.Count > 0)
        {
            EndRecord();
        }

        return records;
    }

    // The separator the first line uses most, outside quotes; a comma when it has none (a file of one column).
    private static char SeparatorOf(string text)
    {
        int commas = 0, semicolons = 0, tabs = 0;
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && (c is '\r' or '\n') && commas + semicolons + tabs > 0)
            {
                break;
            }
            else if (!quoted)
            {
                commas += c == ',' ? 1 : 0;
                semicolons += c == ';' ? 1 : 0;
                tabs += c == '\t' ? 1 : 0;
            }
        }

        return tabs > commas && tabs >= semicolons ? '\t' : semicolons > commas ? ';' : ',';
    }

    private static bool IsWhiteSpace(StringBuilder text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsWhiteSpace(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>CSV that is safe to open in a spreadsheet: cells that would run as formulas are made text.</summary>
public static class SafeCsv
{
    // The full-width forms too: a spreadsheet in an East Asian locale, or an input method, reads ＝ as =.
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'];
    private static readonly char[] NeedsQuotes = [',', '"', '\n', '\r'];

    /// <summary>Whether a spreadsheet would run <paramref name="text"/> as a formula if it were a cell.</summary>
    public static bool LooksLikeFormula(string text) => text.Length > 0 && FormulaStarts.Contains(text[0]);

    public static string Cell(string? value)
    {
        var text = value ?? string.Empty;
        if (LooksLikeFormula(text))
        {
            text = "'" + text;
        }

        return text.IndexOfAny(NeedsQuotes) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }

    /// <summary>
    /// Appends one row, its line end included, to <paramref name="row"/>: an export reuses one builder for every row, and
    /// the cells are passed on the stack, not in a new array a row.
    /// </summary>
    public static StringBuilder AppendRow(StringBuilder row, params ReadOnlySpan<string?> cells)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                row.Append(',');
            }

            row.Append(Cell(cells[i]));
        }

        return row.Append("\r\n");
    }
}
