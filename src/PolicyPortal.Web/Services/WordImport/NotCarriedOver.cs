namespace PolicyPortal.Web.Services.WordImport;

/// <summary>Counts what the reader of the Word file sees that the Markdown leaves out, and says it in short sentences.</summary>
internal sealed class NotCarriedOver
{
    public int Comments { get; set; }

    public bool Header { get; set; }

    public bool Footer { get; set; }

    public int TextBoxes { get; set; }

    public int Fields { get; set; }

    public bool TableOfContents { get; set; }

    public int Charts { get; set; }

    public int SmartArt { get; set; }

    public int Shapes { get; set; }

    public int EmbeddedObjects { get; set; }

    public int Equations { get; set; }

    public int LinkedImages { get; set; }

    public int UnsupportedImages { get; set; }

    public SortedSet<string> UnsupportedImageFormats { get; } = new(StringComparer.Ordinal);

    public int HeadingNumbers { get; set; }

    public List<string> Sentences()
    {
        var sentences = new List<string>();
        Add(Comments, "comment", "comments");
        if (Header || Footer)
        {
            sentences.Add(Header && Footer ? "The header and footer" : Header ? "The header" : "The footer");
        }

        if (TextBoxes > 0)
        {
            sentences.Add(TextBoxes == 1 ? "1 text box: its text is not included" : $"{TextBoxes} text boxes: their text is not included");
        }

        if (Fields > 0)
        {
            sentences.Add(Fields == 1 ? "1 field, shown as its last result" : $"{Fields} fields, shown as their last result");
        }

        if (TableOfContents)
        {
            sentences.Add("The table of contents: the portal makes its own from the headings");
        }

        if (HeadingNumbers > 0)
        {
            sentences.Add(HeadingNumbers == 1 ? "The automatic number of 1 heading" : $"The automatic numbers of {HeadingNumbers} headings");
        }

        Add(Charts, "chart", "charts");
        Add(SmartArt, "SmartArt diagram", "SmartArt diagrams");
        Add(Shapes, "shape or drawing", "shapes or drawings");
        Add(EmbeddedObjects, "embedded object", "embedded objects");
        Add(Equations, "equation", "equations");
        if (UnsupportedImages > 0)
        {
            var formats = string.Join(", ", UnsupportedImageFormats);
            sentences.Add(UnsupportedImages == 1
                ? $"1 image in a format web pages cannot show ({formats})"
                : $"{UnsupportedImages} images in formats web pages cannot show ({formats})");
        }

        if (LinkedImages > 0)
        {
            sentences.Add(LinkedImages == 1 ? "1 picture linked to a file outside the document" : $"{LinkedImages} pictures linked to files outside the document");
        }

        return sentences;

        void Add(int count, string one, string many)
        {
            if (count > 0)
            {
                sentences.Add(count == 1 ? $"1 {one}" : $"{count} {many}");
            }
        }
    }
}
