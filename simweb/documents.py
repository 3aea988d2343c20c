"""Small but real attachment files for the simulated sites: PDF, DOCX and PNG.

Real sites attach the report as a PDF or Word file (SITES.md 0.1, form 2) or publish it as
scanned page images (form 3). The simulated sites need such files to be genuine, so a
crawler's content sniffing and the parsers see what they would see on a real site, yet tiny
and byte-for-byte reproducible, so manifests can carry their SHA-256. Each generator is a
pure function of its text: the same text always gives the same bytes (no timestamps).
"""

from __future__ import annotations

import hashlib
import io
import struct
import zipfile
import zlib
from xml.sax.saxutils import escape


def html_lines(fragment: str, width: int = 40) -> list[str]:
    """The visible text of an HTML body, one line per paragraph or table row, wrapped."""
    from lxml import html

    root = html.fromstring(f"<div>{fragment}</div>")
    lines: list[str] = []
    for block in root.iter("p", "tr", "h1", "h2", "h3", "li"):
        if block.tag == "p" and any(a.tag == "tr" for a in block.iterancestors()):
            continue
        if block.tag == "tr":
            text = " ".join(" ".join(td.text_content().split()) for td in block.iter("td", "th"))
        else:
            text = " ".join(block.text_content().split())
        while text:
            lines.append(text[:width])
            text = text[width:]
    return lines


# -- PDF ---------------------------------------------------------------------------------


def _pdf_text(line: str) -> str:
    """A line as a hex string in UTF-16BE, which the UniGB-UCS2-H CMap maps to CIDs."""
    return "<" + line.encode("utf-16-be").hex().upper() + ">"


def pdf(title: str, lines: list[str], per_page: int = 34) -> bytes:
    """A PDF 1.4 with Chinese text in the non-embedded STSong-Light CID font.

    STSong-Light is one of the Adobe-GB1 fonts every PDF reader must supply, so the file
    needs no embedded font and stays small, while text extraction (pdfminer's bundled
    UniGB-UCS2-H CMap) gives back the exact characters.
    """
    chunks = [lines[i : i + per_page] for i in range(0, len(lines), per_page)] or [[]]
    font, pages_obj = 3, 2
    first_page = 6  # 1 catalog, 2 pages, 3-5 font; then page/content pairs
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        font: b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
        b"/DescendantFonts [4 0 R] >>",
        4: b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> "
        b"/FontDescriptor 5 0 R /DW 1000 >>",
        5: b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 "
        b"/FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 "
        b"/CapHeight 880 /StemV 93 >>",
    }
    kids = []
    for n, chunk in enumerate(chunks):
        ops = ["BT", "/F1 11 Tf", "72 770 Td"]
        if n == 0:
            ops += ["/F1 16 Tf", f"{_pdf_text(title)} Tj", "/F1 11 Tf", "0 -30 Td"]
        for line in chunk:
            ops += [f"{_pdf_text(line)} Tj", "0 -20 Td"]
        ops.append("ET")
        content = "\n".join(ops).encode("ascii")
        page, stream = first_page + 2 * n, first_page + 2 * n + 1
        kids.append(f"{page} 0 R".encode())
        objects[page] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % stream
        )
        objects[stream] = b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"
    objects[pages_obj] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    info = len(objects) + 1
    # the Title is a PDF text string: UTF-16BE behind a byte order mark
    objects[info] = b"<< /Title <FEFF" + title.encode("utf-16-be").hex().upper().encode() + b"> >>"
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number in range(1, info + 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (info + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (info + 1, info, xref)
    )
    return out.getvalue()


# -- DOCX --------------------------------------------------------------------------------

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx(title: str, paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    """A minimal WordprocessingML package: a centred title, paragraphs and one table."""
    parts = [
        f'<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:b/></w:rPr>'
        f"<w:t>{escape(title)}</w:t></w:r></w:p>"
    ]
    parts += [f"<w:p><w:r><w:t>{escape(p)}</w:t></w:r></w:p>" for p in paragraphs]
    if table:
        rows = "".join(
            "<w:tr>"
            + "".join(f"<w:tc><w:p><w:r><w:t>{escape(c)}</w:t></w:r></w:p></w:tc>" for c in row)
            + "</w:tr>"
            for row in table
        )
        parts.append(f"<w:tbl>{rows}</w:tbl>")
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{_W}"><w:body>{"".join(parts)}</w:body></w:document>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, text in (
            ("[Content_Types].xml", _CONTENT_TYPES),
            ("_rels/.rels", _RELS),
            ("word/document.xml", document),
        ):
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            package.writestr(info, text.encode("utf-8"))
    return out.getvalue()


# -- PNG ---------------------------------------------------------------------------------


def png(seed: str, width: int = 64, height: int = 90) -> bytes:
    """A small greyscale "scanned page": deterministic noise rows derived from `seed`."""
    rows = b""
    digest = hashlib.sha256(seed.encode("utf-8")).digest()
    for y in range(height):
        line = bytes(200 + (digest[(x + y) % 32] % 56) for x in range(width))
        rows += b"\x00" + line

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "png": "image/png",
}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
