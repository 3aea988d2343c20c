"""Spreadsheet readers (parsers/sheet.py): every sheet a grid, merges expanded."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from parsers.limits import DocumentError
from parsers.sheet import cell_text, read_xls, read_xlsx
from tests.parsers import makedocs

DOCUMENTS = Path(__file__).parent.parent / "fixtures" / "documents"


@pytest.mark.parametrize(
    ("reader", "build"), [(read_xlsx, makedocs.xlsx_report), (read_xls, makedocs.xls_report)]
)
def test_sheet_is_a_span_expanded_grid(reader, build) -> None:
    doc = reader(build())
    table = doc.tables[0]
    assert table.rows[0] == [makedocs.ARTICLE20[0][0]] * 4
    assert table.origin[0] == [(0, 0)] * 4
    assert table.rows[1:] == makedocs.ARTICLE20[1:]  # numbers printed as integers
    assert doc.text.splitlines()[:3] == [
        "第二十条",  # the sheet name
        "第二十条第（一）项\t\t\t",  # merged value once
        "信息内容\t本年制发件数\t本年废止件数\t现行有效件数",
    ]


def test_every_sheet_is_read() -> None:
    doc = read_xlsx(makedocs.xlsx_report())
    assert doc.meta["sheets"] == "第二十条,说明"
    assert doc.tables[1].rows == [[makedocs.TITLE]]
    assert doc.source_format == "xlsx"


def test_trailing_empty_cells_are_cut() -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws["B2"] = "申请"
    ws["F40"] = None
    ws["C3"] = 5
    buf = io.BytesIO()
    wb.save(buf)
    (table,) = read_xlsx(buf.getvalue()).tables
    assert table.rows == [["", "", ""], ["", "申请", ""], ["", "", "5"]]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (12.0, "12"),
        (0.5, "0.5"),
        (dt.datetime(2021, 1, 27), "2021-01-27"),
        (" 件 ", "件"),
        (True, "TRUE"),
    ],
)
def test_cell_text(value, text: str) -> None:
    assert cell_text(value) == text


def test_rendered_seed_workbook() -> None:
    doc = read_xlsx((DOCUMENTS / "seed004.xlsx").read_bytes())
    assert len(doc.tables) == 3
    labels = {row[0] for t in doc.tables for row in t.rows}
    assert "行政许可" in labels


def test_not_a_workbook() -> None:
    with pytest.raises(DocumentError, match=r"malformed \.xls workbook: CompDocError"):
        read_xls(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(DocumentError, match="entity declarations refused"):
        read_xlsx(makedocs.billion_laughs_docx())
