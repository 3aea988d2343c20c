"""Pre-checks of a ZIP-based office package before python-docx or openpyxl open it.

Neither library protects itself (RELIABILITY.md A13): python-docx reads every part with
`ZipFile.read` (no size cap) and parses with `huge_tree=True`; openpyxl "does not guard
against quadratic blowup or billion laughs". So the package is checked first, from the
ZIP directory and the XML prologs alone:

- member count, total declared uncompressed size and per-member inflate ratio (Apache
  POI's ZipSecureFile thresholds). `zipfile` stops inflating a member at its declared
  size, so a lying header cannot make a check on declared sizes unsafe. Embedded
  workbooks (a chart's data as word/embeddings/*.xlsx) are kept: they are read as
  blobs, never opened, and their size counts like any member's;
- no XML part may carry a DOCTYPE or an ENTITY declaration: OOXML never needs one, and
  they are how billion-laughs and XXE files work.
"""

from __future__ import annotations

import io
import re
import zipfile

from parsers.limits import (
    MAX_ZIP_MEMBERS,
    MAX_ZIP_RATIO,
    MAX_ZIP_UNCOMPRESSED,
    ZIP_RATIO_GRACE,
    DocumentError,
    check_size,
)

_PROLOG_CAP = 1 << 20  # an XML prolog longer than this is not an office file
_COMMENT = re.compile(rb"<!--.*?-->", re.S)
_DECLARATION = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.I)
_ELEMENT_START = re.compile(rb"<[A-Za-z_]")


def open_package(data: bytes) -> zipfile.ZipFile:
    """The checked ZipFile of an OOXML package; DocumentError if it is unsafe or broken."""
    check_size(data)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise DocumentError(f"truncated or damaged ZIP package: {exc}") from exc
    try:
        check_members(archive)
        for info in archive.infolist():
            if info.filename.lower().endswith((".xml", ".rels", ".vml")):
                check_prolog(archive, info)
    except BaseException:
        archive.close()
        raise
    return archive


def check_members(archive: zipfile.ZipFile) -> None:
    """Refuse zip bombs by member count, total size and inflate ratio."""
    infos = archive.infolist()
    if len(infos) > MAX_ZIP_MEMBERS:
        raise DocumentError(f"zip bomb: {len(infos)} members (limit {MAX_ZIP_MEMBERS})")
    total = 0
    for info in infos:
        total += info.file_size
        if total > MAX_ZIP_UNCOMPRESSED:
            raise DocumentError(
                f"zip bomb: members inflate to over {MAX_ZIP_UNCOMPRESSED >> 20} MB"
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > ZIP_RATIO_GRACE and ratio > MAX_ZIP_RATIO:
            raise DocumentError(
                f"zip bomb: {info.filename} inflates {ratio:.0f}x (limit {MAX_ZIP_RATIO}x)"
            )


def check_prolog(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Refuse an XML part whose prolog declares a DTD or entities."""
    buf = b""
    try:
        with archive.open(info) as member:
            while len(buf) < _PROLOG_CAP:
                chunk = member.read(16384)
                if not chunk:
                    break
                buf += chunk
                probe = _as_utf8(buf)
                prolog = _COMMENT.sub(b"", probe)
                start = _ELEMENT_START.search(prolog)
                head = prolog[: start.start()] if start else prolog
                if _DECLARATION.search(head):
                    raise DocumentError(
                        f"XML entity declarations refused in {info.filename} (billion laughs / XXE)"
                    )
                if start:
                    return
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        raise DocumentError(f"damaged ZIP member {info.filename}: {exc}") from exc
    if buf and len(buf) >= _PROLOG_CAP:
        raise DocumentError(f"XML prolog of {info.filename} over {_PROLOG_CAP >> 10} KB")


def _as_utf8(buf: bytes) -> bytes:
    if buf.startswith((b"\xff\xfe", b"\xfe\xff")):
        return buf.decode("utf-16", errors="ignore").encode("utf-8")
    return buf
