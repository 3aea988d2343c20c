"""Word 97-2003 (.doc) and Kingsoft WPS (.wps) files → `Document`, through Debian tools.

Both are OLE compound files holding a Word binary `WordDocument` stream (WPS Office writes
Word's format under its own extension). No maintained pure-Python reader recovers their
tables, so two external readers are used, in this order:

1. LibreOffice headless converts the file to DOCX, which `parsers.docx.read_docx` reads:
   text in order *and* tables as grids with merged cells. On the seed reports rendered to
   DOC this scores every cell the DOCX does (tests/parsers/test_rendered_documents.py).
2. antiword, when LibreOffice is missing or fails: text only, tables as `|a |b |` lines
   that `parsers.textgrid` turns back into grids. It starts in milliseconds instead of
   seconds and reads files LibreOffice rejects.

Each run gets a throwaway LibreOffice profile (`-env:UserInstallation`), because two
soffice processes sharing one profile block each other or fail. Every tool runs with a
time limit in its own process group (parsers.external).
"""

from __future__ import annotations

import io
import os
import resource
import struct
import tempfile
from pathlib import Path

import olefile

from parsers.document import Document
from parsers.docx import read_docx
from parsers.external import require, run_tool, stderr_line
from parsers.limits import DocumentError, check_size
from parsers.text import clean_text

# LibreOffice's first start in a fresh profile takes 2-4 s on a loaded machine; a long
# report converts in a few more. Past this the file is treated as one that hangs it.
LIBREOFFICE_SECONDS = 60.0
ANTIWORD_SECONDS = 20.0
# soffice aborts at start-up with less address space than this (measured with ulimit -v,
# LibreOffice 7.4: 416 MB fails with glibc's default malloc arenas -- each thread reserves
# 64 MB -- while with MALLOC_ARENA_MAX=1, set below, 340 MB works); a capped caller
# (parsers.sandbox caps readers at 400 MB over the parent) gets a clear reason.
LIBREOFFICE_ADDRESS_SPACE = 384 * 1024 * 1024
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_FIB_ENCRYPTED = 0x0100  # FibBase.fEncrypted (MS-DOC 2.5.2)


def read_doc(data: bytes) -> Document:
    """Text and tables of a .doc/.wps file; DocumentError when it cannot be read."""
    check_size(data)
    has_word_stream = inspect_ole(data)
    failures: list[str] = []
    readers = [read_doc_libreoffice]
    if has_word_stream:  # antiword reads only the Word binary format
        readers.append(read_doc_antiword)
    for reader in readers:
        try:
            doc = reader(data)
        except DocumentError as exc:
            failures.append(exc.reason)
            continue
        doc.warnings = [f"earlier reader failed: {f}" for f in failures] + doc.warnings
        return doc
    raise DocumentError("; ".join(failures))


def inspect_ole(data: bytes) -> bool:
    """Whether the OLE file has a Word stream; DocumentError for non-OLE or encrypted files.

    Checked here, in Python, so a password-protected file gets a clear reason instead of
    whatever each external tool prints, and a file that is not OLE never reaches them.
    """
    if not data.startswith(_OLE_MAGIC):
        raise DocumentError("not an OLE compound file (DOC/WPS)")
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            if not ole.exists("WordDocument"):
                return False
            fib = ole.openstream("WordDocument").read(12)
            encrypted_stream = ole.exists("EncryptedPackage")
    except (OSError, struct.error, ValueError) as exc:  # olefile reports damage as these
        raise DocumentError(f"damaged OLE compound file: {exc}") from exc
    if encrypted_stream:
        raise DocumentError("encrypted document (password protected)")
    if len(fib) < 12:
        raise DocumentError("damaged Word document: WordDocument stream too short")
    (flags,) = struct.unpack_from("<H", fib, 0x0A)
    if flags & _FIB_ENCRYPTED:
        raise DocumentError("encrypted document (password protected)")
    return True


def read_doc_libreoffice(data: bytes) -> Document:
    """DOC/WPS → DOCX with LibreOffice headless, then the DOCX reader (keeps tables)."""
    soffice = require("soffice", "libreoffice-writer-nogui")
    cap, _ = resource.getrlimit(resource.RLIMIT_AS)
    if cap != resource.RLIM_INFINITY and cap < LIBREOFFICE_ADDRESS_SPACE:
        raise DocumentError(
            f"LibreOffice needs {LIBREOFFICE_ADDRESS_SPACE >> 20} MB of address space, "
            f"this process is capped at {cap >> 20} MB"
        )
    with tempfile.TemporaryDirectory(prefix="nianbao-ole-") as tmp:
        work = Path(tmp)
        source = work / "input.doc"
        source.write_bytes(data)
        result = run_tool(
            [
                soffice,
                f"-env:UserInstallation={(work / 'profile').as_uri()}",
                "--headless",
                "--norestore",
                "--nolockcheck",
                "--convert-to",
                "docx:MS Word 2007 XML",
                "--outdir",
                str(work / "out"),
                str(source),
            ],
            timeout=LIBREOFFICE_SECONDS,
            cwd=work,
            env={**os.environ, "MALLOC_ARENA_MAX": "1"},
        )
        converted = work / "out" / "input.docx"
        if not converted.exists():
            # soffice exits 0 even when it could not load the file; the missing output says so
            raise DocumentError(f"LibreOffice could not convert the file ({stderr_line(result)})")
        docx_bytes = converted.read_bytes()
    doc = read_docx(docx_bytes)
    doc.source_format = "doc"
    doc.meta["converter"] = "libreoffice"
    for table in doc.tables:
        table.source = "doc"
    return doc


def read_doc_antiword(data: bytes) -> Document:
    """Text of a Word binary file with antiword; tables come out as `|`-separated lines."""
    antiword = require("antiword", "antiword")
    with tempfile.NamedTemporaryFile(prefix="nianbao-ole-", suffix=".doc") as tmp:
        tmp.write(data)
        tmp.flush()
        # -w 0: no re-wrapping (one paragraph per line); -m UTF-8.txt: CJK comes out intact
        result = run_tool(
            [antiword, "-m", "UTF-8.txt", "-w", "0", tmp.name], timeout=ANTIWORD_SECONDS
        )
    if result.returncode != 0 or not result.stdout.strip():
        raise DocumentError(f"antiword could not read the file ({stderr_line(result)})")
    text = clean_text(result.stdout.decode("utf-8", "replace"))
    return Document(
        text=text,
        source_format="doc",
        meta={"converter": "antiword"},
        warnings=["tables read from antiword's text layout (no cell merges)"],
    )
