"""PDF reader (parsers/pdf.py): CJK lines, ruled and aligned grids, pages, failures."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from parsers.limits import DocumentError
from parsers.pdf import extract_pages, read_pdf
from tests.parsers import makedocs

DOCUMENTS = Path(__file__).parent.parent / "fixtures" / "documents"


@pytest.fixture(scope="module")
def ruled():
    return read_pdf(makedocs.pdf_report(ruled=True, pages=2))


def test_cjk_text_has_no_spaces_between_characters(ruled) -> None:
    lines = ruled.text.splitlines()
    assert lines[0] == makedocs.TITLE
    assert makedocs.PROSE[1] in lines
    assert ruled.source_format == "pdf"


def test_ruled_table_is_a_span_expanded_grid(ruled) -> None:
    (table,) = ruled.tables
    assert table.source == "pdf"
    assert table.rows[1:] == makedocs.ARTICLE20[1:]
    # the merged title row repeats its text, origin points at the one real cell
    assert table.rows[0] == [makedocs.ARTICLE20[0][0]] * 4
    assert table.origin[0] == [(0, 0)] * 4
    assert table.origin[3] == [(3, 0), (3, 1), (3, 2), (3, 3)]


def test_tables_are_tab_separated_lines_where_they_stood(ruled) -> None:
    lines = ruled.text.splitlines()
    at = lines.index("信息内容\t本年制发件数\t本年废止件数\t现行有效件数")
    assert lines[at - 1].startswith("第二十条第（一）项\t")  # spanned cells left empty
    assert lines[at - 2] == makedocs.PROSE[2]
    assert lines[at + 2] == "行政规范性文件\t3\t1\t12"


def test_page_numbers_are_recorded_not_read_as_text(ruled) -> None:
    assert ruled.meta["pages"] == "2"
    assert ruled.meta["page_labels"] == "- 1 -,- 2 -"
    assert not any(line.strip("- ") in {"1", "2"} for line in ruled.text.splitlines())


def test_unruled_table_recovered_by_alignment() -> None:
    doc = read_pdf(makedocs.pdf_report(ruled=False))
    assert doc.tables == []  # no rules: the columns are in the text, for parsers.textgrid
    lines = doc.text.splitlines()
    assert "规章\t0\t0\t0" in lines
    assert "信息内容\t本年制发件数\t本年废止件数\t现行有效件数" in lines


def test_unprinted_cell_keeps_its_column() -> None:
    # the value columns come from where the numbers stand, so a missing one leaves a gap
    doc = read_pdf(makedocs.pdf_report(ruled=False, missing=(3, 2)))
    assert "行政规范性文件\t3\t\t12" in doc.text.splitlines()


def test_pdf_without_text_layer_is_marked_for_ocr() -> None:
    doc = read_pdf((DOCUMENTS / "seed001-scan.pdf").read_bytes())
    assert doc.meta["text_layer"] == "none"
    assert doc.text == ""


def test_table_continued_over_pages_is_one_grid() -> None:
    # seed 000's 2008 statistics table runs over four pages of the rendering
    doc = read_pdf((DOCUMENTS / "seed000.pdf").read_bytes())
    (table,) = doc.tables
    assert table.rows[0] == ["统计指标", "单位", "统计数"]
    labels = [row[0] for row in table.rows]
    assert "（三）接受培训人员数" in labels
    assert len(labels) > 60
    assert all(len(row) == 3 for row in table.rows)
    assert table.origin[-1][0] == (len(table.rows) - 1, 0)


def test_encrypted_pdf_needs_a_password() -> None:
    with pytest.raises(DocumentError, match="encrypted PDF"):
        read_pdf(makedocs.pdf_report(encrypt="secret"))


def test_truncated_pdf_is_malformed() -> None:
    data = makedocs.pdf_report()
    with pytest.raises(DocumentError, match="malformed or truncated PDF"):
        read_pdf(data[: len(data) // 3])


def test_rendered_hostile_fixtures() -> None:
    with pytest.raises(DocumentError, match="encrypted"):
        read_pdf((DOCUMENTS / "hostile-encrypted.pdf").read_bytes())
    with pytest.raises(DocumentError, match="truncated"):
        read_pdf((DOCUMENTS / "hostile-truncated.pdf").read_bytes())


def test_pages_past_the_cap_are_skipped_with_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("parsers.pdf.MAX_PAGES", 2)
    doc = read_pdf(makedocs.pdf_report(pages=3))
    assert doc.meta["pages"] == "3"
    assert doc.meta["page_labels"] == "- 1 -,- 2 -"
    assert "pdf: 3 pages, only the first 2 read" in doc.warnings


def test_glyphs_without_unicode_are_no_text_layer() -> None:
    doc = read_pdf(makedocs.unmapped_font_pdf())
    assert doc.meta["text_layer"] == "none"  # sent to OCR like a scan
    assert "(cid:" not in doc.text
    assert "pdf: 1 page(s) whose fonts map no glyph to Unicode" in doc.warnings


def test_scanned_page_in_a_text_pdf_is_listed() -> None:
    image = (DOCUMENTS / "seed003-page2.png").read_bytes()
    doc = read_pdf(makedocs.pdf_with_scanned_page(image))
    assert doc.meta["text_layer"] == "partial"
    assert doc.meta["textless_pages"] == "2"  # its stamped page number is not a text layer
    assert "pdf: no text layer on pages 2" in doc.warnings
    assert doc.text.splitlines()[0] == makedocs.TITLE


def test_extract_pages_keeps_only_those() -> None:
    import pdfplumber

    data = extract_pages(makedocs.pdf_report(pages=3), [2, 3])
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) == 2
        assert "（续）" in pdf.pages[0].extract_text()


def test_wrapped_paragraph_is_one_line() -> None:
    lines = read_pdf(makedocs.pdf_paragraphs()).text.splitlines()
    assert lines == [makedocs.PROSE[0], makedocs.LONG_PARAGRAPH, makedocs.PROSE[2]]


def test_paragraph_goes_on_over_page_breaks() -> None:
    doc = read_pdf(makedocs.pdf_paragraphs(repeat=30))
    assert int(doc.meta["pages"]) >= 3
    lines = doc.text.splitlines()
    assert lines[1:-1] == [makedocs.LONG_PARAGRAPH] * 30
