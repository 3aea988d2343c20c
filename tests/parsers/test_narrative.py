"""narrative_figures(): quantities stated in the prose, with label, unit and sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from parsers.narrative import narrative_figures

SEEDS = Path(__file__).parent.parent / "fixtures" / "seeds"


def _seed(seed: str) -> str:
    return next(SEEDS.glob(f"{seed}_*.txt")).read_text(encoding="utf-8")


def _pairs(text: str) -> list[tuple[str, float, str]]:
    return [(f["label"], f["value"], f["unit"]) for f in narrative_figures(text)]


def test_seed_000_headline_and_its_contradiction_with_the_table() -> None:
    figures = narrative_figures(_seed("000"))
    by_label = {f["label"]: f for f in figures}
    assert by_label["主动公开政府信息"]["value"] == 489
    norm = by_label["制发及主动公开规范性文件"]
    assert (norm["value"], norm["unit"]) == (9, "条")
    assert norm["sentence"].startswith("2018年，自治区司法厅坚持以公开为常态")
    # the statistics table (489, 4, 5 …) is not read as prose
    assert not any(f["value"] in (150, 85) for f in figures)


def test_seed_002_channels_and_total() -> None:
    pairs = _pairs(_seed("002"))
    for expected in [
        ("市司法局门户网站发布信息", 502, "条"), ("新闻媒体", 215, "条"),
        ("微信发布信息", 472, "条"), ("微博", 609, "条"), ("共计", 1798, "条"),
    ]:
        assert expected in pairs


def test_seed_004_ignores_the_cell_per_line_tables() -> None:
    figures = narrative_figures(_seed("004"))
    assert ("通过政府信息公开平台主动公开政府信息", 403, "条") in _pairs(_seed("004"))
    assert all(f["sentence"] and "\t" not in f["sentence"] for f in figures)


def test_seed_001_no_table_rows_dates_or_hotlines() -> None:
    figures = narrative_figures(_seed("001"))
    values = {f["value"] for f in figures}
    assert 2739691.05 not in values  # 采购总金额, a table cell
    assert 12345 not in values and 755000 not in values and 2019 not in values
    assert ("接访群众", 514, "人次") in _pairs(_seed("001"))


def test_what_is_not_a_quantity() -> None:
    text = (
        "联系电话：0951-4113470；邮编：750001。依据国办公开办函〔2019〕60号，统计期限为"
        "2019年1月1日至12月31日。第20督导组依据第3条开展工作。1、深化公开。"
    )
    assert narrative_figures(text) == []


def test_units_multipliers_percent_and_approximations() -> None:
    text = "全年收到申请12件，同比增长20.5％，收取费用0.5万元，关注人数13万人次，推送短信近4万条。"
    figures = narrative_figures(text)
    assert [(f["label"], f["value"], f["unit"], f["approx"]) for f in figures] == [
        ("收到申请", 12, "件", False),
        ("同比增长", 20.5, "%", False),
        ("收取费用", 0.5, "万元", False),
        ("关注人数", 130000, "人次", False),
        ("推送短信", 40000, "条", True),
    ]
    assert all(f["sentence"] == text for f in figures)


def test_figure_without_words_shares_the_label_before_it() -> None:
    assert _pairs("共计接访群众49批514人次。") == [("接访群众", 49, "批"), ("接访群众", 514, "人次")]


@pytest.mark.parametrize(
    "row",
    [
        "一、本年新收政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0",
        "\t条",
        "\t489",
        "（一）主动公开政府信息数 条 489 12 7",
    ],
)
def test_table_rows_are_skipped(row: str) -> None:
    assert narrative_figures(row) == []


def test_sentence_broken_by_a_converter_is_joined() -> None:
    text = "司法行政门户网站发布政府信息共573条，其中：工作动态284条、政策解\n\n读16条。"
    assert ("政策解读", 16, "条") in _pairs(text)


def test_other_category_keeps_its_qi() -> None:
    """其 opens a clause as a pronoun (其办理申请5件) but is part of 其他/其它/其余."""
    figures = narrative_figures("统计信息146条,其它类信息81条;其他处理2件,其余3条。其办理申请5件。")
    assert [f["label"] for f in figures] == ["统计信息", "其它类信息", "其他处理", "其余", "办理申请"]
