"""Telling annual reports from the pages that look like them (parsers/classify.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from parsers.classify import gather_evidence, is_annual_report, title_kind
from parsers.html import read_html
from parsers.metadata import title_from_text
from parsers.text import read_text

FIXTURES = Path(__file__).parent.parent / "fixtures"
SEEDS = sorted((FIXTURES / "seeds").glob("*.txt"))

REPORT_BODY_2019 = """根据《中华人民共和国政府信息公开条例》要求，
现发布本机关2020年政府信息公开工作年度报告。
本报告所列数据的统计期限自2020年1月1日起至2020年12月31日止。
一、总体情况
2020年，我局围绕中心工作推进政务公开。
二、主动公开政府信息情况
三、收到和处理政府信息公开申请情况
四、政府信息公开行政复议、行政诉讼情况
五、存在的主要问题及改进情况
六、其他需要报告的事项
"""

REPORT_BODY_2008 = """本报告根据《中华人民共和国政府信息公开条例》编制，
统计期限为2012年1月1日至12月31日。
一、概述
二、主动公开政府信息情况
三、依申请公开政府信息情况
四、政府信息公开的收费及减免情况
五、因政府信息公开申请行政复议、提起行政诉讼的情况
六、存在的主要问题及改进措施
"""

DISTRACTORS = {
    "法治政府建设年度报告": (
        "某市司法局2022年度法治政府建设年度报告",
        "2022年，我局深入推进法治政府建设。一、主要举措和成效（一）健全依法决策机制。（二）深化政务公开，"
        "按时发布政府信息公开工作年度报告。二、存在的不足 三、下一步工作安排",
    ),
    "政务公开工作要点": (
        "某县2023年政务公开工作要点",
        "一、总体要求 二、重点任务（一）加强政策解读（二）规范依申请公开办理，严格按时限答复"
        "（三）按时编制发布政府信息公开工作年度报告 三、保障措施",
    ),
    "政府工作报告": (
        "2023年某市人民政府政府工作报告",
        "各位代表：现在，我代表市人民政府向大会报告工作。"
        "一、2022年工作回顾 全市地区生产总值增长5.2%。"
        "二、2023年工作安排 深化政务公开。",
    ),
    "统计公报": (
        "某市2022年国民经济和社会发展统计公报",
        "一、综合 全年地区生产总值1234亿元，比上年增长4.5%。二、农业 三、工业和建筑业",
    ),
    "信息公开指南": (
        "某区司法局政府信息公开指南",
        "一、主动公开（一）公开范围（二）公开方式 二、依申请公开（一）受理机构 办公时间：周一至周五"
        "（二）申请方式 三、监督和救济 申请人可以依法申请行政复议或者提起行政诉讼。",
    ),
    "信息公开目录": (
        "某县政府信息公开目录",
        "序号 信息名称 公开方式 公开时限\n1 机构职能 主动公开 常年\n"
        "2 政府信息公开工作年度报告 主动公开 每年1月31日前",
    ),
    "年度工作总结": (
        "某局2019年工作总结",
        "2019年，我局在区委区政府领导下完成了各项任务。"
        "一、主要工作 （一）政务公开 全年公开信息120条。"
        "二、存在的问题 三、2020年工作打算",
    ),
    "政府网站工作年度报表": (
        "某市人民政府办公室2021年政府网站工作年度报表",
        "网站名称 某市人民政府\n首页网址 http://www.example.gov.cn\n主办单位 某市人民政府办公室\n"
        "网站标识码 1234000001\n独立用户访问总量 12345\n网站总访问量 67890\n信息发布 总数 1000",
    ),
    "国办2019年通知": (
        "国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告有关事项的通知",
        "各省、自治区、直辖市人民政府办公厅，国务院各部委、各直属机构办公厅（室）：\n"
        "新条例对年度报告提出了新的要求。现就有关事项通知如下：\n一、抓紧部署 二、严格按照格式编写"
        + REPORT_BODY_2019,
    ),
    "省级编制通知": (
        "关于做好2020年政府信息公开工作年度报告编制和发布工作的通知",
        "各市、县人民政府，省政府各部门：\n为做好年度报告编制发布工作，现将有关事项通知如下。"
        "一、按时发布 二、确保质量 请结合实际认真落实。",
    ),
}


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_seeds_are_reports(path: Path) -> None:
    doc = read_text(path.read_bytes())
    title, _ = title_from_text(doc.text.splitlines())
    assert is_annual_report(title, doc.text)


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_seeds_are_reports_by_content_alone(path: Path) -> None:
    assert is_annual_report(None, read_text(path.read_bytes()).text)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("trs_detail_2021.html", True),
        ("hanweb_gbk_2020.html", True),
        ("layout_gb2312_2016.html", True),
        ("distractor_notice_2021.html", False),
        ("distractor_list.html", False),
        ("distractor_fzzf_2022.html", False),
    ],
)
def test_html_fixtures(name: str, expected: bool) -> None:
    doc = read_html((FIXTURES / "html" / name).read_bytes())
    assert is_annual_report(doc.title, doc.text) is expected


def test_format_notice_is_not_a_report_despite_its_tables() -> None:
    doc = read_html((FIXTURES / "html" / "distractor_notice_2021.html").read_bytes())
    evidence = gather_evidence(doc.text)
    assert evidence.tables and evidence.sections >= 4  # it looks like a report...
    assert evidence.notice  # ...but it addresses subordinates


@pytest.mark.parametrize("kind", DISTRACTORS)
def test_distractors(kind: str) -> None:
    title, text = DISTRACTORS[kind]
    assert not is_annual_report(title, text)


@pytest.mark.parametrize("kind", ["国办2019年通知", "省级编制通知", "政府网站工作年度报表"])
def test_distractors_by_content_alone(kind: str) -> None:
    assert not is_annual_report(None, DISTRACTORS[kind][1])


@pytest.mark.parametrize(
    "title",
    [
        "某区司法局2020年政府信息公开工作年度报告",
        "某区司法局2020年政府信息公开年度报告",
        "某区司法局2020年信息公开工作报告",
        "某区司法局2020年信息公开年报",
        "某区司法局2020年政府信息公开工作年度报告（图片版）",
        "某区司法局2020年政府信息公开工作年度报告（超链版）",
        "2020年度某市卫生和计划生育委员会政府信息公开工作年度报告",
        "某市自然资源和规划局2020年政府信息公开工作年度报告",
    ],
)
def test_report_titles(title: str) -> None:
    assert title_kind(title) == "report"
    assert is_annual_report(title, REPORT_BODY_2019)


def test_image_version_with_no_text_is_a_report() -> None:
    assert is_annual_report("某区司法局2020年政府信息公开工作年度报告（图片版）", "")


def test_column_name_as_title_with_real_content() -> None:
    # some sites give every detail page the column's name as its title
    assert is_annual_report("政府信息公开年报", REPORT_BODY_2019)


def test_column_name_title_without_content_is_not_enough() -> None:
    # a list page whose list trafilatura dropped looks like this
    assert not is_annual_report("政府信息公开年报", "首页 政务公开 共3页 下一页 尾页")


def test_2008_outline_without_title() -> None:
    assert is_annual_report(None, "某局2012年政府信息公开工作年度报告\n" + REPORT_BODY_2008)


def test_plain_text_without_report_features() -> None:
    assert not is_annual_report(None, "今天天气晴朗。" * 50)


def test_long_unrelated_text_under_report_title() -> None:
    assert not is_annual_report("某局2020年政府信息公开工作年度报告", "今天天气晴朗。" * 400)


def test_report_title_with_notice_wrapper_and_report_body() -> None:
    title = "关于公布某区司法局2020年政府信息公开工作年度报告的通知"
    assert is_annual_report(title, REPORT_BODY_2019)


# ---------------------------------------------------------------- cover notices, openings


def test_notice_publishing_a_report_is_judged_by_the_report_it_carries() -> None:
    text = (
        "某市人民政府办公室关于公布\n"
        "某市2011年度政府信息公开工作年度报告的通知\n"
        "各县人民政府，市直各单位：\n"
        "我办编制了《某市2011年度政府信息公开工作年度报告》，现予公布。\n"
        "某市2011年度政府信息公开工作年度报告\n"
        "本报告中所列数据的统计期限自2011年1月1日起至2011年12月31日止。\n"
        "一、概述\n"
    )
    assert is_annual_report(None, text)


def test_letter_sending_a_report_as_attachment_is_a_report() -> None:
    text = (
        "某省某厅关于报送《2021年政府信息公开工作年度报告》的函\n"
        "省政府办公厅：\n现随文呈报。\n附件\n"
        "某省某厅\n2021年政府信息公开工作年度报告\n一、总体情况\n"
    )
    assert is_annual_report(None, text)


def test_notice_about_reports_without_a_filled_report_is_not_one() -> None:
    text = (
        "某市人民政府办公室关于做好2012年度政府信息公开工作年度报告有关事项的通知\n"
        "一、概述\n二、主动公开政府信息的情况\n三、依申请公开情况\n"
        "四、政府信息公开的收费及减免情况\n五、存在的主要问题及改进情况\n"
    )
    assert not is_annual_report(None, text)


def test_untitled_report_named_in_its_opening_sentence() -> None:
    text = (
        "根据条例要求，现将某局2020年政府信息公开工作报告如下：\n"
        "一、总体情况\n2020年，某局推进公开工作。\n"
    )
    assert is_annual_report(None, text)


def test_traditional_script_report() -> None:
    text = (
        "本報告根據《中華人民共和國政府信息公開條例》編制。\n"
        "一、總體情況\n2020年，某縣人民政府辦公室認真落實條例。\n"
    )
    assert is_annual_report(None, text)


def test_quoted_report_titles_in_sentences_are_not_a_list_page() -> None:
    text = (
        "某委关于报送《2020年政府信息公开工作年度报告》的函\n"
        "编制形成了《2020年政府信息公开工作年度报告》，现随文呈报。\n"
        "附件：《某委2020年政府信息公开工作年度报告》\n"
    )
    assert not gather_evidence(text).list_page


def test_report_named_as_the_subject_of_its_opening_sentence() -> None:
    """079: no title line; the opening sentence's subject is the report itself."""
    text = (
        "某县某局2022年政府信息公开工作年度报告(以下简称年报)是根据《中华人民共和国政府信息公开条例》"
        "(国务院令第711号)规定编制。本年报中所列数据的统计期限从2022年1月1日起至2022年12月31日止。\n"
        "一、 总体情况\n(一)主动公开情况。我局2022年主动公开公告公示143条。\n"
    )
    assert is_annual_report(None, text)
    # a notice about reports names them the same way, but asks its readers to act
    notice = "各单位:\n政府信息公开工作年度报告按照《中华人民共和国政府信息公开条例》编制,请遵照执行。"
    assert not is_annual_report(None, notice)


@pytest.mark.parametrize(
    ("title", "opening", "verdict"),
    [
        # 101, 111: no title; the opening sentence says the report is compiled under the Regulation
        (None, "依据《中华人民共和国政府信息公开条例》第五十条规定,编制本报告。", True),
        # 122: a university's report under 高等学校信息公开办法, for a school year
        (
            "某某学院2022-2023学年信息公开工作年度报告",
            "按照《高等学校信息公开办法》(教育部令第29号)要求编制,统计时间为2022年9月1日至2023年8月31日。",
            False,
        ),
        (None, "按照《高等学校信息公开办法》要求,编制本学校信息公开工作年度报告。", False),
    ],
)
def test_opening_sentence_decides_an_untitled_page(title, opening, verdict) -> None:
    text = (title or "") + "\n" + opening + "\n一、总体情况\n(一)组织领导\n领导高度重视信息公开工作。\n"
    assert is_annual_report(title, text) is verdict


def test_overview_with_the_five_prescribed_parts_shows_the_format() -> None:
    """131: the stored copy is only 一、总体情况 with its parts (一)主动公开 … (五)监督保障."""
    parts = ["主动公开", "依申请公开", "政府信息管理", "政府信息公开平台建设", "监督保障"]
    text = "一、总体情况\n" + "".join(
        f"({n}) {p}\n我镇按要求开展工作。\n" for n, p in zip("一二三四五", parts, strict=True)
    )
    assert is_annual_report(None, text)
    assert not is_annual_report(None, text.replace("一、总体情况", "一、工作推进"))
