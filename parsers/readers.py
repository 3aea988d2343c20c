"""Any document's bytes → Document: detect the format, run the reader that handles it.

HTML and text are the hot path (every detail page) and parse in-process. Binary formats
go through parsers.sandbox: a forked child with a memory cap and a time limit, so one
hostile attachment costs one error, never the crawl. The DOC/WPS and OCR readers
(parsers.ole, parsers.ocr) drive external programs and are imported lazily: a machine
without them still reads every other format, and says which reader is missing.

Unreadable input raises `DocumentError(reason)`; parsers.report turns it into the
report's `error` with `source_format` set.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable

from parsers.detect import detect_format
from parsers.document import Document
from parsers.limits import (
    TIME_PER_CONVERSION,
    TIME_PER_OCR,
    TIME_PER_OCR_DOCUMENT,
    DocumentError,
)
from parsers.sandbox import run_isolated

# formats that no reader here handles: the reason recorded for each
_UNSUPPORTED = {
    "zip": "a ZIP archive, not a document",
    "ole": "an OLE compound file of no known office kind",
    "encrypted": "encrypted Office document: a password is required",
    "pptx": "PowerPoint presentations are not read",
    "ppt": "PowerPoint presentations are not read",
    "ofd": "OFD documents are not read",
    "unknown": "not a document: binary data of no known format",
}


def read_document(
    data: bytes,
    *,
    content_type: str | None = None,
    url: str | None = None,
    filename: str | None = None,
) -> Document:
    """The Document of `data`, whatever its format; DocumentError when it cannot be read."""
    kind = detect_format(data, content_type, filename)
    return read_as(kind, data, content_type=content_type, url=url)


def read_as(
    kind: str, data: bytes, *, content_type: str | None = None, url: str | None = None
) -> Document:
    """Read `data` as format `kind` (a detect_format name)."""
    if kind == "html":
        from parsers.html import read_html

        return read_html(data, content_type=content_type, url=url)
    if kind == "text":
        from parsers.text import read_text

        return read_text(data)
    if kind == "rtf":
        from parsers.rtf import read_rtf

        return run_isolated(read_rtf, data)
    if kind == "mhtml":
        from parsers.mhtml import read_mhtml

        return run_isolated(read_mhtml, data)
    if kind == "pdf":
        from parsers.pdf import read_pdf

        doc = run_isolated(read_pdf, data)
        if doc.meta.get("text_layer") == "none":
            return _ocr_pdf(data, doc)
        if doc.meta.get("text_layer") == "partial":
            _ocr_some_pages(data, doc)
        return doc
    if kind == "docx":
        from parsers.docx import read_docx

        return run_isolated(read_docx, data)
    if kind in ("xlsx", "xls"):
        from parsers.sheet import read_xls, read_xlsx

        return run_isolated(read_xlsx if kind == "xlsx" else read_xls, data)
    if kind in ("doc", "wps"):
        doc = run_isolated(
            _external("parsers.ole", "read_doc", f"{kind.upper()} reader"),
            data,
            timeout=TIME_PER_CONVERSION,
        )
        doc.source_format = kind
        return doc
    if kind == "image":
        return run_isolated(
            _external("parsers.ocr", "ocr_image", "OCR"),
            data,
            timeout=TIME_PER_OCR,
            total=TIME_PER_OCR_DOCUMENT,
        )
    raise DocumentError(_UNSUPPORTED.get(kind, f"unsupported document format: {kind}"))


def _ocr_pdf(data: bytes, textless: Document) -> Document:
    """A PDF without a text layer, read by OCR; keeps the page facts of the PDF reader."""
    try:
        ocr = _external("parsers.ocr", "ocr_pdf", "OCR")
    except DocumentError as exc:
        raise DocumentError(f"scanned PDF (no text layer), OCR unavailable: {exc}") from exc
    doc = run_isolated(ocr, data, timeout=TIME_PER_OCR, total=TIME_PER_OCR_DOCUMENT)
    doc.source_format = "pdf"
    doc.meta = {**textless.meta, **doc.meta}
    doc.warnings = [*textless.warnings, *doc.warnings]
    return doc


def _ocr_some_pages(data: bytes, doc: Document) -> None:
    """Add the OCR of the scanned pages of a mostly text PDF (tables pasted as images are
    common) to `doc`, after its text; without OCR they stay unread, with a warning."""
    from parsers.pdf import extract_pages

    pages = [int(n) for n in doc.meta["textless_pages"].split(",")]
    try:
        ocr = _external("parsers.ocr", "ocr_pdf", "OCR")
        scan = run_isolated(functools.partial(extract_pages, numbers=pages), data)
        read = run_isolated(ocr, scan, timeout=TIME_PER_OCR, total=TIME_PER_OCR_DOCUMENT)
    except DocumentError as exc:
        doc.warnings.append(f"pdf: scanned pages {doc.meta['textless_pages']} not read: {exc}")
        return
    doc.text = f"{doc.text}\n{read.text}" if doc.text else read.text
    doc.tables.extend(read.tables)
    doc.meta["ocr_pages"] = doc.meta["textless_pages"]
    doc.warnings.append(
        f"pdf: scanned pages {doc.meta['textless_pages']} read by OCR, their text "
        "placed after the rest"
    )
    doc.warnings.extend(read.warnings)


def _external(module: str, name: str, what: str) -> Callable[[bytes], Document]:
    """`module.name`, imported now (in the parent, before the fork), or DocumentError."""
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError) as exc:
        raise DocumentError(f"{what} unavailable: {exc}") from exc
