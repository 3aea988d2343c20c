"""Format detection by content (parsers/detect.py): bytes decide, names only break ties."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from parsers.detect import detect_format
from tests.parsers import makedocs

DOCUMENTS = Path(__file__).parent.parent / "fixtures" / "documents"


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"<!DOCTYPE html><html><body>x</body></html>", "html"),
        (b"<p>one</p><p>two</p><p>three</p>", "html"),
        ("<div>某局2020年报告</div>".encode(), "text"),
        ("一、总体情况\n收到申请数<5件\n".encode(), "text"),
        (b"\xef\xbb\xbf<html><head></head></html>", "html"),
        ("<html><body>文件不存在</body></html>".encode("utf-16"), "html"),
        (b"%PDF-1.7\n", "pdf"),
        (b"\r\n\r\n%PDF-1.4\n", "pdf"),  # junk before the header, as Acrobat allows
        (b"PK\x03\x04rest", "zip"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "ole"),
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "image"),
        (b"\xff\xd8\xff\xe0\0\x10JFIF", "image"),
        (b"GIF89a\x01\0\x01\0", "image"),
        (b"II*\0\x08\0\0\0", "image"),
        (b"BM" + b"\0" * 12 + (40).to_bytes(4, "little"), "image"),
        (b"RIFF\0\0\0\0WEBPVP8 ", "image"),
        (b"{\\rtf1\\ansi\\ansicpg936 ", "rtf"),
        (bytes(range(256)) * 4, "unknown"),
        (b"", "text"),
    ],
)
def test_magic_bytes(data: bytes, kind: str) -> None:
    assert detect_format(data) == kind


def test_content_type_and_name_only_break_ties() -> None:
    snippet = "<div>某局2020年报告</div>".encode()
    assert detect_format(snippet, "text/html; charset=utf-8") == "html"
    assert detect_format(snippet, filename="show.jsp") == "html"
    # a name never overrules the bytes
    assert detect_format(b"%PDF-1.4\n", "text/html", "downfile.jsp") == "pdf"
    assert detect_format(b"<html><body>x</body></html>", "application/pdf", "a.pdf") == "html"


@pytest.mark.parametrize(("build", "kind"), makedocs.REPORT_FILES)
def test_office_files_by_structure(build, kind: str) -> None:
    assert detect_format(build(), "application/octet-stream", "download.jsp") == kind


def _zip(*names: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name in names:
            z.writestr(name, "<x/>")
    return buf.getvalue()


def test_zip_members_name_the_package() -> None:
    assert detect_format(_zip("[Content_Types].xml", "ppt/presentation.xml")) == "pptx"
    assert detect_format(_zip("OFD.xml", "Doc_0/Document.xml")) == "ofd"
    assert detect_format(_zip("report.txt")) == "zip"


def test_truncated_docx_is_still_docx() -> None:
    # no central directory: the local file headers still name word/ members
    data = makedocs.docx_report()
    assert detect_format(data[: len(data) // 2]) == "docx"


def test_wps_is_told_from_doc_by_name_when_streams_agree() -> None:
    data = (DOCUMENTS / "seed000.doc").read_bytes()
    assert detect_format(data) == "doc"
    assert detect_format(data, filename="报告.WPS") == "wps"


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("seed000.pdf", "pdf"),
        ("seed000.docx", "docx"),
        ("seed000.doc", "doc"),
        ("seed000.xlsx", "xlsx"),
        ("seed003-page1.png", "image"),
        ("hostile-html-named.pdf", "html"),
        ("hostile-zipbomb.docx", "docx"),
    ],
)
def test_rendered_fixtures(name: str, kind: str) -> None:
    assert detect_format((DOCUMENTS / name).read_bytes(), filename=name) == kind


def test_mhtml_is_told_by_its_mime_header() -> None:
    html = "<html><body><p>某局报告</p></body></html>".encode()
    assert detect_format(makedocs.mhtml_page(html, "utf-8"), filename="a.doc") == "mhtml"
    # a text that merely starts with "Subject:" is no MIME file
    assert detect_format("Subject: 关于年报\n正文".encode()) == "text"
