"""Caps on what one document may cost, and the error for a document that cannot be read.

Attachments come from tens of thousands of government sites, some broken, some hostile
(RELIABILITY.md cases 26-32): a zip bomb dressed as DOCX, a PDF stream that inflates to
gigabytes, an encrypted or truncated file. Every binary reader checks these caps before
the heavy library touches the bytes, and raises `DocumentError` with a short reason that
ends up in the report's `error` field; the raw capture stays archived either way.

The numbers are starting points sized for real reports (a county report is 5-40 pages,
a provincial compilation rarely over 300) with room to spare; measure before changing.
"""

from __future__ import annotations

from dataclasses import dataclass

# Largest file any binary reader accepts; Scrapy's DOWNLOAD_MAXSIZE stops bigger bodies
# earlier, this guards direct `nianbao parse FILE` use too.
MAX_INPUT_BYTES = 100 * 1024 * 1024
# ZIP-based formats (DOCX, XLSX, PPTX, OFD): sum of declared uncompressed member sizes.
MAX_ZIP_UNCOMPRESSED = 300 * 1024 * 1024
# Apache POI's ZipSecureFile threshold: a member may inflate at most 100x once past 100 KB.
MAX_ZIP_RATIO = 100
ZIP_RATIO_GRACE = 100 * 1024
MAX_ZIP_MEMBERS = 10_000
# Pages read from one PDF; more are skipped with a warning (reports are never this long).
MAX_PAGES = 500
# Cells read from one workbook (all sheets); statistics tables have a few hundred.
MAX_SHEET_CELLS = 2_000_000
# Wall-clock seconds a binary reader may go without progress (a PDF page, a block of
# sheet rows, or the whole document for readers that report none): a hostile file that
# hangs is stopped within this (issue 4: < 10 s). And seconds for one document in all:
# a 300-page report at 4 pages/s on a loaded machine takes 75.
TIME_PER_STEP = 8.0
TIME_PER_DOCUMENT = 120.0
# DOC/WPS conversion drives antiword/catdoc or a LibreOffice start-up (seconds alone).
TIME_PER_CONVERSION = 60.0
# OCR of a scanned report: Tesseract takes 3-8 s per page (9 pages: 66 s on a loaded
# 2-core machine). The first is the limit without progress (a reader that calls
# parsers.sandbox.heartbeat() per page gets it per page), the second the limit in all.
TIME_PER_OCR = 300.0
TIME_PER_OCR_DOCUMENT = 1800.0
# Address space the child process that parses a binary document may add to what it
# inherits (RLIMIT_AS). Real reports peak at 25-50 MB of RSS in the child (seed
# renderings); a stream bomb is stopped at this much plus the inherited pages, which
# keeps every hostile fixture under the 500 MB of issue 4.
MAX_MEMORY_BYTES = 400 * 1024 * 1024


@dataclass
class DocumentError(Exception):
    """Input that no reader can turn into a Document: encrypted, truncated, too large...

    `reason` is a short human sentence (it is stored as the report's `error`); raising it
    is the normal way for a reader to say "this file is bad", as opposed to a reader bug.
    """

    reason: str

    def __str__(self) -> str:
        return self.reason


def check_size(data: bytes, limit: int = MAX_INPUT_BYTES) -> None:
    """Refuse an input over `limit` bytes before any parser allocates for it."""
    if len(data) > limit:
        raise DocumentError(f"too large: {len(data)} bytes (limit {limit})")
