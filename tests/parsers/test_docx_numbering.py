"""Word list numbers rendered into the text (parsers/docx_numbering.py)."""

from __future__ import annotations

import io

import pytest
from lxml import etree

from parsers.docx import read_docx
from parsers.docx_numbering import chinese_number, format_number

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@pytest.mark.parametrize(
    ("n", "text"),
    [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"), (21, "二十一"),
     (100, "一百"), (105, "一百零五"), (110, "一百一十"), (1005, "一千零五")],
)  # fmt: skip
def test_chinese_number(n: int, text: str) -> None:
    assert chinese_number(n) == text


@pytest.mark.parametrize(
    ("n", "fmt", "text"),
    [(3, "decimal", "3"), (3, "chineseCounting", "三"), (2, "ideographTraditional", "乙"),
     (4, "upperRoman", "IV"), (2, "lowerLetter", "b"), (3, "decimalEnclosedCircle", "③"),
     (12, "decimalFullWidth", "１２")],
)  # fmt: skip
def test_format_number(n: int, fmt: str, text: str) -> None:
    assert format_number(n, fmt) == text


def _numbered_docx() -> bytes:
    """Headings numbered 一、二、 with sub-items （一）（二）, and a decimal list in a table."""
    import docx

    d = docx.Document()
    root = d.part.numbering_part.element
    abstract = etree.fromstring(
        f'<w:abstractNum xmlns:w="{W}" w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        '<w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        '<w:lvlText w:val="（%2）"/></w:lvl></w:abstractNum>'
    )
    root.insert(0, abstract)  # abstractNum elements come before num elements
    root.append(
        etree.fromstring(f'<w:num xmlns:w="{W}" w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
    )

    def numbered(text: str, level: int, container=d) -> None:
        p = container.add_paragraph(text)
        ppr = p._p.get_or_add_pPr()
        ppr.append(
            etree.fromstring(
                f'<w:numPr xmlns:w="{W}"><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'
            )
        )

    numbered("总体情况", 0)
    numbered("主动公开", 1)
    numbered("依申请公开", 1)
    numbered("收到和处理政府信息公开申请情况", 0)
    numbered("予以公开", 1)  # the sub-level starts again under a new heading
    table = d.add_table(rows=1, cols=2)
    cell = table.cell(0, 0)
    cell.paragraphs[0].text = "标签"
    cell.paragraphs[0].style = d.styles["List Number"]  # numbering from the style
    d.add_paragraph("无编号")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_numbers_are_rendered_and_counted() -> None:
    doc = read_docx(_numbered_docx())
    blocks = doc.text.split("\n\n")
    assert blocks[:5] == [
        "一、总体情况",
        "（一）主动公开",
        "（二）依申请公开",
        "二、收到和处理政府信息公开申请情况",
        "（一）予以公开",
    ]
    assert doc.tables[0].rows[0][0] == "1.标签"
    assert blocks[-1] == "无编号"
