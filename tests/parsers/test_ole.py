"""parsers.ole: Word 97 .doc (and WPS, the same OLE format) through LibreOffice and antiword.

The inputs are the seed reports rendered to DOC by tests/fixtures/documents/make_fixtures.py.
LibreOffice and antiword are Debian packages that .ci/run installs; a machine without them
fails these tests (they do not skip), because a DOC reader that silently reads nothing
would pass everything else.
"""

from __future__ import annotations

import io
import resource
import shutil
import struct
from pathlib import Path

import olefile
import pytest

from parsers import ole
from parsers.limits import DocumentError

DOCUMENTS = Path(__file__).parent.parent / "fixtures" / "documents"


def _doc(name: str = "seed003.doc") -> bytes:
    return (DOCUMENTS / name).read_bytes()


def test_tools_are_installed() -> None:
    missing = [t for t in ("soffice", "antiword") if shutil.which(t) is None]
    assert not missing, f"install {missing} (APT_PACKAGES in .ci/run)"


def test_libreoffice_keeps_tables_as_grids() -> None:
    doc = ole.read_doc_libreoffice(_doc())
    assert doc.source_format == "doc"
    assert doc.meta["converter"] == "libreoffice"
    assert "隆德县司法局" in doc.text
    # the 2021-form tables of seed 003: 第二十条 (14 x 4), applications (28 x 10), review (4 x 15)
    assert [(len(t.rows), t.width) for t in doc.tables] == [(14, 4), (28, 10), (4, 15)]
    assert doc.tables[0].rows[3] == ["行政规范性文件", "0", "0", "0"]
    assert all(t.source == "doc" for t in doc.tables)


def test_read_doc_prefers_libreoffice() -> None:
    doc = ole.read_doc(_doc("seed004.doc"))
    assert doc.meta["converter"] == "libreoffice"
    assert doc.tables and not doc.warnings


def test_antiword_reads_text_and_pipe_tables() -> None:
    doc = ole.read_doc_antiword(_doc())
    assert doc.meta["converter"] == "antiword"
    assert "2023年政府信息公开工作年度报告" in doc.text
    assert "|行政规范性文件" in doc.text  # the table rows, as antiword draws them
    assert doc.tables == []


def test_falls_back_to_antiword_when_libreoffice_fails(monkeypatch) -> None:
    def broken(data: bytes):
        raise DocumentError("LibreOffice could not convert the file (test)")

    monkeypatch.setattr(ole, "read_doc_libreoffice", broken)
    doc = ole.read_doc(_doc())
    assert doc.meta["converter"] == "antiword"
    assert doc.warnings[0] == "earlier reader failed: LibreOffice could not convert the file (test)"


def test_missing_tools_are_named(monkeypatch) -> None:
    monkeypatch.setattr("parsers.external.shutil.which", lambda tool: None)
    with pytest.raises(DocumentError) as err:
        ole.read_doc(_doc())
    assert "soffice is not installed (Debian package libreoffice-writer-nogui)" in err.value.reason
    assert "antiword is not installed" in err.value.reason


def test_not_ole() -> None:
    with pytest.raises(DocumentError, match="not an OLE compound file"):
        ole.read_doc(b"%PDF-1.7\n...")


def test_truncated_ole_is_damaged() -> None:
    data = _doc()
    with pytest.raises(DocumentError, match=r"damaged|could not"):
        ole.read_doc(data[: len(data) // 3])


def test_encrypted_flag_is_reported() -> None:
    """A .doc with FibBase.fEncrypted set (what Word writes for a password) is refused
    before any tool runs; the flag is set in the real file's WordDocument stream."""
    data = bytearray(_doc())
    with olefile.OleFileIO(io.BytesIO(bytes(data))) as source:
        offset = _stream_offset(source, "WordDocument")
    (flags,) = struct.unpack_from("<H", data, offset + 0x0A)
    struct.pack_into("<H", data, offset + 0x0A, flags | 0x0100)
    with pytest.raises(DocumentError, match="encrypted"):
        ole.read_doc(bytes(data))


def _stream_offset(ole_file: olefile.OleFileIO, name: str) -> int:
    """File offset of the first sector of a (non-mini) stream."""
    entry = ole_file.direntries[ole_file._find(name)]
    return (entry.isectStart + 1) * ole_file.sectorsize


def test_address_space_cap_gives_a_reason(monkeypatch) -> None:
    monkeypatch.setattr(resource, "getrlimit", lambda kind: (300 << 20, 300 << 20))
    with pytest.raises(DocumentError, match="capped at 300 MB"):
        ole.read_doc_libreoffice(_doc())
