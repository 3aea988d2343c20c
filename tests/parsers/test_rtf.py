"""RTF reader (parsers/rtf.py): code-page and \\u text, skipped destinations, tables."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parsers.docx import read_docx
from parsers.limits import DocumentError
from parsers.report import parse_file
from parsers.rtf import read_rtf
from tests.parsers import makedocs
from tests.scoring import cell_results

FIXTURES = Path(__file__).parent.parent / "fixtures"


@pytest.fixture(scope="module")
def doc():
    return read_rtf(makedocs.word_rtf())


def test_text_from_gbk_bytes_and_unicode_escapes(doc) -> None:
    blocks = doc.text.split("\n\n")
    # title in \'xx GBK bytes, first heading in \uN with its ?? fallback skipped
    assert blocks[:3] == [makedocs.TITLE, makedocs.PROSE[0], makedocs.PROSE[1]]
    assert blocks[-1] == makedocs.PROSE[2]
    assert "页眉" not in doc.text and "宋体" not in doc.text and "Microsoft" not in doc.text
    assert doc.source_format == "rtf"


def test_table_reads_like_the_same_table_in_docx(doc) -> None:
    word = read_docx(makedocs.docx_report())
    assert doc.tables[0].rows == word.tables[0].rows
    assert doc.tables[0].origin == word.tables[0].origin
    start = doc.text.index("\t第二十条")
    assert doc.text[start:] == word.text[word.text.index("\t第二十条") :]


def test_cell_spanning_columns_by_its_edges() -> None:
    # LibreOffice writes no \clmrg: a wide cell simply ends at a farther \cellx
    doc = read_rtf((FIXTURES / "rtf" / "seed003.rtf").read_bytes())
    review = next(t for t in doc.tables if t.rows[0][0] == "行政复议")
    assert review.width == 15
    assert review.rows[0] == ["行政复议"] * 5 + ["行政诉讼"] * 10
    assert review.origin[0][4] == (0, 0)
    assert review.rows[2][5:10] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


@pytest.mark.parametrize(
    ("name", "gold"),
    [("seed001.rtf", "001_e1d97810283941a4"), ("seed003.rtf", "003_8e4fae53c81d4e1a")],
)
def test_seed_saved_as_rtf_scores_every_cell(name: str, gold: str) -> None:
    result = parse_file(FIXTURES / "rtf" / name)
    answers = json.loads((FIXTURES / "seeds" / f"{gold}.gold.json").read_text("utf-8"))
    cells = cell_results(result, answers)
    assert result["source_format"] == "rtf"
    assert result["agency"] == answers["agency"]
    assert [c for c in cells if not c[3]] == []
    assert len(cells) > 150


def test_not_rtf() -> None:
    with pytest.raises(DocumentError, match="not an RTF document"):
        read_rtf(b"hello")
