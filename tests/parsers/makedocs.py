"""Small documents built in memory for the reader tests, plus the hostile ones.

Each builder writes a real file with the library that produces such files in the wild
(reportlab for PDF, python-docx for DOCX, openpyxl/xlwt for spreadsheets), so the readers
are tested on the structures those writers emit, not on hand-made approximations. The
content is a cut of a 2021-form report: a title, prose, and the 第二十条 table with a
merged header cell.
"""

from __future__ import annotations

import io
import zipfile

TITLE = "某市司法局2021年政府信息公开工作年度报告"
PROSE = [
    "一、总体情况",
    "2021年，本机关认真贯彻落实《中华人民共和国政府信息公开条例》，全年主动公开政府信息128条。",
    "二、主动公开政府信息情况",
]
# 第二十条 第（一）项: header row with a label spanning two header rows
ARTICLE20 = [
    ["第二十条第（一）项", "", "", ""],
    ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
    ["规章", "0", "0", "0"],
    ["行政规范性文件", "3", "1", "12"],
]


def pdf_report(
    *,
    ruled: bool = True,
    pages: int = 1,
    encrypt: str | None = None,
    missing: tuple[int, int] | None = None,
) -> bytes:
    """A report PDF with a CJK text layer (reportlab's built-in STSong-Light CID font).

    `ruled` draws the table with grid lines (the first row one merged cell); otherwise
    the table is only aligned text. `pages` repeats the prose on further pages, each
    with a page number in the footer.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, encrypt=encrypt)
    width, height = A4
    for page in range(1, pages + 1):
        y = height - 30 * mm
        c.setFont("STSong-Light", 16)
        c.drawCentredString(width / 2, y, TITLE if page == 1 else f"{TITLE}（续）")
        y -= 14 * mm
        c.setFont("STSong-Light", 11)
        for line in PROSE:
            c.drawString(25 * mm, y, line)
            y -= 8 * mm
        if page == 1:
            _pdf_table(c, 25 * mm, y - 4 * mm, ruled, missing)
        c.setFont("STSong-Light", 9)
        c.drawCentredString(width / 2, 15 * mm, f"- {page} -")
        c.showPage()
    c.save()
    return buf.getvalue()


LONG_PARAGRAPH = (
    "本机关认真贯彻落实《中华人民共和国政府信息公开条例》和上级部署，坚持以公开为常态、"
    "不公开为例外，全年主动公开政府信息128条，其中规范性文件3件，政策解读稿件12篇，"
    "及时回应社会关切，依申请公开工作规范有序，各项工作取得新的进展。"
)


def pdf_paragraphs(repeat: int = 1) -> bytes:
    """Justified CJK paragraphs with a two-character first-line indent, wrapped by
    reportlab's layout (platypus) as a word processor does; `repeat` paragraphs after a
    heading, enough of them to run over a page break."""
    from reportlab.lib.enums import TA_JUSTIFY
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle(
        "body", fontName="STSong-Light", fontSize=12, leading=20, alignment=TA_JUSTIFY,
        firstLineIndent=24, wordWrap="CJK",
    )  # fmt: skip
    buf = io.BytesIO()
    story = [Paragraph(PROSE[0], body)]
    story += [Paragraph(LONG_PARAGRAPH, body) for _ in range(repeat)]
    story.append(Paragraph(PROSE[2], body))
    SimpleDocTemplate(buf, pagesize=A4).build(story)
    return buf.getvalue()


def pdf_with_scanned_page(image: bytes) -> bytes:
    """The report's first page as text, then a page that is only `image` with a page
    number stamped on it as text (a table pasted as a picture)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    text_pdf = pdf_report()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    width, height = A4
    c.drawImage(ImageReader(io.BytesIO(image)), 40, 200, width=width - 80, height=height - 300)
    c.setFont("Helvetica", 9)
    c.drawCentredString(width / 2, 40, "- 2 -")
    c.showPage()
    c.save()
    return _concat(text_pdf, buf.getvalue())


def _concat(*pdfs: bytes) -> bytes:
    import pypdfium2

    out = pypdfium2.PdfDocument.new()
    for data in pdfs:
        src = pypdfium2.PdfDocument(data)
        out.import_pages(src)
        src.close()
    buf = io.BytesIO()
    out.save(buf)
    out.close()
    return buf.getvalue()


def _pdf_table(
    c: object, left: float, top: float, ruled: bool, missing: tuple[int, int] | None
) -> None:
    widths = [150.0, 90.0, 90.0, 90.0]
    row_h = 22.0
    xs = [left]
    for w in widths:
        xs.append(xs[-1] + w)
    for r, row in enumerate(ARTICLE20):
        y = top - r * row_h
        if r == 1 and ruled:
            # a label spread over its cell (分散对齐): gaps wider than a column break
            text = c.beginText(xs[0] + 4, y - 15)  # type: ignore[attr-defined]
            text.setFont("STSong-Light", 11)
            text.setCharSpace(24)
            text.textOut(row[0])
            text.setCharSpace(0)  # Tc is page state in PDF: it would carry on
            c.drawText(text)  # type: ignore[attr-defined]
        else:
            c.drawString(xs[0] + 4, y - 15, row[0])  # type: ignore[attr-defined]
        if r > 0:
            for i, cell in enumerate(row[1:], start=1):
                if (r, i) == missing:
                    continue
                c.drawRightString(xs[i + 1] - 6, y - 15, cell)  # type: ignore[attr-defined]
    if not ruled:
        return
    bottom = top - len(ARTICLE20) * row_h
    for r in range(len(ARTICLE20) + 1):
        c.line(xs[0], top - r * row_h, xs[-1], top - r * row_h)  # type: ignore[attr-defined]
    for i, x in enumerate(xs):
        # inner verticals skip the merged first row
        start = top if i in (0, len(xs) - 1) else top - row_h
        c.line(x, start, x, bottom)  # type: ignore[attr-defined]


def docx_report() -> bytes:
    """A DOCX with a title, prose and the table, first row merged across (gridSpan) and
    the label column of two rows merged down (vMerge)."""
    import docx

    d = docx.Document()
    d.add_heading(TITLE, level=1)
    d.add_paragraph(PROSE[0])
    d.add_paragraph(PROSE[1])
    table = d.add_table(rows=len(ARTICLE20) + 1, cols=4)
    table.style = "Table Grid"
    for r, row in enumerate(ARTICLE20):
        for i, text in enumerate(row):
            if text:
                table.cell(r, i).text = text
    table.cell(0, 0).merge(table.cell(0, 3))
    for i, text in enumerate(["3", "1", "12"], start=1):
        table.cell(4, i).text = text
    table.cell(3, 0).merge(table.cell(4, 0))  # vertical merge: 行政规范性文件 spans 2 rows
    d.add_paragraph(PROSE[2])
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def xlsx_report() -> bytes:
    """Two sheets: the table with a merged title row, and a second small sheet."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "第二十条"
    for row in ARTICLE20:
        ws.append([int(v) if v.isdigit() else (v or None) for v in row])
    ws.merge_cells("A1:D1")
    second = wb.create_sheet("说明")
    second.append([TITLE])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def xls_report() -> bytes:
    """The same table as a BIFF8 .xls (xlwt), title row merged across four columns."""
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("第二十条")
    ws.write_merge(0, 0, 0, 3, ARTICLE20[0][0])
    for r, row in enumerate(ARTICLE20[1:], start=1):
        for i, v in enumerate(row):
            ws.write(r, i, int(v) if v.isdigit() else v)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def mhtml_page(html: bytes, charset: str) -> bytes:
    """A page saved as one file the way Word and IE save it: multipart/related, the HTML
    quoted-printable in its own charset, an image part after it."""
    from email.charset import QP, Charset
    from email.mime.image import MIMEImage
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText

    message = MIMEMultipart("related", type="text/html")
    cs = Charset(charset)
    cs.body_encoding = QP
    page = MIMEText(html.decode(charset), "html", cs)
    page["Content-Location"] = "file:///C:/report.htm"
    message.attach(page)
    message.attach(MIMEImage(b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "png"))
    return message.as_bytes()


def word_rtf() -> bytes:
    """RTF as Word writes it for Chinese: GBK bytes under \\ansicpg936, \\uN escapes with a
    fallback byte pair (\\uc2), fonts and a header to skip, and a table whose title row
    is merged across (\\clmgf/\\clmrg) and whose label column merges down (\\clvmrg)."""

    def gbk(text: str) -> str:
        return "".join(f"\\'{b:02x}" for b in text.encode("gbk"))

    def uni(text: str) -> str:
        return "".join(f"\\u{ord(ch)}\\'3f\\'3f" for ch in text)

    def row(cells: list[tuple[str, str]]) -> str:
        defs = "".join(f"{flags}\\cellx{1800 * (i + 1)}" for i, (flags, _) in enumerate(cells))
        body = "".join(f"\\pard\\intbl {{{gbk(text)}}}\\cell " for _, text in cells)
        return f"\\trowd\\trgaph108{defs}{body}{{\\trowd{defs}\\row}}\n"

    header = ARTICLE20[1]
    rows = [
        row([("\\clmgf", ARTICLE20[0][0]), ("\\clmrg", ""), ("\\clmrg", ""), ("\\clmrg", "")]),
        row([("", h) for h in header]),
        row([("", v) for v in ARTICLE20[2]]),
        row([("\\clvmgf", ARTICLE20[3][0]), *[("", v) for v in ARTICLE20[3][1:]]]),
        row([("\\clvmrg", ""), ("", "3"), ("", "1"), ("", "12")]),
    ]
    return (
        "{\\rtf1\\ansi\\ansicpg936\\uc2\\deff0"
        "{\\fonttbl{\\f0\\fnil\\fcharset134 " + gbk("宋体") + ";}}"
        "{\\colortbl;\\red0\\green0\\blue0;}"
        "{\\*\\generator Microsoft Word 11.0;}"
        "{\\header \\pard " + gbk("页眉文字") + "\\par}"
        "\\pard\\qc{\\b " + gbk(TITLE) + "}\\par\n"
        "\\pard " + uni(PROSE[0]) + "\\par\n"
        "\\pard " + gbk(PROSE[1]) + "\\par\n" + "".join(rows) + "\\pard " + gbk(PROSE[2]) + "\\par}"
    ).encode("ascii")


def encrypted_docx(password: str = "secret") -> bytes:
    """The report DOCX with a password, as Word encrypts it (msoffcrypto-tool's agile
    encryption): an OLE file holding EncryptionInfo and EncryptedPackage."""
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(docx_report())).encrypt(password, out)
    return out.getvalue()


def zip_bomb_docx(member_mb: int = 64) -> bytes:
    """A DOCX whose word/document.xml inflates to `member_mb` MB (about 1000x)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(b'<?xml version="1.0"?><w:document xmlns:w="' + _W + b'"><w:body>')
            block = b" " * (1 << 20)
            for _ in range(member_mb):
                f.write(block)
            f.write(b"</w:body></w:document>")
    return buf.getvalue()


def billion_laughs_docx() -> bytes:
    """A DOCX whose document.xml declares the classic exponential entity."""
    entities = ['<!ENTITY lol "lol">']
    for i in range(1, 10):
        prev = f"&lol{i - 1};" if i > 1 else "&lol;"
        entities.append(f'<!ENTITY lol{i} "{prev * 10}">')
    doc = (
        '<?xml version="1.0"?><!DOCTYPE w:document [' + "".join(entities) + "]>"
        f'<w:document xmlns:w="{_W.decode()}"><w:body><w:p><w:r><w:t>&lol9;</w:t>'
        "</w:r></w:p></w:body></w:document>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("word/document.xml", doc)
    return buf.getvalue()


def stream_bomb_pdf(inflated_mb: int) -> bytes:
    """A one-page PDF whose content stream is `inflated_mb` MB of zeros, deflated
    (RELIABILITY.md case 29: pdfminer inflates FlateDecode streams with no cap)."""
    import zlib

    stream = zlib.compress(_deflated_zeros(inflated_mb), 9)  # a second layer: tiny file
    return _pdf(
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter [/FlateDecode /FlateDecode] >>\nstream\n" % len(stream)
        + stream
        + b"\nendstream",
    )


def unmapped_font_pdf() -> bytes:
    """A page of text in a CID font with no ToUnicode map: glyph numbers, no characters
    (what many Chinese PDFs made by old converters contain)."""
    content = b"BT /F1 12 Tf 72 700 Td <0041004200430044004500460047> Tj ET" * 20
    return _pdf(
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H"
        b" /DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun"
        b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
    )


def _pdf(*objects: bytes) -> bytes:
    """A PDF file of a catalog, a one-page tree and `objects` (numbered from 3)."""
    objects = (
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        *objects,
    )
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _deflated_zeros(megabytes: int) -> bytes:
    """A valid zlib stream of `megabytes` MB of zeros, built without compressing them all:
    after a full flush a deflate block sequence can be repeated; the Adler-32 trailer is
    computed over the real data."""
    import struct
    import zlib

    mb = b"\0" * (1 << 20)
    packer = zlib.compressobj(9)
    head = packer.compress(mb) + packer.flush(zlib.Z_FULL_FLUSH)
    body = packer.compress(mb) + packer.flush(zlib.Z_FULL_FLUSH)
    tail = packer.flush(zlib.Z_FINISH)[:-4]
    adler = 1
    for _ in range(megabytes):
        adler = zlib.adler32(mb, adler)
    return head + body * (megabytes - 1) + tail + struct.pack(">I", adler)


# every builder of a readable report file, with the format it is
REPORT_FILES = [
    (pdf_report, "pdf"),
    (docx_report, "docx"),
    (xlsx_report, "xlsx"),
    (xls_report, "xls"),
]

_W = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)
