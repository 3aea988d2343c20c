"""parsers.ocr and parsers.ocr_grid: scans and page images read with Tesseract chi_sim.

The page images are the seed 003 report rendered and rasterised by
tests/fixtures/documents/make_fixtures.py (150 dpi, 4 grey levels). Tesseract and its
chi_sim model are Debian packages that .ci/run installs: without them these tests fail.
The geometry tests draw their own pages, so rules and cells are known exactly.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from parsers import ocr
from parsers.limits import DocumentError
from parsers.ocr_grid import CELL_GAP, Box, ruled_tables

DOCUMENTS = Path(__file__).parent.parent / "fixtures" / "documents"
CJK_PAIR_SPACED = re.compile(r"[\u4e00-\u9fff] [\u4e00-\u9fff]")


def test_tesseract_and_chinese_model_are_installed() -> None:
    assert shutil.which("tesseract"), "install tesseract-ocr (APT_PACKAGES in .ci/run)"
    langs = ocr.run_tool(["tesseract", "--list-langs"], timeout=30).stdout.decode()
    assert "chi_sim" in langs.split(), "install tesseract-ocr-chi-sim"


@pytest.fixture(scope="module")
def table_page():
    return ocr.ocr_image((DOCUMENTS / "seed003-page2.png").read_bytes())


def test_page_image_is_read_with_confidence(table_page) -> None:
    assert table_page.source_format == "image"
    assert table_page.meta["ocr"] == "tesseract chi_sim"
    assert float(table_page.meta["ocr_mean_confidence"]) > 80
    assert "mean confidence" in table_page.warnings[-1]
    assert "三、收到和处理政府信息公开申请情况" in table_page.text
    assert not CJK_PAIR_SPACED.search(table_page.text)


def test_ruled_table_rows_come_out_as_spaced_cells(table_page) -> None:
    lines = table_page.text.splitlines()
    assert f"行政规范性文件{CELL_GAP}0{CELL_GAP}0{CELL_GAP}0" in lines
    # a label that wraps in its cell is one line, with all seven numbers after it
    wrapped = next(line for line in lines if line.startswith("(二 ) 部分公开"))
    assert wrapped.endswith(CELL_GAP.join(["0"] * 7))
    assert "只计这一情形" in wrapped


def test_unreadable_image() -> None:
    with pytest.raises(DocumentError, match="unreadable image"):
        ocr.ocr_image(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)


def test_blank_page_is_an_error() -> None:
    blank = Image.new("L", (1240, 1754), 255)
    with pytest.raises(DocumentError, match="recognised no text"):
        ocr.ocr_image(_png(blank))


def test_encrypted_and_truncated_pdfs() -> None:
    with pytest.raises(DocumentError, match="encrypted"):
        ocr.ocr_pdf((DOCUMENTS / "hostile-encrypted.pdf").read_bytes())
    with pytest.raises(DocumentError, match="unreadable PDF"):
        ocr.ocr_pdf((DOCUMENTS / "hostile-truncated.pdf").read_bytes())


def test_page_cap(monkeypatch) -> None:
    monkeypatch.setattr(ocr, "MAX_OCR_PAGES", 1)
    doc = ocr.ocr_pdf((DOCUMENTS / "seed003-scan.pdf").read_bytes())
    assert doc.meta["ocr_pages"] == "1"
    assert doc.warnings[0] == "OCR read the first 1 of 5 pages"
    assert "隆德县司法局" in doc.text


def test_missing_tesseract_is_named(monkeypatch) -> None:
    monkeypatch.setattr("parsers.external.shutil.which", lambda tool: None)
    with pytest.raises(DocumentError, match="Debian package tesseract-ocr"):
        ocr.ocr_image((DOCUMENTS / "seed003-page5.png").read_bytes())


# ---------------------------------------------------------------- geometry, no Tesseract


def _png(image: Image.Image) -> bytes:
    import io

    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _grid_page(merge_first_row: bool = False, angle: float = 0.0) -> Image.Image:
    """A 2400 px page with a ruled 3 x 3 table; optionally the first row's two right
    cells merged (no rule between them), and the page turned by `angle` degrees."""
    page = Image.new("L", (2400, 3400), 255)
    draw = ImageDraw.Draw(page)
    xs, ys = [300, 1200, 1600, 2000], [500, 620, 740, 860]
    for y in ys:
        draw.line([(xs[0], y), (xs[-1], y)], fill=0, width=3)
    for i, x in enumerate(xs):
        top = ys[1] if merge_first_row and i == 2 else ys[0]
        draw.line([(x, top), (x, ys[-1])], fill=0, width=3)
    for k in range(20):  # lines of "text": short strokes, never rule-long
        y = 1200 + 60 * k
        for x in range(300, 2000, 70):
            draw.rectangle([x, y, x + 40, y + 30], fill=0)
    return page.rotate(angle, resample=Image.BICUBIC, fillcolor=255) if angle else page


def test_rules_are_erased_and_found() -> None:
    page, h_rules, v_rules = ocr.prepare_page(_grid_page())
    tables = ruled_tables(h_rules, v_rules)
    assert len(tables) == 1
    assert [len(row) for row in tables[0].rows] == [3, 3, 3]
    pixels = np.asarray(page)
    assert pixels[500, 700] == 255 and pixels[700, 1200] == 255  # rules gone
    assert pixels[1215, 320] == 0  # text blocks kept


def test_merged_cell_spans_the_missing_rule() -> None:
    _, h_rules, v_rules = ocr.prepare_page(_grid_page(merge_first_row=True))
    (table,) = ruled_tables(h_rules, v_rules)
    assert [len(row) for row in table.rows] == [2, 3, 3]
    assert table.rows[0][1][0] < 1600 < table.rows[0][1][2]


def test_skewed_page_is_straightened() -> None:
    angle = ocr.skew_angle(_grid_page(angle=0.6))
    assert angle == pytest.approx(-0.6, abs=0.15)
    _, h_rules, v_rules = ocr.prepare_page(_grid_page(angle=0.6))
    (table,) = ruled_tables(h_rules, v_rules)
    assert [len(row) for row in table.rows] == [3, 3, 3]


def test_join_line_drops_spaces_between_chinese_and_marks_cell_gaps() -> None:
    words = [
        Box("行政", 90.0, 0, 0, 80, 40),
        Box("许可", 90.0, 90, 0, 80, 40),  # a normal gap: one word
        Box("0", 90.0, 600, 0, 20, 40),  # a jump to the next column
        Box("10.78", 90.0, 700, 0, 90, 40),
        Box("万元", 90.0, 800, 0, 80, 40),
    ]
    assert ocr.join_line(words) == f"行政许可{CELL_GAP}0{CELL_GAP}10.78 万元"
