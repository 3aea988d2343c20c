"""split_sections(): top-level sections of real reports whose headings drift from the format.

Seeds: 000 mixes numbered and bare headings and skips 三; 001 and 003 follow the 2019/2021
format; 002 is the eight-part 2008 layout; 004 lost the numbers of 一, 四 and 五. None of
them may be split on a sub-heading (（一）, 1., 一是) or on a table row (the statistics
tables number their rows 一、二、三、四 too).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from parsers.sections import canonical_of, split_sections

SEEDS = Path(__file__).parent.parent / "fixtures" / "seeds"


def _sections(seed: str) -> list[dict]:
    text = next(SEEDS.glob(f"{seed}_*.txt")).read_text(encoding="utf-8")
    return [s for s in split_sections(text) if s["heading"] is not None]


def _outline(seed: str) -> list[tuple[str | None, str | None]]:
    return [(s["number"], s["canonical"]) for s in _sections(seed)]


SIX = [
    ("一", "overview"), ("二", "active_disclosure"), ("三", "applications"),
    ("四", "review_litigation"), ("五", "problems"), ("六", "other"),
]


@pytest.mark.parametrize("seed", ["001", "003"])
def test_numbered_six_sections(seed: str) -> None:
    assert _outline(seed) == SIX


def test_lost_numbers_still_give_six_sections() -> None:
    assert _outline("004") == [
        (None, "overview"), ("二", "active_disclosure"), ("三", "applications"),
        (None, "review_litigation"), (None, "problems"), ("六", "other"),
    ]
    headings = [s["heading"] for s in _sections("004")]
    assert headings[0] == "总体情况"
    assert headings[3] == "政府信息公开行政复议、行政诉讼情况"


def test_mixed_numbered_and_bare_headings_2008() -> None:
    assert _outline("000") == [
        ("一", "overview"),
        ("二", None),  # 推进重点领域政府信息公开情况: a section the format does not name
        (None, "active_disclosure"),
        ("四", "applications"),
        (None, "review_litigation"),
        (None, None),  # 自治区人大代表建议和政协提案办理结果公开情况
        (None, "problems"),
        (None, None),  # 附件: the statistics table
    ]


def test_eight_part_2008_layout() -> None:
    assert _outline("002") == [
        ("一", "overview"), ("二", "active_disclosure"), ("三", "applications"),
        ("四", "fees"), ("五", "review_litigation"), ("六", "organisation"),
        ("七", "problems"), ("八", "other"),
    ]


def test_section_text_runs_to_the_next_heading() -> None:
    sections = {s["canonical"]: s for s in _sections("001")}
    assert sections["other"]["text"].startswith("2019 年度，沙坡头区司法局共收到 6 件")
    assert "（一）加强组织领导。" in sections["overview"]["text"]
    assert "第二十条第(一)项" in sections["active_disclosure"]["text"]
    assert "一、本年新收政府信息公开申请数量" in sections["applications"]["text"]


def test_table_rows_and_subheadings_do_not_split() -> None:
    for seed in ("000", "001", "002", "003", "004"):
        for s in _sections(seed):
            assert not s["heading"].startswith(("（", "(", "1")), s["heading"]
            assert "本年新收" not in s["heading"] and "\t" not in s["heading"]


def test_preamble_is_kept_without_heading() -> None:
    text = next(SEEDS.glob("002_*.txt")).read_text(encoding="utf-8")
    first = split_sections(text)[0]
    assert first["heading"] is None and first["canonical"] is None
    assert "平凉市司法局2018年信息公开工作年度报告" in first["text"]


def test_run_in_heading_flattened_table_and_merged_heading() -> None:
    text = "\n".join([
        "某县人民政府2015年政府信息公开工作年度报告",
        "一、概述 2015年，我县全年主动公开信息1200条。",
        "二、主动公开政府信息情况",
        "全年主动公开政府信息1200条。",
        "一、主动公开情况 ——",
        "三、依申请公开情况 件 12",
        "三、政府信息依申请公开情况",
        "收到申请12件。",
        "四、政府信息公开收费及减免情况和因政府信息公开申请行政复议、提起行政诉讼的情况",
        "无。",
        "第五部分 存在的主要问题和改进措施",
        "一是公开不及时。",
    ])
    sections = [s for s in split_sections(text) if s["heading"]]
    assert [(s["number"], s["canonical"]) for s in sections] == [
        ("一", "overview"), ("二", "active_disclosure"), ("三", "applications"),
        ("四", "fees"), ("五", "problems"),
    ]
    assert sections[0]["heading"] == "一、概述"
    assert sections[0]["text"] == "2015年，我县全年主动公开信息1200条。"
    assert sections[3]["also"] == ["review_litigation"]


@pytest.mark.parametrize(
    ("heading", "canonical"),
    [
        ("一、总体工作情况", "overview"),
        ("四、因政府信息公开工作被申请复议、提起行政诉讼情况", "review_litigation"),
        ("五、因政府信息公开申请行政复议、提起行政诉讼的情况", "review_litigation"),
        ("三、政府信息依申请公开办理情况", "applications"),
        ("六、政府信息公开工作机构、人员、经费的情况", "organisation"),
        ("八、需要说明的其他事项与统计表", "other"),
        ("七、存在的主要问题及改进措施", "problems"),
        ("二、推进重点领域政府信息公开情况", None),
    ],
)
def test_canonical_of(heading: str, canonical: str | None) -> None:
    assert canonical_of(heading) == canonical


def test_empty_text() -> None:
    assert split_sections("") == []
