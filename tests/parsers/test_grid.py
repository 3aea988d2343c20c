"""Span expansion of HTML tables (parsers/grid.py)."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from parsers.grid import element_text, expand_html_table, normalize_space

FIXTURES = Path(__file__).parent.parent / "fixtures" / "html"


def table(html: str) -> lxml.html.HtmlElement:
    return lxml.html.fragment_fromstring(html)


@pytest.fixture(scope="module")
def spans_page() -> lxml.html.HtmlElement:
    return lxml.html.parse(str(FIXTURES / "spans.html")).getroot()


def by_id(root: lxml.html.HtmlElement, table_id: str) -> lxml.html.HtmlElement:
    return root.get_element_by_id(table_id)


def test_rowspan_and_colspan_repeat_text_and_keep_origin() -> None:
    grid = expand_html_table(
        table(
            "<table>"
            "<tr><td rowspan='2' colspan='2'>勾稽关系</td><td colspan='2'>申请人情况</td></tr>"
            "<tr><td>自然人</td><td>总计</td></tr>"
            "<tr><td rowspan='2'>三、本年度办理结果</td>"
            "<td>（一）予以公开</td><td>4</td><td>5</td></tr>"
            "<tr><td>（二）部分公开</td><td>1</td><td>1</td></tr>"
            "</table>"
        )
    )
    assert grid.rows == [
        ["勾稽关系", "勾稽关系", "申请人情况", "申请人情况"],
        ["勾稽关系", "勾稽关系", "自然人", "总计"],
        ["三、本年度办理结果", "（一）予以公开", "4", "5"],
        ["三、本年度办理结果", "（二）部分公开", "1", "1"],
    ]
    assert grid.origin[1][1] == (0, 0)
    assert grid.origin[3][0] == (2, 0)
    assert grid.origin[3][1] == (3, 1)
    assert grid.source == "html"
    assert grid.width == 4


def test_short_rows_are_padded() -> None:
    grid = expand_html_table(
        table("<table><tr><td>a</td><td>b</td><td>c</td></tr><tr><td>d</td></tr></table>")
    )
    assert grid.rows == [["a", "b", "c"], ["d", "", ""]]
    assert grid.origin[1][2] == (1, 2)


def test_tfoot_is_drawn_last_whatever_its_position(spans_page: lxml.html.HtmlElement) -> None:
    grid = expand_html_table(by_id(spans_page, "t-order"))
    assert [row[0] for row in grid.rows] == ["项目", "行政许可", "行政处罚", "合计"]


def test_absurd_colspan_and_rowspan_zero(spans_page: lxml.html.HtmlElement) -> None:
    grid = expand_html_table(by_id(spans_page, "t-absurd"))
    # colspan=9007199254740991 neither hangs nor widens the table beyond its real columns
    assert grid.width == 4
    assert grid.rows[0] == ["第二十条第（一）项"] * 4
    # rowspan=0 runs to the end of the table; the empty <tr> adds nothing
    assert grid.rows[3] == ["规章", "1", "0", "2"]
    assert grid.origin[3][0] == (2, 0)
    assert len(grid.rows) == 4


def test_rowspan_past_the_end_is_clipped() -> None:
    grid = expand_html_table(
        table(
            "<table><tr><td rowspan='99999999999999'>x</td><td>1</td></tr>"
            "<tr><td>2</td></tr></table>"
        )
    )
    assert grid.rows == [["x", "1"], ["x", "2"]]


def test_word_export_cells_are_joined_and_trimmed(spans_page: lxml.html.HtmlElement) -> None:
    grid = expand_html_table(by_id(spans_page, "t-word"))
    assert grid.rows == [
        ["三、本年度办理结果", "（一）予以公开", "12"],
        ["三、本年度办理结果", "（二）部分公开（区分处理的，只计这一情形）", "3"],
    ]


def test_only_own_rows_not_those_of_a_nested_table(spans_page: lxml.html.HtmlElement) -> None:
    outer = expand_html_table(by_id(spans_page, "t-layout"))
    inner = expand_html_table(by_id(spans_page, "t-inner"))
    assert len(outer.rows) == 1
    assert inner.rows == [["收到申请数", "件", "5"], ["申请办结数", "件", "5"]]


def test_rows_wrapped_in_form_are_found() -> None:
    grid = expand_html_table(table("<table><form><tr><td>a</td><td>1</td></tr></form></table>"))
    assert grid.rows == [["a", "1"]]


def test_empty_table() -> None:
    grid = expand_html_table(table("<table></table>"))
    assert grid.rows == []
    assert grid.width == 0


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("\u3000\u3000统\u3000计\u3000指\u3000标\u3000", "统计指标"),
        ("\xa012\xa0", "12"),
        ("商业 \n 企业", "商业企业"),
        ("2019 年", "2019 年"),
        ("（一） 予以公开", "（一）予以公开"),
        ("10.78 万元", "10.78 万元"),
        ("\u200b", ""),
    ],
)
def test_normalize_space(raw: str, clean: str) -> None:
    assert normalize_space(raw) == clean


def test_element_text_skips_script_and_keeps_tail() -> None:
    cell = lxml.html.fragment_fromstring("<td>a<script>var x=1;</script>b<style>p{}</style>c</td>")
    assert element_text(cell) == "abc"
