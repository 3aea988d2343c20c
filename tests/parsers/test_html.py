"""HTML reader (parsers/html.py) on saved layouts of real detail pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from parsers.document import Document
from parsers.html import parse_catalog_lines, read_html
from parsers.text import decode_bytes, normalize_charset, read_text

FIXTURES = Path(__file__).parent.parent / "fixtures" / "html"


def read(name: str, **kwargs: str) -> Document:
    return read_html((FIXTURES / name).read_bytes(), **kwargs)


@pytest.fixture(scope="module")
def trs() -> Document:
    return read(
        "trs_detail_2021.html", url="http://www.yzh.gov.cn/zwgk/zfxxgknb/202201/t20220125_1.html"
    )


@pytest.fixture(scope="module")
def gbk() -> Document:
    return read("hanweb_gbk_2020.html", content_type="text/html; charset=UTF-8")


@pytest.fixture(scope="module")
def legacy() -> Document:
    return read("layout_gb2312_2016.html")


# ---------------------------------------------------------------- TRS page, UTF-8


def test_trs_meta_title_and_encoding(trs: Document) -> None:
    assert trs.source_format == "html"
    assert trs.encoding == "utf-8"
    assert trs.title == "原州区司法局2021年政府信息公开工作年度报告"
    assert trs.meta["PubDate"] == "2022-01-25 16:32"
    assert trs.meta["SiteIDCode"] == "6404020001"
    assert trs.warnings == []


def test_trs_catalog_labels_lose_padding_and_colons(trs: Document) -> None:
    assert trs.catalog["索引号"] == "640402010/2022-00007"
    assert trs.catalog["发布机构"] == "固原市原州区司法局"
    assert trs.catalog["发布日期"] == "2022-01-25"
    assert trs.catalog["成文日期"] == "2022-01-20"
    assert trs.catalog["标题"] == "原州区司法局2021年政府信息公开工作年度报告"
    # the 来源/发布时间 line under the title
    assert trs.catalog["发布时间"] == "2022-01-25 16:32"


def test_trs_tables_are_the_statistics_tables_in_order(trs: Document) -> None:
    assert len(trs.tables) == 3  # the catalog, nav and footer tables are left out
    article20, applications, review = trs.tables
    assert article20.rows[1] == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    assert article20.rows[6] == ["行政许可", "12", "12", "12"]
    assert applications.width == 10
    assert applications.rows[2][3:] == [
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "总计",
    ]
    assert applications.rows[3][:3] == ["一、本年新收政府信息公开申请数量"] * 3
    assert applications.rows[-1][0] == "四、结转下年度继续办理"
    assert [row[0] for row in applications.rows[5:]].count("三、本年度办理结果") == 22
    assert review.width == 15
    assert review.rows[-1][:5] == ["1", "0", "0", "0", "1"]


@pytest.mark.parametrize(
    "snippet",
    [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "六、其他需要报告的事项",
        "一、本年新收政府信息公开申请数量",  # tables stay in the text
        "由固原市原州区司法局编写",
        "固原市原州区司法局\n2022年1月20日",  # the signature block at the end
    ],
)
def test_trs_text_keeps_report(trs: Document, snippet: str) -> None:
    assert snippet in trs.text


@pytest.mark.parametrize(
    "snippet", ["版权所有", "网站地图", "无障碍", "长者版", "分享到", "索引号"]
)
def test_trs_text_drops_chrome(trs: Document, snippet: str) -> None:
    assert snippet not in trs.text.replace(" ", "")


def test_trs_text_starts_with_title(trs: Document) -> None:
    assert trs.text.splitlines()[0] == trs.title


# ---------------------------------------------------------------- GBK page served as UTF-8


def test_gbk_page_with_lying_header_is_decoded(gbk: Document) -> None:
    assert gbk.encoding == "gb18030"
    assert any("utf-8" in w.lower() and "replacement" in w for w in gbk.warnings)
    assert "慈溪市司法局" in gbk.text
    assert "\ufffd" not in gbk.text


def test_gbk_page_title_without_site_name(gbk: Document) -> None:
    assert gbk.title == "2020年度慈溪市司法局政府信息公开工作年度报告"


def test_gbk_page_li_catalog(gbk: Document) -> None:
    assert gbk.catalog["发布机构"] == "慈溪市司法局"
    assert gbk.catalog["发布日期"] == "2021-01-27"
    assert gbk.catalog["组配分类"] == "政府信息公开年报"


def test_gbk_page_tables_and_signature_outside_container(gbk: Document) -> None:
    assert [t.width for t in gbk.tables] == [4, 10, 15]
    assert gbk.tables[0].rows[1][1] == "本年新制作数量"
    assert gbk.text.rstrip().endswith("2021年1月27日")


# ---------------------------------------------------------------- table-layout page, gb2312


def test_gb2312_label_decodes_gb18030_only_characters(legacy: Document) -> None:
    assert legacy.encoding == "gb18030"
    assert "李䶮" in legacy.text


def test_layout_tables_are_not_data_tables(legacy: Document) -> None:
    assert len(legacy.tables) == 1
    stats = legacy.tables[0]
    assert stats.rows[0] == ["统计指标", "单位", "统计数"]
    assert ["（一）主动公开政府信息数", "条", "356"] in stats.rows
    assert len(stats.rows) == 30


def test_layout_page_text_keeps_paragraphs(legacy: Document) -> None:
    lines = legacy.text.splitlines()
    assert "一、概述" in lines
    assert "六、存在的主要问题及改进措施" in lines
    assert lines[-2:] == ["海原县民政局", "2017年3月20日"]
    assert "版权所有" not in legacy.text


def test_bold_label_catalog(legacy: Document) -> None:
    assert legacy.catalog["发布机构"] == "海原县民政局"
    assert legacy.catalog["生成日期"] == "2017-03-20"
    assert legacy.catalog["索引号"] == "640522003/2017-00011"


def test_title_from_title_tag_with_double_dash(legacy: Document) -> None:
    assert legacy.title == "海原县民政局2016年政府信息公开工作年度报告"


# ---------------------------------------------------------------- decoding rules


def test_meta_charset_only() -> None:
    html = (
        '<html><head><meta charset="gbk"></head><body><p>政府信息公开工作年度报告</p></body></html>'
    )
    doc = read_html(html.encode("gbk"))
    assert doc.encoding == "gb18030"
    assert "政府信息公开工作年度报告" in doc.text


def test_bom_wins_over_declarations() -> None:
    html = '<html><head><meta charset="gb2312"></head><body><p>年度报告正文</p></body></html>'
    doc = read_html(b"\xef\xbb\xbf" + html.encode("utf-8"), content_type="text/html; charset=gbk")
    assert doc.encoding == "utf-8"
    assert "年度报告正文" in doc.text


def test_utf8_page_labelled_gb2312_stays_utf8() -> None:
    html = (
        '<html><head><meta charset="gb2312"></head>'
        "<body><p>政府信息公开工作年度报告的正文内容</p></body></html>"
    )
    doc = read_html(html.encode("utf-8"))
    assert doc.encoding == "utf-8"
    assert "政府信息公开工作年度报告的正文内容" in doc.text
    assert doc.warnings


def test_latin1_label_on_chinese_page_is_ignored() -> None:
    html = (
        '<html><head><meta charset="iso-8859-1"></head>'
        "<body><p>政府信息公开工作年度报告</p></body></html>"
    )
    doc = read_html(html.encode("gbk"))
    assert doc.encoding == "gb18030"
    assert "政府信息公开工作年度报告" in doc.text


def test_undeclared_gbk_is_detected() -> None:
    decoded = decode_bytes("隆德县司法局2023年政府信息公开工作年度报告".encode("gbk"))
    assert decoded.encoding == "gb18030"
    assert decoded.text.startswith("隆德县司法局")


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("GB2312", "gb18030"),
        ("gbk", "gb18030"),
        ("x-gbk", "gb18030"),
        ("UTF8", "utf-8"),
        ("utf-16", "utf-8"),
        ("no-such-charset", None),
        (None, None),
    ],
)
def test_normalize_charset(label: str | None, codec: str | None) -> None:
    assert normalize_charset(label) == codec


def test_read_text_gb18030_file() -> None:
    doc = read_text("平凉市司法局2018年信息公开工作年度报告\r\n一、概述\r\n".encode("gb18030"))
    assert doc.source_format == "text"
    assert doc.encoding == "gb18030"
    assert doc.text == "平凉市司法局2018年信息公开工作年度报告\n一、概述\n"


def test_read_text_keeps_tabs_of_converted_tables() -> None:
    doc = read_text("信息内容\t本年新制作数量\n规章\t0\n".encode())
    assert doc.text.splitlines()[1] == "规章\t0"


# ---------------------------------------------------------------- odd pages


def test_title_falls_back_to_first_heading() -> None:
    doc = read_html(
        "<html><body><h2>某局2019年政府信息公开工作年度报告</h2><p>正文。</p></body></html>".encode()
    )
    assert doc.title == "某局2019年政府信息公开工作年度报告"


def test_page_without_markup_content() -> None:
    doc = read_html(b"<html><body></body></html>")
    assert doc.text == ""
    assert doc.tables == []


def test_empty_bytes() -> None:
    doc = read_html(b"")
    assert doc.text == ""
    assert doc.warnings


def test_deep_nesting_keeps_text() -> None:
    html = (
        b"<html><body>"
        + b"<div>" * 3000
        + "深层正文".encode()
        + b"</div>" * 3000
        + b"</body></html>"
    )
    doc = read_html(html)
    assert "深层正文" in doc.text


def test_catalog_lines_layouts() -> None:
    assert parse_catalog_lines(["索 引 号：", "123/2021-1", "发布机构：", "某局"]) == {
        "索引号": "123/2021-1",
        "发布机构": "某局",
    }
    assert parse_catalog_lines(["来源：某局 发布时间：2021-01-29 10:52 浏览次数："]) == {
        "来源": "某局",
        "发布时间": "2021-01-29 10:52",
    }
    # a colon inside a sentence is not a label
    assert parse_catalog_lines(["办公时间：周一至周五"]) == {}
    assert parse_catalog_lines(["发布机构", "某局"]) == {"发布机构": "某局"}


# ---------------------------------------------------------------- recall safeguards

REPORT_PAGE = """<html><head><meta charset="utf-8"><title>某局2020年政府信息公开工作年度报告</title></head>
<body><div class="TRS_Editor">
<p>一、总体情况</p><p>2020年，某局全面推进政务公开工作，主动公开政府信息一百二十条。</p>
<p>六、其他需要报告的事项</p><p>无。</p>
<p style="text-align:right">某市某局</p><p style="text-align:right">2021年1月20日</p>
<p>【打印】【关闭】</p>
</div></body></html>"""


def test_signature_dropped_by_trafilatura_is_appended(monkeypatch: pytest.MonkeyPatch) -> None:
    cut = "一、总体情况\n2020年，某局全面推进政务公开工作，主动公开政府信息一百二十条。\n六、其他需要报告的事项\n无。"
    monkeypatch.setattr("parsers.html._trafilatura", lambda tree, url: cut)
    doc = read_html(REPORT_PAGE.encode())
    assert doc.text.endswith("无。\n某市某局\n2021年1月20日")


def test_body_container_used_when_trafilatura_finds_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("parsers.html._trafilatura", lambda tree, url: "")
    doc = read_html(REPORT_PAGE.encode())
    assert "主动公开政府信息一百二十条" in doc.text
    assert "2021年1月20日" in doc.text
    assert any("trafilatura" in w for w in doc.warnings)


def test_statistics_table_with_linked_labels_is_data() -> None:
    rows = "".join(
        f"<tr><td><a href='/list/{i}'>第{i}项行政许可事项名称</a></td><td>{i}</td><td>{i + 1}</td></tr>"
        for i in range(6)
    )
    footer = (
        "<table><tr><td><a href='/'>网站地图</a></td><td><a href='/lx'>联系我们</a></td></tr>"
        "<tr><td>版权所有：某市人民政府</td><td>网站标识码：1234000001</td></tr></table>"
    )
    doc = read_html(f"<html><body><table>{rows}</table>{footer}</body></html>".encode())
    assert len(doc.tables) == 1
    assert doc.tables[0].rows[0] == ["第0项行政许可事项名称", "0", "1"]
