"""Caps and the package pre-checks (parsers/limits.py, parsers/ooxml.py)."""

from __future__ import annotations

import io
import zipfile

import pytest

from parsers.limits import DocumentError, check_size
from parsers.ooxml import open_package
from tests.parsers import makedocs


def _package(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, body in members.items():
            z.writestr(name, body)
    return buf.getvalue()


def test_document_error_carries_its_reason() -> None:
    err = DocumentError("encrypted PDF: a password is required")
    assert str(err) == err.reason == "encrypted PDF: a password is required"


def test_size_cap() -> None:
    check_size(b"x" * 10, limit=10)
    with pytest.raises(DocumentError, match="too large: 11 bytes"):
        check_size(b"x" * 11, limit=10)


def test_real_package_passes() -> None:
    with open_package(makedocs.docx_report()) as package:
        assert "word/document.xml" in package.namelist()


def test_inflate_ratio_is_capped() -> None:
    with pytest.raises(DocumentError, match=r"zip bomb: word/document\.xml inflates \d+x"):
        open_package(makedocs.zip_bomb_docx(member_mb=2))


def test_small_members_may_compress_well() -> None:
    # under the grace size a high ratio is normal (repetitive XML)
    open_package(_package({"word/document.xml": b"<w/>" + b" " * 50_000}))


def test_total_size_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("parsers.ooxml.MAX_ZIP_UNCOMPRESSED", 100_000)
    body = bytes(range(256)) * 200  # 51 KB, incompressible enough
    with pytest.raises(DocumentError, match="members inflate to over"):
        open_package(_package({"a.xml": b"<a/>" + body, "b.xml": b"<b/>" + body}))


def test_member_count_is_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("parsers.ooxml.MAX_ZIP_MEMBERS", 5)
    with pytest.raises(DocumentError, match="zip bomb: 6 members"):
        open_package(_package({f"p{i}.xml": b"<p/>" for i in range(6)}))


def test_embedded_workbook_is_allowed() -> None:
    # charts carry their data as an embedded .xlsx; it is a blob, never opened
    embedded = makedocs.xlsx_report()
    open_package(_package({"word/document.xml": b"<w/>", "word/embeddings/x.xlsx": embedded}))


@pytest.mark.parametrize(
    "xml",
    [
        b'<!DOCTYPE r [<!ENTITY a "aaaa">]><r>&a;</r>',
        b'<?xml version="1.0"?>\n<!-- <looks like=\'an element\'> -->\n<!DOCTYPE r SYSTEM "http://evil/x.dtd"><r/>',
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE r [<!ENTITY a "b">]><r/>'.encode(
            "utf-16"
        ),
    ],
    ids=["entity", "dtd-after-comment", "utf-16"],
)
def test_dtd_and_entities_are_refused(xml: bytes) -> None:
    with pytest.raises(DocumentError, match=r"entity declarations refused in word/document\.xml"):
        open_package(_package({"word/document.xml": xml}))


def test_a_doctype_word_in_text_is_fine() -> None:
    open_package(_package({"word/document.xml": b"<r>write <!DOCTYPE html> first</r>"}))
