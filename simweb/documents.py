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


def html_rows(fragment: str) -> list[list[str | int]]:
    """The cells of every table row of an HTML body; whole numbers as numbers."""
    from lxml import html

    root = html.fromstring(f"<div>{fragment}</div>")
    rows: list[list[str | int]] = []
    for tr in root.iter("tr"):
        cells = [" ".join(td.text_content().split()) for td in tr.iter("td", "th")]
        rows.append([int(c) if c.isdigit() else c for c in cells])
    return rows


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


# -- XLS (BIFF8 in an OLE2 compound file) ------------------------------------------------


def _record(kind: int, data: bytes) -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def _xl_string(text: str) -> bytes:
    """A BIFF8 unicode string: character count, flags (1: UTF-16LE), characters."""
    return struct.pack("<HB", len(text), 1) + text.encode("utf-16-le")


def _biff8(sheet: str, rows: list[list[str | int]]) -> bytes:
    """A workbook stream: globals (fonts, formats, the sheet, strings) and one sheet."""
    strings = list(dict.fromkeys(c for row in rows for c in row if isinstance(c, str)))
    font = struct.pack("<HHHHHBBBB", 220, 0, 0x7FFF, 400, 0, 0, 0, 0x86, 0)
    font += bytes([2, 1]) + "宋体".encode("utf-16-le")  # name: 2 characters, UTF-16LE
    style_xf = struct.pack("<HHHBBBBIIH", 0, 0, 0xFFF5, 0x20, 0, 0, 0, 0, 0, 0x20C0)
    cell_xf = struct.pack("<HHHBBBBIIH", 0, 0, 0x0001, 0x20, 0, 0, 0, 0, 0, 0x20C0)
    sst = struct.pack("<II", len(strings), len(strings)) + b"".join(map(_xl_string, strings))
    bof = struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0x41, 0x06)
    head = (
        _record(0x0809, bof)
        + _record(0x0042, struct.pack("<H", 1200))  # CODEPAGE: UTF-16
        + _record(0x003D, struct.pack("<HHHHHHHHH", 0, 0, 0x4000, 0x2000, 0x38, 0, 0, 1, 0x258))
        + b"".join(_record(0x0031, font) for _ in range(5))
        + b"".join(_record(0x00E0, style_xf) for _ in range(15))
        + _record(0x00E0, cell_xf)
        + _record(0x0293, struct.pack("<HBB", 0x8000, 0, 0xFF))  # STYLE: Normal
    )
    name = bytes([len(sheet), 1]) + sheet.encode("utf-16-le")  # 8-bit count, UTF-16LE
    boundsheet_size = 4 + 4 + 2 + len(name)
    tail = _record(0x00FC, sst) + _record(0x000A, b"")
    sheet_offset = len(head) + boundsheet_size + len(tail)
    globals_ = head + _record(0x0085, struct.pack("<IBB", sheet_offset, 0, 0) + name) + tail
    cells = b""
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, str):
                cells += _record(0x00FD, struct.pack("<HHHI", r, c, 15, strings.index(value)))
            else:
                cells += _record(0x0203, struct.pack("<HHHd", r, c, 15, float(value)))
    width = max((len(row) for row in rows), default=0)
    sheet_stream = (
        _record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0x0DBB, 0x07CC, 0x41, 0x06))
        + _record(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, width, 0))  # DIMENSIONS
        + _record(0x023E, struct.pack("<HHHH", 0x06B6, 0, 0, 0x40) + bytes(10))  # WINDOW2
        + cells
        + _record(0x000A, b"")
    )
    return globals_ + sheet_stream


def _compound_file(streams: dict[str, bytes]) -> bytes:
    """An OLE2 (CFB v3) container of a few streams, each padded past the 4096-byte mini cutoff.

    The directory is a tree as the format wants it: the root's child is the last stream and
    every other stream hangs to its left, names ordered by length (then case-folded).
    """
    end, free, fat_sector = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    names = sorted(streams, key=lambda n: (len(n), n.upper()))
    padded = {
        n: streams[n].ljust(max(4096, -(-len(streams[n]) // 512) * 512), b"\0") for n in names
    }
    fat, starts, body = [fat_sector, end], {}, b""
    for name in names:
        starts[name] = len(fat)
        count = len(padded[name]) // 512
        fat += [len(fat) + i + 1 for i in range(count - 1)] + [end]
        body += padded[name]
    if len(fat) > 128:
        raise ValueError("one FAT sector holds 128 entries: keep the document small")
    fat += [free] * (128 - len(fat))
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
        + struct.pack("<I", 0)  # DIFAT[0]: the FAT is sector 0
        + struct.pack("<I", free) * 108
    )

    def entry(name: str, kind: int, left: int, child: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0" if name else b""
        return (
            raw.ljust(64, b"\0")
            + struct.pack("<HBB", len(raw), kind, 1)
            + struct.pack("<III", left, free, child)
            + bytes(16 + 4 + 16)
            + struct.pack("<II", start, size)
            + bytes(4)
        )

    # entry 1 is the last name; entry k+1 (an earlier name) is the left sibling of entry k
    order = list(reversed(names))
    entries = [entry("Root Entry", 5, free, 1, end, 0)]
    for i, name in enumerate(order):
        left = i + 2 if i + 1 < len(order) else free
        entries.append(entry(name, 2, left, free, starts[name], len(padded[name])))
    while len(entries) % 4:
        entries.append(entry("", 0, free, free, 0, 0))
    if len(entries) > 4:
        raise ValueError("one directory sector holds four entries")
    return header + struct.pack("<128I", *fat) + b"".join(entries) + body


def xls(sheet: str, rows: list[list[str | int]]) -> bytes:
    """An Excel 97-2003 workbook with one sheet of text and number cells."""
    return _compound_file({"Workbook": _biff8(sheet, rows)})


# -- WPS / DOC (Word 97 binary) -----------------------------------------------------------

TEXT_AT = 1024  # where the text starts in the WordDocument stream, after the FIB


def _fib(ccp_text: int, stream_size: int, clx_size: int, text_end: int) -> bytes:
    """The File Information Block of a Word 97 document whose text is one UTF-16 piece."""
    flags = 0x0200 | 0x1000  # fWhichTblStm: the table stream is 1Table; fExtChar
    # the last two FibBase fields are the older fcMin/fcMac, which readers still consult
    base = struct.pack(
        "<HHHHHHHIBBHHII", 0xA5EC, 0xC1, 0, 0x0804, 0, flags, 0xBF, 0, 0, 0, 0, 0, TEXT_AT, text_end
    )
    rg_w = struct.pack("<H", 14) + bytes(28)
    rg_lw = [0] * 22
    rg_lw[0], rg_lw[3] = stream_size, ccp_text  # cbMac, ccpText
    fc_lcb = [0] * (93 * 2)
    fc_lcb[33 * 2], fc_lcb[33 * 2 + 1] = 0, clx_size  # fcClx/lcbClx: the piece table
    return (
        base
        + rg_w
        + struct.pack("<H22I", 22, *rg_lw)
        + struct.pack("<H186I", 93, *fc_lcb)
        + struct.pack("<H", 0)
    )


def wps(title: str, paragraphs: list[str]) -> bytes:
    """A Word 97 binary document, the format WPS Office writes under the .wps name.

    The text is one uncompressed (UTF-16LE) piece of the piece table, paragraphs ended by
    carriage returns, so text extractors that follow the FIB and the Clx read it back.
    """
    text = "\r".join([title, *paragraphs]) + "\r"
    encoded = text.encode("utf-16-le")
    plc = struct.pack("<II", 0, len(text)) + struct.pack("<HIH", 0, TEXT_AT, 0)
    clx = b"\x02" + struct.pack("<I", len(plc)) + plc
    size = max(4096, TEXT_AT + len(encoded))
    fib = _fib(len(text), size, len(clx), TEXT_AT + len(encoded))
    document = fib.ljust(TEXT_AT, b"\0") + encoded
    return _compound_file({"WordDocument": document, "1Table": clx})


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
    "xls": "application/vnd.ms-excel",
    "wps": "application/vnd.ms-works",
}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
