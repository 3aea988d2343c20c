"""What kind of document a body is, judged by its bytes.

Government CMSs serve attachments from scripts (Hanweb's `downfile.jsp`, VSB's
`download.jsp`) with a generic or wrong Content-Type, and a `.pdf` link often answers with
an HTML "文件不存在" page. So the bytes decide: magic numbers, then the structure inside
the container (the member names of a ZIP, the stream names of an OLE compound file). The
file name and Content-Type only break ties the bytes leave open: markup that is only
weakly HTML, or an OLE Word file that is really Kingsoft WPS.

Formats returned: html, text, mhtml (a web page saved as one MIME file), pdf, docx, xlsx,
pptx, ofd, zip (any other ZIP), doc, wps, xls, ppt, ole (any other compound file),
encrypted (an OOXML file wrapped in OLE encryption), image, rtf, unknown (binary of no
known kind).
"""

from __future__ import annotations

import io
import re
import zipfile

# PDF readers accept the header anywhere in the first KB (Acrobat implementation note 13).
_PDF_HEADER_WINDOW = 1024
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGE_MAGIC = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",  # JPEG
    b"GIF87a",
    b"GIF89a",
    b"II*\x00",  # TIFF little-endian
    b"MM\x00*",  # TIFF big-endian
)
_STRONG_HTML = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.I)
_ANY_TAG = re.compile(
    rb"</?(?:p|div|span|table|tr|td|br|meta|title|a|font|b|strong|center|h[1-6])\b[^>]*>", re.I
)
# Bytes that text in the encodings we decode does not contain (NUL outside UTF-16, C0
# controls other than tab, newlines, form feed, DOS end-of-file and escape); a few stray
# ones are tolerated (the text reader drops them), a binary has them everywhere.
_BINARY_BYTES = re.compile(rb"[\x00-\x08\x0e-\x19\x1c-\x1f]")
_BINARY_SHARE = 0.02
# a saved web page as one MIME message (.mht, Word's "single file web page" .doc)
_MIME_HEADER = re.compile(rb"(?i)(?:mime-version|from|subject|date|content-type)\s*:")
_MULTIPART = re.compile(rb"(?i)content-type:\s*multipart/related")
_ZIP_NAME_IN_HEADER = re.compile(rb"PK\x03\x04.{26}(word/|xl/|ppt/|OFD\.xml)", re.S)


def detect_format(data: bytes, content_type: str | None = None, filename: str | None = None) -> str:
    """The format name of `data` (see the module docstring for the list)."""
    head = data[:8192]
    stripped = head.lstrip(b"\xef\xbb\xbf\r\n\t ")
    if b"%PDF-" in data[:_PDF_HEADER_WINDOW]:
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(data)
    if head.startswith(_OLE_MAGIC):
        return _ole_kind(data, filename)
    if head.startswith(_IMAGE_MAGIC) or _is_bmp(head) or _is_webp(head):
        return "image"
    if stripped.startswith(b"{\\rtf"):
        return "rtf"
    if _MIME_HEADER.match(stripped) and _MULTIPART.search(head):
        return "mhtml"
    return _markup_kind(stripped, content_type, filename)


def _is_bmp(head: bytes) -> bool:
    # "BM" alone starts ordinary text; the DIB header size (offset 14) pins it down.
    return (
        head.startswith(b"BM")
        and len(head) >= 18
        and int.from_bytes(head[14:18], "little") in (12, 40, 52, 56, 64, 108, 124)
    )


def _is_webp(head: bytes) -> bool:
    return head.startswith(b"RIFF") and head[8:12] == b"WEBP"


def _zip_kind(data: bytes) -> str:
    """docx / xlsx / pptx / ofd by the package's member names, else zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        # A truncated package has no central directory; the local headers still name
        # the members it starts with.
        m = _ZIP_NAME_IN_HEADER.search(data[:65536])
        names = [m.group(1).decode()] if m else []
    for prefix, kind in (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx")):
        if any(n.startswith(prefix) for n in names):
            return kind
    if any(n == "OFD.xml" or n.endswith("/OFD.xml") for n in names):
        return "ofd"
    return "zip"


def _ole_kind(data: bytes, filename: str | None) -> str:
    """doc / wps / xls / ppt / encrypted by the compound file's stream names."""
    import olefile

    try:
        ole = olefile.OleFileIO(data)
    except Exception:  # olefile raises OSError and assorted parse errors on damage
        return "ole"
    try:
        streams = {"/".join(path).lower() for path in ole.listdir(streams=True, storages=True)}
        app = _creating_application(ole)
    finally:
        ole.close()
    if "encryptedpackage" in streams:
        return "encrypted"
    if "worddocument" in streams:
        # Kingsoft WPS writes Word's binary format; its own streams or its name as the
        # creating application tell the two apart, the file name breaks a remaining tie.
        kingsoft = any(s.startswith(("wps", "kso")) for s in streams) or re.search(
            r"wps|kingsoft", app, re.I
        )
        if kingsoft or (filename or "").lower().endswith(".wps"):
            return "wps"
        return "doc"
    if "workbook" in streams or "book" in streams:
        return "xls"
    if "powerpoint document" in streams:
        return "ppt"
    if {"contents", "mn0"} <= streams:
        return "wps"  # Microsoft Works word processor, also named .wps
    return "ole"


def _creating_application(ole: object) -> str:
    try:
        meta = ole.get_metadata()  # type: ignore[attr-defined]
    except Exception:
        return ""
    app = meta.creating_application or b""
    return app.decode("latin-1") if isinstance(app, bytes) else str(app)


def _markup_kind(head: bytes, content_type: str | None, filename: str | None) -> str:
    """html or text for a body that is no binary format; unknown for other binaries."""
    probe = head
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        probe = head.decode("utf-16", errors="ignore").encode("utf-8")
    elif len(_BINARY_BYTES.findall(head[:4096])) > _BINARY_SHARE * len(head[:4096]):
        return "unknown"
    if _STRONG_HTML.search(probe):
        return "html"
    tags = len(_ANY_TAG.findall(probe))
    said_html = bool(content_type and "html" in content_type.lower()) or bool(
        filename and re.search(r"\.(s?html?|jsp|aspx?|php)$", filename, re.I)
    )
    if tags >= 3 or (tags >= 1 and said_html):
        return "html"
    return "text"
