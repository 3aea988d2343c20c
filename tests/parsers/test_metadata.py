"""Report metadata (parsers/metadata.py): agency, year, format, published, title."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from parsers.document import Document, Table
from parsers.html import read_html
from parsers.metadata import (
    agency_from_title,
    extract_metadata,
    find_agency,
    find_format,
    find_published,
    find_year,
    issuer_of_office,
    parse_date,
    title_from_text,
)
from parsers.text import read_text

FIXTURES = Path(__file__).parent.parent / "fixtures"
SEEDS = sorted((FIXTURES / "seeds").glob("*.txt"))


def gold_of(path: Path) -> dict:
    return json.loads(path.with_name(path.stem + ".gold.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
@pytest.mark.parametrize("field", ["is_annual_report", "agency", "year", "format", "published"])
def test_seed_metadata_matches_gold(path: Path, field: str) -> None:
    meta = extract_metadata(read_text(path.read_bytes()))
    assert meta[field] == gold_of(path)[field]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "trs_detail_2021.html",
            {
                "agency": "固原市原州区司法局",
                "year": 2021,
                "format": "2021",
                "published": "2022-01-25",
            },
        ),
        (
            "hanweb_gbk_2020.html",
            {"agency": "慈溪市司法局", "year": 2020, "format": "2019", "published": "2021-01-27"},
        ),
        (
            "layout_gb2312_2016.html",
            {"agency": "海原县民政局", "year": 2016, "format": "2008", "published": "2017-03-20"},
        ),
    ],
)
def test_html_fixture_metadata(name: str, expected: dict) -> None:
    meta = extract_metadata(read_html((FIXTURES / "html" / name).read_bytes()))
    assert {k: meta[k] for k in expected} == expected
    assert meta["is_annual_report"] is True


def test_distractor_has_no_format() -> None:
    meta = extract_metadata(
        read_html((FIXTURES / "html" / "distractor_notice_2021.html").read_bytes())
    )
    assert meta["is_annual_report"] is False
    assert meta["format"] is None


# ---------------------------------------------------------------- title


def test_title_joins_agency_line_and_year_line() -> None:
    lines = ["", "沙坡头区司法局", "", "2019 年政府信息公开工作年度报告", "", "根据……"]
    assert title_from_text(lines) == ("沙坡头区司法局2019年政府信息公开工作年度报告", 3)


def test_title_split_over_two_lines_is_joined() -> None:
    lines = ["某市某区司法局", "2020年度政府信息公开", "工作年度报告", "", "一、总体情况"]
    assert title_from_text(lines) == ("某市某区司法局2020年度政府信息公开工作年度报告", 1)


def test_title_with_year_beats_column_name_above_it() -> None:
    lines = ["政府信息公开年报", "", "某县民政局2019年政府信息公开工作年度报告", "正文。"]
    assert title_from_text(lines) == ("某县民政局2019年政府信息公开工作年度报告", 2)


def test_title_skips_breadcrumb() -> None:
    lines = [
        "当前位置: 首页 > 政府信息公开 > 信息公开年报",
        "",
        "平凉市司法局2018年信息公开工作年度报告",
    ]
    assert title_from_text(lines) == ("平凉市司法局2018年信息公开工作年度报告", 2)


# ---------------------------------------------------------------- agency


@pytest.mark.parametrize(
    ("title", "agency"),
    [
        ("自治区司法厅2018年政府信息公开工作年度报告", "自治区司法厅"),
        ("2020年度慈溪市司法局政府信息公开工作年度报告", "慈溪市司法局"),
        ("关于某县民政局2019年政府信息公开工作年度报告", "某县民政局"),
        ("银川市兴庆区人民政府（本级）2019年政府信息公开工作年度报告", "银川市兴庆区人民政府"),
        ("某区司法局2020年政府信息公开工作年度报告（图片版）", "某区司法局"),
        ("2019年政府信息公开工作年度报告", None),
        ("政府信息公开年报", None),
    ],
)
def test_agency_from_title(title: str, agency: str | None) -> None:
    assert agency_from_title(title) == agency


def agency_of(text: str, title: str | None = None, **doc: dict) -> str | None:
    document = Document(text=text, title=title, **doc)
    lines = [line.strip() for line in text.splitlines()]
    text_title, index = title_from_text(lines)
    return find_agency(document, title or text_title, lines, index)


def test_agency_fullest_form_from_header_line() -> None:
    text = "宁夏回族自治区司法厅\n\n自治区司法厅2018年政府信息公开工作年度报告\n\n正文。"
    assert agency_of(text) == "宁夏回族自治区司法厅"


def test_agency_fullest_form_from_self_naming_phrase() -> None:
    text = (
        "沙坡头区司法局\n2019年政府信息公开工作年度报告\n由中卫市沙坡头区司法局编制本单位年度报告。"
    )
    assert agency_of(text) == "中卫市沙坡头区司法局"


def test_agency_from_contact_phrase_with_office_suffix() -> None:
    text = "市司法局2020年政府信息公开工作年度报告\n如有疑问，请与平凉市司法局办公室联系。"
    assert agency_of(text) == "平凉市司法局"


def test_agency_from_catalog_and_signature() -> None:
    text = "原州区司法局2021年政府信息公开工作年度报告\n正文。\n固原市原州区司法局\n2022年1月20日"
    assert agency_of(text) == "固原市原州区司法局"
    assert (
        agency_of(
            "原州区司法局2021年政府信息公开工作年度报告\n正文。",
            catalog={"发布机构": "固原市原州区司法局"},
        )
        == "固原市原州区司法局"
    )


def test_agency_ignores_other_agencies_and_other_suffixes() -> None:
    # the catalog names the site's owner, not the report's author
    text = "区司法局2020年政府信息公开工作年度报告\n根据省司法厅要求编制。"
    assert agency_of(text, catalog={"发布机构": "某区人民政府办公室"}) == "区司法局"


def test_agency_when_title_has_none() -> None:
    text = "2023年度政府信息公开工作年度报告\n正文。\n如有疑问请与盐城市大丰区司法局联系。"
    assert agency_of(text, title="政府信息公开年报") == "盐城市大丰区司法局"


def test_region_only_title_extends_to_government() -> None:
    text = (
        "隆德县2020年政府信息公开工作年度报告\n正文。\n宁夏回族自治区隆德县人民政府\n2021年1月29日"
    )
    assert agency_of(text) == "宁夏回族自治区隆德县人民政府"


def test_region_only_title_extends_through_a_phrase() -> None:
    text = (
        "福州市晋安区2016年政府信息公开工作年度报告\n本报告由福州市晋安区人民政府信息公开办编制。"
    )
    assert agency_of(text) == "福州市晋安区人民政府"


def test_title_over_two_lines_with_agency_and_year_first() -> None:
    text = "宿州市人民政府2016年\n政府信息公开工作年度报告\n宿州市人民政府办公室\n2017年3月\n正文。"
    assert agency_of(text) == "宿州市人民政府"


def test_agency_ending_in_jiguan() -> None:
    text = "城口县人民政府机关\n2020年政府信息公开工作年度报告\n正文。"
    assert agency_of(text) == "城口县人民政府机关"


def test_generic_self_reference_is_not_an_agency() -> None:
    text = "2019年政府信息公开工作年度报告\n2019年我局政府信息公开工作年度报告如下。"
    assert agency_of(text) is None


# ---------------------------------------------------------------- year


@pytest.mark.parametrize(
    ("title", "text", "year"),
    [
        ("某局2018年政府信息公开工作年度报告", "2019年2月15日", 2018),
        ("某局二〇一八年政府信息公开工作年度报告", "", 2018),
        (None, "现发布《某局2023年政府信息公开工作年度报告》。2024年1月发布。", 2023),
        (None, "本报告统计期限从2017年1月1日至2017年12月31日。2018年3月发布。", 2017),
        ("政府信息公开年报", "2020年，区司法局推进公开工作。2020年新增栏目。2021年计划……", 2020),
        (None, "没有年份的文字", None),
    ],
)
def test_find_year(title: str | None, text: str, year: int | None) -> None:
    assert find_year(title, text) == year


# ---------------------------------------------------------------- format


def fmt(
    text: str = "", tables: list[list[list[str]]] | None = None, year: int | None = None
) -> str | None:
    doc = Document(text=text, tables=[Table(rows=rows) for rows in tables or []])
    return find_format(doc, year)[0]


def test_format_by_table_headers() -> None:
    assert (
        fmt(tables=[[["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]]], year=2022)
        == "2021"
    )
    assert (
        fmt(
            tables=[[["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"]]], year=2020
        )
        == "2019"
    )
    assert (
        fmt(tables=[[["统计指标", "单位", "统计数"], ["主动公开政府信息数", "条", "9"]]], year=2016)
        == "2008"
    )


def test_format_headers_beat_the_year() -> None:
    # some agencies kept the old layout a year longer, or adopted the new one early
    assert fmt("信息内容\t本年新制作数量\t本年新公开数量", year=2021) == "2019"
    assert fmt("统 计 指 标\t单位\t统计数\n主动公开政府信息数\t条\t3", year=2019) == "2008"


def test_format_by_split_other_row() -> None:
    text = (
        "（六）其他处理\t1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\n"
        "2.申请人逾期未按收费通知要求缴纳费用"
    )
    assert fmt(text, year=2022) == "2021"


def test_format_by_reference_then_year() -> None:
    assert fmt("依据国办公开办函〔2021〕30号要求编制。", year=None) == "2021"
    assert fmt("依据国办公开办函〔2019〕60号要求编制。", year=None) == "2019"
    assert fmt("没有表格的报告。", year=2015) == "2008"
    assert fmt("没有表格的报告。", year=2020) == "2019"
    assert fmt("没有表格的报告。", year=None) is None


# ---------------------------------------------------------------- published


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2019年2月15日", "2019-02-15"),
        ("2022-01-25 16:32", "2022-01-25"),
        ("2021/1/27", "2021-01-27"),
        ("2021.01.27", "2021-01-27"),
        ("2021年09月29日", "2021-09-29"),
        ("二〇一九年二月十五日", "2019-02-15"),
        ("二〇二〇年十二月三十一日", "2020-12-31"),
        ("2019年2月30日", None),
        ("", None),
    ],
)
def test_parse_date(raw: str, iso: str | None) -> None:
    date = parse_date(raw)
    assert (date.isoformat() if date else None) == iso


def published(text: str, year: int | None = None, **doc: dict) -> str | None:
    document = Document(text=text, **doc)
    return find_published(document, year, [line.strip() for line in text.splitlines()])


def test_published_priority() -> None:
    text = "发布时间：2021-01-30 09:00\n正文。\n某局\n2021年1月20日"
    assert (
        published(text, 2020, catalog={"发布日期": "2021-01-29"}, meta={"PubDate": "2021-01-28"})
        == "2021-01-29"
    )
    assert published(text, 2020, meta={"PubDate": "2021-01-28 10:00"}) == "2021-01-28"
    assert published(text, 2020) == "2021-01-30"
    assert published("正文。\n某局\n2021年1月20日", 2020) == "2021-01-20"


def test_signature_date_is_not_a_period_or_table_date() -> None:
    text = "统计期限为\n2020年1月1日\n至\n2020年12月31日\n正文。"
    assert published(text, 2020) is None


def test_signature_date_before_an_attachment() -> None:
    text = (
        "正文。\n附件：统计表\n  某厅        \n\n2019年2月15日   \n\n附件\n统计指标\t单位\t统计数"
    )
    assert published(text, 2018) == "2019-02-15"


def test_no_date_gives_null() -> None:
    assert published("正文。2019年，我局……", 2019) is None


def test_signature_date_in_chinese_numerals() -> None:
    assert published("正文。\n某局\n二〇二一年一月二十日", 2020) == "2021-01-20"


def test_signature_name_and_date_on_one_line() -> None:
    assert published("正文。\n某市某区司法局　2021年1月20日", 2020) == "2021-01-20"
    assert published("正文。\n截至2021年1月20日", 2020) is None


def test_source_time_line() -> None:
    text = "某局2016年政府信息公开工作年度报告\n来源:区人民政府办公室 时间:2017-01-12 10:01\n办公时间：周一至周五"
    assert published(text, 2016) == "2017-01-12"


def test_date_line_in_text() -> None:
    assert (
        published("某局2018年信息公开工作年度报告\n发表日期:2019-03-05 来源: 作者:市司法局", 2018)
        == "2019-03-05"
    )


def test_catalog_line_with_a_send_date() -> None:
    """公开目录 printed as one text line: 索引号 … 公开方式 … 发文日期 (065, a provincial portal)."""
    text = (
        "2008年度某市政府信息公开工作年度报告\n\n"
        "索引号:430S00/2009-69063 公开方式:政府网站 发文日期:2009-03-31 00:00:00\n正文。"
    )
    assert published(text, 2008) == "2009-03-31"


def test_published_is_iso_date_string() -> None:
    meta = extract_metadata(read_text((FIXTURES / "seeds" / SEEDS[0].name).read_bytes()))
    assert dt.date.fromisoformat(meta["published"])


def test_year_with_latin_o_for_zero() -> None:
    assert find_year("某局二O一九年政府信息公开工作年度报告", "") == 2019
    assert parse_date("二O二O年一月二十日") == dt.date(2020, 1, 20)


# ---------------------------------------------------------------- openings, offices, boxes


def _meta(text: str) -> dict:
    return extract_metadata(Document(text=text))


def test_issuer_named_by_publishing_phrase_beats_contact_office() -> None:
    text = (
        "根据条例，现公布某某市人民政府2015年政府信息公开工作年度报告。"
        "统计期限自2015年1月1日起至12月31日止。如有疑问，请与某某市人民政府办公室"
        "政府信息公开处联系。\n一、概述\n"
    )
    assert _meta(text)["agency"] == "某某市人民政府"


def test_leading_group_office_stands_for_its_government() -> None:
    text = (
        "本报告由某某县人民政府信息公开工作领导小组办公室根据《中华人民共和国政府信息"
        "公开条例》编制。统计时限自2013年1月1日至2013年12月31日。\n一、概述\n"
    )
    assert _meta(text)["agency"] == "某某县人民政府"


def test_township_party_office_is_not_the_issuer() -> None:
    text = (
        "本报告由某某镇人民政府党政办公室编制。统计期限为2020年1月1日至2020年12月31日。\n"
        "一、总体情况\n"
    )
    assert _meta(text)["agency"] == "某某镇人民政府"


def test_region_is_not_cut_inside_zhengfu_xinxi_gongkai() -> None:
    text = (
        "某某市2010年政府信息公开工作年度报告\n"
        "本报告由某某市政府信息公开领导小组办公室编制。\n一、概述\n"
    )
    assert _meta(text)["agency"] == "某某市"


def test_issuer_as_subject_of_first_sentence() -> None:
    text = (
        "现将2020年政府信息公开工作报告如下：\n一、总体情况\n"
        "2020年，某某区统计局以便民为原则推进公开。\n"
    )
    assert _meta(text)["agency"] == "某某区统计局"


def test_issuer_opening_the_first_line() -> None:
    text = "某某县2010年政府信息公开工作年度报告(以下简称年报)根据条例编制。\n一、概述\n"
    assert _meta(text)["agency"] == "某某县"


def test_office_ending_in_shi_is_an_agency() -> None:
    assert agency_from_title("2022年某市人民政府参事室政府信息公开工作年度报告") == (
        "某市人民政府参事室"
    )


def test_title_with_year_left_on_the_agency_line() -> None:
    title, _ = title_from_text(["某区人民政府办公室2022", "", "政府信息公开工作年度报告", "正文"])
    assert title == "某区人民政府办公室2022年政府信息公开工作年度报告"


def test_unlabelled_byline_date_under_the_title() -> None:
    text = "2021年某街道政府信息公开工作年度报告\n某街道办事处\n2022年01月20日来源:本站\n正文。\n"
    assert _meta(text)["published"] == "2022-01-20"


def test_date_in_pipe_catalog_box() -> None:
    text = (
        "索引号 | 0001/2019-1 | 分类 | 年报 |\n发布机构 | 某办 | 发文日期 | 2019-03-05 |\n"
        "某县2018年政府信息公开工作年度报告\n一、概述\n"
    )
    assert _meta(text)["published"] == "2019-03-05"


def test_format_known_even_when_the_verdict_is_no() -> None:
    meta = _meta("某某情况说明\n本年新制作数量 本年新公开数量 对外公开总数量\n")
    assert meta["format"] == "2019"


@pytest.mark.parametrize(
    ("office", "issuer"),
    [
        ("南平市人民政府信息公开工作领导小组办公室", "南平市人民政府"),
        ("两城镇人民政府党政办公室", "两城镇人民政府"),
        # a township's internal offices answer for the township government (074)
        ("衢州市衢江区湖南镇政府综合督考办公室", "衢州市衢江区湖南镇政府"),
        ("某县某乡人民政府综合办", "某县某乡人民政府"),
        # a county government's 法制办公室 or a city's 办公室 is an agency of its own
        ("某县人民政府法制办公室", "某县人民政府法制办公室"),
        ("贺州市人民政府办公室", "贺州市人民政府办公室"),
        # a bureau's or commission's general office answers for it (102: 请与市国资委办公室联系)
        ("市国资委办公室", "市国资委"),
        ("某县审计局办公室", "某县审计局"),
        ("某市卫生健康委员会办公室", "某市卫生健康委员会"),
        # a development zone's 管委会 is a government's counterpart: its office reports itself
        ("重庆两江新区管理委员会办公室", "重庆两江新区管理委员会办公室"),
    ],
)
def test_issuer_of_office(office: str, issuer: str) -> None:
    assert issuer_of_office(office) == issuer


def test_agency_as_the_subject_after_the_year_without_a_comma() -> None:
    """090: no title; the first sentence reads 2020年七里坪镇严格按照…"""
    text = "一、总体情况\n2020年七里坪镇严格按照《中华人民共和国政府信息公开条例》有关要求开展工作。\n"
    meta = extract_metadata(Document(text=text))
    assert meta["agency"] == "七里坪镇"


def test_issuer_as_subject_after_a_clause_naming_who_led_it() -> None:
    """095: no title; 2023年，在区委、区政府的坚强领导下，某街道办事处认真贯彻…"""
    text = "一、总体情况\n2023年,在区委、区政府的坚强领导下,某某街道办事处认真贯彻落实条例。\n"
    assert extract_metadata(Document(text=text))["agency"] == "某某街道办事处"


def test_issuer_as_subject_of_its_information_disclosure_work() -> None:
    """119: 2022年，河东乡政府信息公开工作在县委、县政府的正确领导下…"""
    text = "一、总体情况\n2022年,某东乡政府信息公开工作在县委的正确领导下开展。\n"
    assert extract_metadata(Document(text=text))["agency"] == "某东乡"


def test_channels_places_and_whole_areas_are_not_issuers() -> None:
    """111: 2023年政府网站主动公开…; 102: 2023年度在市国资委门户网站上…; 全区…"""
    text = (
        "一、总体情况\n2023年政府网站主动公开政府信息207条。\n"
        "2023年度在某市国资委门户网站上主动公开信息116条。\n2023年,全区政府信息公开工作稳步推进。\n"
    )
    assert extract_metadata(Document(text=text))["agency"] is None


def test_title_row_label_of_a_metadata_box_is_not_part_of_the_title() -> None:
    """107, 108: 标      题 西藏自治区…2023年度信息公开工作报告"""
    text = "标      题 某某自治区审计厅2025年政府信息公开工作年度报告\n索引号 0001\n一、总体情况\n"
    meta = extract_metadata(Document(text=text))
    assert meta["title"] == "某某自治区审计厅2025年政府信息公开工作年度报告"
    assert meta["agency"] == "某某自治区审计厅"


def test_traditional_date_label_and_a_boxed_date_with_its_time() -> None:
    """097, 101: 發布時間:2025-01-20; 109: | 發布日期 | 2024-02-21 17:44:04 |"""
    assert _meta("來源:某局 發布時間:2025-01-20\n一、總體情況\n")["published"] == "2025-01-20"
    boxed = "| 发布机构 | 发布日期 | 2024-02-21 17:44:04 | |\n某委2023年政府信息公开工作年度报告\n"
    assert _meta(boxed)["published"] == "2024-02-21"


def test_a_heading_cut_off_at_the_end_is_not_a_closing_name_line() -> None:
    """124: the stored copy ends on '(三)政府'; the issuer is 由淮北市人民医院编制's."""
    text = "本报告根据《中华人民共和国政府信息公开条例》要求,由某某市人民医院编制。\n一、主动公开情况\n(三)政府"
    assert _meta(text)["agency"] == "某某市人民医院"
