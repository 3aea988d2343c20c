"""DOCX reader (parsers/docx.py): body order, merged cells, the text-stream shape."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from parsers.docx import read_docx
from parsers.limits import DocumentError
from parsers.textgrid import text_to_tables
from tests.parsers import makedocs

DOCUMENTS = Path(__file__).parent.parent / "fixtures" / "documents"


@pytest.fixture(scope="module")
def doc():
    return read_docx(makedocs.docx_report())


def test_paragraphs_and_table_in_body_order(doc) -> None:
    blocks = doc.text.split("\n\n")
    assert blocks[:3] == [makedocs.TITLE, *makedocs.PROSE[:2]]
    assert blocks[-1] == makedocs.PROSE[2]  # the paragraph after the table stays after it
    assert doc.source_format == "docx"


def test_grid_expands_grid_span_and_vmerge(doc) -> None:
    (table,) = doc.tables
    assert table.source == "docx"
    assert table.rows[0] == [makedocs.ARTICLE20[0][0]] * 4  # gridSpan=4
    assert table.origin[0] == [(0, 0)] * 4
    assert table.rows[1:4] == makedocs.ARTICLE20[1:]
    # vMerge: row 4's label is row 3's cell, repeated
    assert table.rows[4] == ["行政规范性文件", "3", "1", "12"]
    assert table.origin[4][0] == (3, 0)
    assert table.origin[4][1] == (4, 1)


def test_table_text_is_one_cell_per_line(doc) -> None:
    start = doc.text.index("\t第二十条")
    block = doc.text[start:].split("\n\n")
    assert block[0] == "\t第二十条第（一）项"  # a merged cell once
    assert block[1].split("\n") == [
        "\t信息内容",
        "\t本年制发件数",
        "\t本年废止件数",
        "\t现行有效件数",
    ]
    assert block[4].split("\n") == ["\t", "\t3", "\t1", "\t12"]  # vMerge continuation: empty
    # and parsers.textgrid reads that shape back into the same grid
    grids = [t for t in text_to_tables(doc.text) if t.width == 4]
    assert grids and grids[0].rows[1][:4] == makedocs.ARTICLE20[1]


def test_text_of_insertions_and_hyperlinks_is_kept() -> None:
    import docx

    d = docx.Document()
    p = d.add_paragraph("主动公开")
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    from lxml import etree

    ins = etree.SubElement(p._p, f"{w}ins")
    run = etree.SubElement(ins, f"{w}r")
    etree.SubElement(run, f"{w}t").text = "政府信息"
    deleted = etree.SubElement(p._p, f"{w}del")
    drun = etree.SubElement(deleted, f"{w}r")
    etree.SubElement(drun, f"{w}delText").text = "删掉的"
    buf = io.BytesIO()
    d.save(buf)
    assert read_docx(buf.getvalue()).text == "主动公开政府信息"


def test_zip_bomb_is_refused_before_parsing() -> None:
    with pytest.raises(DocumentError, match="zip bomb"):
        read_docx(makedocs.zip_bomb_docx())


def test_billion_laughs_is_refused() -> None:
    with pytest.raises(DocumentError, match="entity declarations refused"):
        read_docx(makedocs.billion_laughs_docx())


def test_xxe_is_refused() -> None:
    data = makedocs.billion_laughs_docx()  # its package, document.xml replaced below
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buf, "w") as out:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "word/document.xml":
                body = (
                    b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                    b"<d>&x;</d>"
                )
            out.writestr(info, body)
    with pytest.raises(DocumentError, match="XXE"):
        read_docx(buf.getvalue())


def test_truncated_docx_is_damaged() -> None:
    data = makedocs.docx_report()
    with pytest.raises(DocumentError, match="truncated or damaged ZIP"):
        read_docx(data[: len(data) // 2])


def test_rendered_hostile_fixtures() -> None:
    with pytest.raises(DocumentError, match="zip bomb"):
        read_docx((DOCUMENTS / "hostile-zipbomb.docx").read_bytes())
    with pytest.raises(DocumentError, match="billion laughs"):
        read_docx((DOCUMENTS / "hostile-billion-laughs.docx").read_bytes())


def test_member_that_lies_about_its_size_is_cut_at_the_declared_size() -> None:
    # the central directory says 200 bytes; the data inflates to 8 MB. zipfile stops at
    # the declared size and the CRC check then fails (here in the prolog pre-check)
    data = bytearray(makedocs.zip_bomb_docx(member_mb=8))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = z.getinfo("word/document.xml")
    central = data.rfind(b"PK\x01\x02", 0, data.find(b"PK\x05\x06"))
    while data[central + 46 : central + 46 + len(info.filename)] != info.filename.encode():
        central = data.rfind(b"PK\x01\x02", 0, central)
    assert data[central + 30 : central + 32] == b"\0\0"  # no zip64 extra: sizes are here
    data[central + 24 : central + 28] = (200).to_bytes(4, "little")
    with pytest.raises(DocumentError, match=r"damaged ZIP member word/document\.xml: Bad CRC-32"):
        read_docx(bytes(data))


def test_package_title_property_does_not_name_the_report() -> None:
    import docx

    d = docx.Document(io.BytesIO(makedocs.docx_report()))
    d.core_properties.title = "关于印发2021年政务公开工作要点的通知"  # a template's leftover
    buf = io.BytesIO()
    d.save(buf)
    doc = read_docx(buf.getvalue())
    assert doc.title is None
    assert doc.meta["title"] == "关于印发2021年政务公开工作要点的通知"
    assert doc.text.startswith(makedocs.TITLE)
