#!/usr/bin/env bash
# Makes the .docx fixtures of the Word import tests with a real word processor, LibreOffice Writer, as a school's file
# would be made: the seed policy, and a short document with a table, a caption and a picture (twice, the second with
# another picture). Needs: apt-get install libreoffice-writer-nogui pandoc python3. Run from anywhere; writes beside itself.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
seed="${SEED:-$repo/src/PolicyPortal.Web/Data/Seed/personal-use-of-social-media.md}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# A 2×2 PNG of one colour, written by hand so no image library is needed.
png() {
    python3 - "$1" "$2" <<'PY'
import struct, sys, zlib
colour = bytes.fromhex(sys.argv[2])
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
rows = b"".join(b"\x00" + colour * 2 for _ in range(2))
data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(data)
PY
}

# HTML to .docx the way Writer saves it. Writer, not Writer/Web, must open the HTML, or headings lose their styles.
to_docx() {
    (cd "$work" && soffice --headless --infilter="HTML (StarWriter)" --convert-to docx:"MS Word 2007 XML" --outdir "$work/out" "$1" >/dev/null 2>&1)
    cp "$work/out/${1%.html}.docx" "$here/$2"
}

# 1. The seed policy: its title as the document's first heading, then its Markdown without the front matter.
title="$(sed -n 's/^title: //p' "$seed" | head -1)"
{
    printf '<html><head><meta charset="utf-8"><title>%s</title></head><body>\n<h1>%s</h1>\n' "$title" "$title"
    awk 'BEGIN { front = 0 } /^---$/ && front < 2 { front++; next } front >= 2' "$seed" | pandoc --from commonmark --to html
    printf '</body></html>\n'
} > "$work/seed.html"
to_docx seed.html personal-use-of-social-media.docx

# 2 and 3. A table with a caption (Writer's Insert > Caption: the "Table" style and a number field) and a picture with a
# description; then the same document with only the picture changed. Flat ODF gives the styles that HTML cannot.
table_document() {
    cat <<FODT
<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
  xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
  xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:xlink="http://www.w3.org/1999/xlink"
  xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:body><office:text>
  <text:h text:style-name="Heading_20_1" text:outline-level="1">Visitors</text:h>
  <text:p text:style-name="Text_20_body">Every visitor signs in at reception, and wears a badge.</text:p>
  <text:p text:style-name="Table">Table <text:sequence text:ref-name="refTable0" text:name="Table" text:formula="ooow:Table+1" style:num-format="1">1</text:sequence>: Who signs visitors in</text:p>
  <table:table table:name="Table1">
   <table:table-column table:number-columns-repeated="2"/>
   <table:table-row>
    <table:table-cell office:value-type="string"><text:p text:style-name="Table_20_Heading">Time</text:p></table:table-cell>
    <table:table-cell office:value-type="string"><text:p text:style-name="Table_20_Heading">Who</text:p></table:table-cell>
   </table:table-row>
   <table:table-row>
    <table:table-cell office:value-type="string"><text:p text:style-name="Table_20_Contents">Before 9:00</text:p></table:table-cell>
    <table:table-cell office:value-type="string"><text:p text:style-name="Table_20_Contents">The site manager</text:p></table:table-cell>
   </table:table-row>
   <table:table-row>
    <table:table-cell office:value-type="string"><text:p text:style-name="Table_20_Contents">After 9:00</text:p></table:table-cell>
    <table:table-cell office:value-type="string"><text:p text:style-name="Table_20_Contents">Reception | office</text:p></table:table-cell>
   </table:table-row>
  </table:table>
  <text:p text:style-name="Text_20_body">The badge looks like this:</text:p>
  <text:p text:style-name="Text_20_body"><draw:frame draw:name="Badge" text:anchor-type="as-char" svg:width="1cm" svg:height="1cm"><draw:image><office:binary-data>$(base64 -w0 "$1")</office:binary-data></draw:image><svg:title>Visitor badge</svg:title><svg:desc>Visitor badge</svg:desc></draw:frame></text:p>
 </office:text></office:body>
</office:document>
FODT
}

fodt_to_docx() {
    (cd "$work" && soffice --headless --convert-to docx:"MS Word 2007 XML" --outdir "$work/out" "$1" >/dev/null 2>&1)
    cp "$work/out/${1%.fodt}.docx" "$here/$2"
}

png "$work/blue.png" 1f4e9c
png "$work/red.png" c00000
table_document "$work/blue.png" > "$work/visitors.fodt"
fodt_to_docx visitors.fodt table-caption-image.docx
table_document "$work/red.png" > "$work/visitors.fodt"
fodt_to_docx visitors.fodt table-caption-other-image.docx
