"""Statistics extraction end to end: the five seeds (text) and HTML-shaped grids.

The HTML grids are built as parsers/grid.py hands them over for the national 2019/2021
forms: three header rows of the applications matrix with spanned labels repeated in every
covered cell, a label column spanning 20 rows, colspan values repeated, `origin` set.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parsers.document import Document, Table
from parsers.statistics import detect_generation, extract_statistics

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"
SEED_NAMES = sorted(p.name[: -len(".gold.json")] for p in SEEDS.glob("*.gold.json"))


def _leaves(obj, prefix=()):
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _leaves(v, (*prefix, k))
    else:
        yield prefix, obj


def _dig(obj, path):
    for k in path:
        if not isinstance(obj, dict) or k not in obj:
            return None
        obj = obj[k]
    return obj


def _seed(name: str) -> tuple[dict, dict, Document]:
    gold = json.loads((SEEDS / f"{name}.gold.json").read_text(encoding="utf-8"))
    doc = Document(text=(SEEDS / f"{name}.txt").read_text(encoding="utf-8"))
    return extract_statistics(doc), gold, doc


# ---------------------------------------------------------------------------------------
# seeds


@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_cells(name: str) -> None:
    """Every non-null gold cell right, no lenient nulls used; gold nulls are null too."""
    got, gold, _ = _seed(name)
    for table in ("article20", "applications", "review_litigation"):
        if not gold.get(table):
            assert got[table] is None
            continue
        for path, want in _leaves(gold[table]):
            value = _dig(got[table], path)
            if want is None:
                assert value is None, (table, path)
            else:
                assert value == pytest.approx(want), (table, path, value, want)
    by_label = {row["label"]: row for row in got["legacy_stats"] or []}
    for row in gold.get("legacy_stats") or []:
        assert by_label[row["label"]]["value"] == row["value"]
        assert by_label[row["label"]]["unit"] == row["unit"]
        assert by_label[row["label"]]["key"] == row["key"]


@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_checks_pass(name: str) -> None:
    got, gold, _ = _seed(name)
    assert all(c["ok"] is not False for c in got["checks"])
    if gold.get("applications"):
        assert len(got["checks"]) >= 30
    else:
        assert got["checks"] == []


def test_seed_001_lost_cells_are_recovered_and_reported() -> None:
    got, _, doc = _seed("001_e1d97810283941a4")
    assert got["applications"]["denied_internal_affairs"] == dict.fromkeys(
        ["natural_person", "commercial", "research", "social_welfare", "legal_services",
         "other_org", "total"], 0)
    assert any("denied_internal_affairs" in w and "lost cells" in w for w in got["warnings"])
    assert doc.warnings == []  # the document is not modified
    # blank review cells are null, not 0
    assert set(got["review_litigation"]["review"].values()) == {None}
    assert got["article20"]["procurement"] == {
        "projects": 1, "amount_wan_yuan": 273.969105, "raw": "2739691.05 元"}
    assert got["article20"]["licensing"]["change"] == -1
    assert got["article20"]["other_services"]["change"] == 4


def test_seed_000_keeps_every_row_of_the_2008_table() -> None:
    got, _, _ = _seed("000_75a8692b8a01330e")
    rows = got["legacy_stats"]
    assert len(rows) == 65
    assert rows[0] == {"key": None, "label": "主动公开情况", "unit": None, "value": None,
                       "raw": None, "path": ""}
    by_label = {r["label"]: r for r in rows}
    assert by_label["属于已主动公开范围数"]["path"] == "三、依申请公开情况 > （三）申请答复数"
    assert by_label["涉及商业秘密"]["path"] == (
        "三、依申请公开情况 > （三）申请答复数 > 4.不同意公开答复数")
    assert by_label["专职人员数"]["unit"] == "人"  # the explanatory parenthesis is not the label
    assert by_label["接受培训人员数"] == {
        "key": "training_people", "label": "接受培训人员数", "unit": "人次", "value": 89,
        "raw": "89", "path": "九、政府信息公开会议和培训情况"}
    assert [r["key"] for r in rows if r["key"]] == [
        "active_total", "active_normative_docs", "requests_received", "requests_concluded",
        "review_total", "litigation_total", "complaints_total", "fees_wan_yuan", "staff_total",
        "training_people"]


def test_seed_002_prose_only_has_no_tables() -> None:
    got, _, _ = _seed("002_9cb620c59d38077c")
    assert got == {"article20": None, "applications": None, "review_litigation": None,
                   "legacy_stats": None, "checks": [], "warnings": []}


@pytest.mark.parametrize(
    ("name", "generation"),
    [("000_75a8692b8a01330e", "2008"), ("001_e1d97810283941a4", "2019"),
     ("002_9cb620c59d38077c", None), ("003_8e4fae53c81d4e1a", "2021"),
     ("004_0dd5e6ada0b74240", "2019")],
)
def test_detect_generation_on_seed_tables(name: str, generation: str | None) -> None:
    from parsers.textgrid import text_to_tables

    text = (SEEDS / f"{name}.txt").read_text(encoding="utf-8")
    assert detect_generation(text_to_tables(text)) == generation


# ---------------------------------------------------------------------------------------
# HTML-shaped grids


Spec = list[list[str | tuple[str, int, int]]]


def expand(spec: Spec, source: str = "html") -> Table:
    """rowspan/colspan expansion as an HTML reader does it: text repeated, origin kept."""
    grid: dict[tuple[int, int], tuple[str, tuple[int, int]]] = {}
    width = 0
    for r, row in enumerate(spec):
        c = 0
        for item in row:
            text, rs, cs = (item, 1, 1) if isinstance(item, str) else item
            while (r, c) in grid:
                c += 1
            for dr in range(rs):
                for dc in range(cs):
                    grid[(r + dr, c + dc)] = (text, (r, c))
            c += cs
            width = max(width, c)
    rows, origin = [], []
    for r in range(len(spec)):
        rows.append([grid.get((r, c), ("", (r, c)))[0] for c in range(width)])
        origin.append([grid.get((r, c), ("", (r, c)))[1] for c in range(width)])
    return Table(rows=rows, origin=origin, source=source)


A20_2019: Spec = [
    [("第二十条第（一）项", 1, 4)],
    ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
    ["规章", "0", "0", "0"],
    ["规范性文件", "2", "2", "15"],
    [("第二十条第（五）项", 1, 4)],
    ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
    ["行政许可", "12", "+3", "1024"],
    ["其他对外管理服务事项", "3", "0", "20"],
    [("第二十条第（六）项", 1, 4)],
    ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
    ["行政处罚", "8", "-2", "56"],
    ["行政强制", "2", "0", "——"],
    [("第二十条第（八）项", 1, 4)],
    ["信息内容", "上一年项目数量", ("本年增/减", 1, 2)],
    ["行政事业性收费", "1", ("0", 1, 2)],
    [("第二十条第（九）项", 1, 4)],
    ["信息内容", "采购项目数量", ("采购总金额", 1, 2)],
    ["政府集中采购", "4", ("35.6", 1, 2)],
]

APPS_HEADER: Spec = [
    [("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3),
     ("申请人情况", 1, 7)],
    [("自然人", 2, 1), ("法人或其他组织", 1, 5), ("总计", 2, 1)],
    ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"],
]


def _apps_2019(rows: dict[str, list[str]]) -> Spec:
    """The 2019 applications matrix, label cells spanning as on the national form."""
    body: Spec = [
        [("一、本年新收政府信息公开申请数量", 1, 3), *rows["new"]],
        [("二、上年结转政府信息公开申请数量", 1, 3), *rows["carried"]],
        [("三、本年度办理结果", 20, 1), ("（一）予以公开", 1, 2), *rows["granted"]],
        [("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 1, 2), *rows["zero"]],
        [("（三）不予公开", 8, 1), "1．属于国家秘密", *rows["zero"]],
        ["2．其他法律行政法规禁止公开", *rows["zero"]],
        ["3．危及“三安全一稳定”", *rows["zero"]],
        ["4．保护第三方合法权益", *rows["third"]],
        ["5．属于三类内部事务信息", *rows["zero"]],
        ["6．属于四类过程性信息", *rows["zero"]],
        ["7．属于行政执法案卷", *rows["zero"]],
        ["8．属于行政查询事项", *rows["zero"]],
        [("（四）无法提供", 3, 1), "1．本机关不掌握相关政府信息", *rows["zero"]],
        ["2．没有现成信息需要另行制作", *rows["zero"]],
        ["3．补正后申请内容仍不明确", *rows["zero"]],
        [("（五）不予处理", 5, 1), "1．信访举报投诉类申请", *rows["zero"]],
        ["2．重复申请", *rows["zero"]],
        ["3．要求提供公开出版物", *rows["zero"]],
        ["4．无正当理由大量反复申请", *rows["zero"]],
        ["5．要求行政机关确认或重新出具已获取信息", *rows["zero"]],
        [("（六）其他处理", 1, 2), *rows["other"]],
        [("（七）总计", 1, 2), *rows["handled"]],
        [("四、结转下年度继续办理", 1, 3), *rows["forward"]],
    ]
    return APPS_HEADER + body


APPS_VALUES = {
    "new": ["5", "1", "0", "0", "0", "0", "6"],
    "carried": ["1", "0", "0", "0", "0", "0", "1"],
    "granted": ["3", "1", "0", "0", "0", "0", "4"],
    "third": ["1", "0", "0", "0", "0", "0", "1"],
    "zero": ["0"] * 7,
    "other": ["1", "0", "0", "0", "0", "0", "1"],
    "handled": ["5", "1", "0", "0", "0", "0", "6"],
    "forward": ["1", "0", "0", "0", "0", "0", "1"],
}

REVIEW: Spec = [
    [("行政复议", 1, 5), ("行政诉讼", 1, 10)],
    [("结果维持", 2, 1), ("结果纠正", 2, 1), ("其他结果", 2, 1), ("尚未审结", 2, 1),
     ("总计", 2, 1), ("未经复议直接起诉", 1, 5), ("复议后起诉", 1, 5)],
    ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2,
    ["1", "0", "0", "1", "2", "0", "1", "0", "0", "1", "", "", "", "", ""],
]


def _html_doc(*specs: Spec) -> Document:
    return Document(text="", tables=[expand(s) for s in specs], source_format="html")


def test_html_2019_tables() -> None:
    doc = _html_doc(A20_2019, _apps_2019(APPS_VALUES), REVIEW)
    got = extract_statistics(doc)
    a20 = got["article20"]
    assert a20["normative_documents"] == {"made": 2, "published": 2, "total_public": 15}
    assert a20["licensing"] == {"previous": 12, "change": 3, "decisions": 1024}
    assert a20["punishment"]["change"] == -2
    assert a20["coercion"] == {"previous": 2, "change": 0, "decisions": None}  # ——
    assert a20["fees"] == {"previous": 1, "change": 0}  # the colspan value counted once
    assert a20["procurement"] == {"projects": 4, "amount_wan_yuan": 35.6, "raw": "35.6"}
    apps = got["applications"]
    assert apps["new_received"] == {"natural_person": 5, "commercial": 1, "research": 0,
                                    "social_welfare": 0, "legal_services": 0, "other_org": 0,
                                    "total": 6}
    assert apps["denied_third_party"]["natural_person"] == 1
    assert apps["other"]["total"] == 1
    assert "other_no_correction" not in apps  # 2019: (六) is one row
    assert got["review_litigation"] == {
        "review": {"upheld": 1, "corrected": 0, "other": 0, "pending": 1, "total": 2},
        "litigation_direct": {"upheld": 0, "corrected": 1, "other": 0, "pending": 0, "total": 1},
        "litigation_after_review": dict.fromkeys(
            ["upheld", "corrected", "other", "pending", "total"]),
    }
    assert got["checks"] and all(c["ok"] for c in got["checks"])
    assert detect_generation(doc.tables) == "2019"


A20_2021: Spec = [
    [("第二十条第（一）项", 1, 4)],
    ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
    ["规章", "0", "0", "0"],
    ["行政规范性文件", "1", "0", "3"],
    [("第二十条第（五）项", 1, 4)],
    ["信息内容", ("本年处理决定数量", 1, 3)],
    ["行政许可", ("12", 1, 3)],
    [("第二十条第（六）项", 1, 4)],
    ["信息内容", ("本年处理决定数量", 1, 3)],
    ["行政处罚", ("5", 1, 3)],
    ["行政强制", ("0", 1, 3)],
    [("第二十条第（八）项", 1, 4)],
    ["信息内容", ("本年收费金额（单位：万元）", 1, 3)],
    ["行政事业性收费", ("1.5", 1, 3)],
]


def test_html_2021_tables_with_the_other_split() -> None:
    apps = _apps_2019(APPS_VALUES)
    six = apps.index([("（六）其他处理", 1, 2), *APPS_VALUES["other"]])
    apps[six:six + 1] = [
        [("（六）其他处理", 3, 1),
         "1．申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
         "1", "0", "0", "0", "0", "0", "1"],
        ["2．申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", *["0"] * 7],
        ["3．其他", *["0"] * 7],
    ]
    apps[3 + 2] = [("三、本年度办理结果", 22, 1), ("（一）予以公开", 1, 2), *APPS_VALUES["granted"]]
    doc = _html_doc(A20_2021, apps, REVIEW)
    got = extract_statistics(doc)
    assert got["article20"] == {
        "rules": {"issued": 0, "repealed": 0, "in_force": 0},
        "normative_documents": {"issued": 1, "repealed": 0, "in_force": 3},
        "licensing": {"decisions": 12},
        "punishment": {"decisions": 5},
        "coercion": {"decisions": 0},
        "fees": {"amount_wan_yuan": 1.5, "raw": "1.5"},
    }
    assert got["applications"]["other_no_correction"]["natural_person"] == 1
    assert got["applications"]["other_no_fee"]["total"] == 0
    assert got["applications"]["other"]["total"] == 0
    assert all(c["ok"] for c in got["checks"]), [c for c in got["checks"] if not c["ok"]]
    assert detect_generation(doc.tables) == "2021"


def test_rows_are_mapped_by_label_not_position() -> None:
    """Rows reordered, one dropped, one renamed; columns found by the header's positions."""
    spec = _apps_2019(APPS_VALUES)
    header, body = spec[:3], spec[3:]
    body = [body[1], body[0], *body[2:]]  # 上年结转 before 本年新收
    body = [r for r in body if r[0] != "6．属于四类过程性信息"]  # dropped
    body = [["2．其他法律法规禁止公开", *r[1:]] if r[0] == "2．其他法律行政法规禁止公开" else r
            for r in body]
    got = extract_statistics(_html_doc(header + body))
    apps = got["applications"]
    assert apps["new_received"]["total"] == 6
    assert apps["carried_over"]["total"] == 1
    assert apps["denied_other_laws"]["total"] == 0
    assert apps["denied_process_info"] == dict.fromkeys(apps["granted"])  # not printed: null


def test_columns_in_a_different_order_follow_the_header() -> None:
    spec: Spec = [
        [("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 1),
         ("总计", 3, 1), ("自然人", 3, 1), ("法人或其他组织", 1, 5)],
        ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"],
        [],
        ["一、本年新收政府信息公开申请数量", "6", "5", "1", "0", "0", "0", "0"],
        ["二、上年结转政府信息公开申请数量", "0", "0", "0", "0", "0", "0", "0"],
    ]
    got = extract_statistics(_html_doc(spec))
    assert got["applications"]["new_received"]["total"] == 6
    assert got["applications"]["new_received"]["natural_person"] == 5
    assert got["applications"]["new_received"]["commercial"] == 1


def test_html_tables_win_over_text_and_text_fills_what_they_lack() -> None:
    text = (SEEDS / "001_e1d97810283941a4.txt").read_text(encoding="utf-8")
    doc = Document(text=text, tables=[expand(A20_2019)], source_format="html")
    got = extract_statistics(doc)
    assert got["article20"]["licensing"]["decisions"] == 1024  # from the HTML grid
    assert got["applications"]["new_received"]["total"] == 0  # from the text
    assert got["review_litigation"]["litigation_direct"]["total"] == 0


# ---------------------------------------------------------------------------------------
# text shapes end to end


def test_pdf_text_with_spaces_instead_of_tabs() -> None:
    text = (
        "三、收到和处理政府信息公开申请情况\n"
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） 申请人情况 总计\n"
        "自然人 法人或其他组织\n"
        "商业企业 科研机构 社会公益组织 法律服务机构 其他\n"
        "一、本年新收政府信息公开申请数量 3 1 0 0 0 0 4\n"
        "二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0\n"
        "三、 本年 度办 理结 果 （一）予以公开 3 1 0 0 0 0 4\n"
        "（七） 总计 3 1 0 0 0 0 4\n"
        "四、结转下年度继续办理 0 0 0 0 0 0\n"
        "\n"
        "四、政府信息公开行政复议、行政诉讼情况\n"
        "行政复议 行政诉讼\n"
        "结果维持 结果纠正 其他结果 尚未审结 总计 未经复议直接起诉 复议后起诉\n"
        "结果维持 结果纠正 其他结果 尚未审结 总计 结果维持 结果纠正 其他结果 尚未审结 总计\n"
        "0 0 0 0 0 1 0 0 0 1 0 0 0 0 0\n"
    )
    doc = Document(text=text)
    got = extract_statistics(doc)
    apps = got["applications"]
    assert apps["new_received"]["commercial"] == 1
    assert apps["granted"]["total"] == 4
    assert apps["carried_forward"]["total"] == 0  # six zeros recovered by the row sum
    assert got["review_litigation"]["litigation_direct"]["upheld"] == 1
    assert got["review_litigation"]["litigation_direct"]["total"] == 1


def test_a_lost_cell_that_is_not_provable_stays_null_with_a_warning() -> None:
    text = (
        "一、本年新收政府信息公开申请数量\t\t2\t0\t0\t0\t0\t0\t2\n"
        "二、上年结转政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0\n"
        "\t5. 属于三类内部事务信息\t2\t0\t0\t0\t0\t2\n"
    )
    got = extract_statistics(Document(text=text))
    row = got["applications"]["denied_internal_affairs"]
    assert row["natural_person"] is None and row["total"] is None
    assert row["research"] == 0  # 0 wherever the lost cell was
    assert any("denied_internal_affairs" in w for w in got["warnings"])


def test_label_broken_over_two_lines_before_its_values() -> None:
    text = (
        "一、本年新收政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0\n"
        "\t（三）不予公开\t4. 保护第三方\t\t\t\t\t\t\t\n"
        "\t合法权益\t1\t0\t0\t0\t0\t0\t1\n"
    )
    got = extract_statistics(Document(text=text))
    assert got["applications"]["denied_third_party"]["total"] == 1


def test_2008_table_as_pipe_text_with_money_in_yuan() -> None:
    text = (
        "| 统计指标 | 单位 | 统计数 |\n"
        "| 一、主动公开情况 | —— | |\n"
        "| （一）主动公开政府信息数 | 条 | 1,203 |\n"
        "| 七、依申请公开信息收取的费用 | 元 | 1500 |\n"
        "| 八、自定义指标 | 个 | ０ |\n"
    )
    rows = extract_statistics(Document(text=text))["legacy_stats"]
    assert rows[1]["key"] == "active_total" and rows[1]["value"] == 1203
    assert rows[2] == {"key": "fees_wan_yuan", "label": "依申请公开信息收取的费用",
                       "unit": "万元", "value": 0.15, "raw": "1500", "path": ""}
    assert rows[3]["key"] is None and rows[3]["value"] == 0


def test_2021_other_group_row_with_a_sum_gives_way_to_its_sub_row() -> None:
    text = (
        "一、本年新收政府信息公开申请数量\t2\t0\t0\t0\t0\t0\t2\n"
        "（六）其他处理\t2\t0\t0\t0\t0\t0\t2\n"
        "\t1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\t1\t0\t0\t0\t0\t0\t1\n"
        "\t2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请\t1\t0\t0\t0\t0\t0\t1\n"
        "\t3.其他\t0\t0\t0\t0\t0\t0\t0\n"
    )
    apps = extract_statistics(Document(text=text))["applications"]
    assert apps["other_no_correction"]["total"] == 1
    assert apps["other_no_fee"]["total"] == 1
    assert apps["other"]["total"] == 0


def test_a_2008_heading_naming_review_and_litigation_stays_in_the_2008_table() -> None:
    text = (
        "统计指标\t单位\t统计数\n"
        "四、行政复议和行政诉讼情况\t——\t\n"
        "（一）行政复议数量\t件\t2\n"
        "（二）行政诉讼数量\t件\t1\n"
    )
    got = extract_statistics(Document(text=text))
    assert got["review_litigation"] is None
    rows = got["legacy_stats"]
    assert [r["key"] for r in rows] == [None, "review_total", "litigation_total"]
    assert rows[2]["path"] == "四、行政复议和行政诉讼情况"


def test_2008_html_table_with_a_serial_column_and_a_category_column() -> None:
    spec: Spec = [
        ["序号", ("统 计 指 标", 1, 2), "单位", "统计数"],
        ["1", ("一、主动公开情况", 2, 1), "（一）主动公开政府信息数", "条", "57"],
        ["2", "其中：主动公开规范性文件数", "条", "3"],
        ["3", ("三、依申请公开情况", 1, 1), "（一）收到申请数", "件", "4"],
    ]
    rows = extract_statistics(_html_doc(spec))["legacy_stats"]
    assert [(r["key"], r["label"], r["value"], r["path"]) for r in rows] == [
        ("active_total", "主动公开政府信息数", 57, "一、主动公开情况"),
        ("active_normative_docs", "其中：主动公开规范性文件数", 3,
         "一、主动公开情况 > （一）主动公开政府信息数"),
        ("requests_received", "收到申请数", 4, "三、依申请公开情况"),
    ]


LAYOUT_PDF = """\
二、主动公开政府信息情况

    规章                 0          0          0
    规范性文件           2          2          9
    行政许可             3         +1         15

三、收到和处理政府信息公开申请情况

                                                     申请人情况
                                                         法人或其他组织
       （本列数据的勾稽关系为：第一项加第二项之和，
                                            自然人   商业   科研   社会公益   法律服务           总计
          等于第三项加第四项之和）                                                        其他
                                                     企业   机构     组织       机构
 一、本年新收政府信息公开申请数量                       5      1      0        0          0       0    6
 二、上年结转政府信息公开申请数量                       0      0      0        0          0       0    0
           （一）予以公开                                3      1      0        0          0       0    4
                （二）部分公开（区分处理的，只计这一情
                                                        1      0      0        0          0       0    1
                形，不计其他情形）
           （七）总计                                    5      1      0        0          0       0    6
 四、结转下年度继续办理                                 0      0      0        0          0       0    0

四、政府信息公开行政复议、行政诉讼情况

         结果     结果     其他     尚未              结果     结果     其他
         维持     纠正     结果     审结     总计     维持     纠正     结果

           0        1        0        0        1        0        0        0        0        0        0        0        0        0        0

五、存在的主要问题及改进情况
"""


def test_pdftotext_layout_with_wrapped_headers_and_a_wrapped_row_label() -> None:
    """Column headers wrapped over lines (商业/企业), a row label wrapped around its values,
    no 第二十条 header and an unreadable review header: labels and the national column
    order still place every printed value."""
    doc = Document(text=LAYOUT_PDF)
    got = extract_statistics(doc)
    assert got["article20"]["licensing"] == {"previous": 3, "change": 1, "decisions": 15}
    apps = got["applications"]
    assert apps["new_received"] == {"natural_person": 5, "commercial": 1, "research": 0,
                                    "social_welfare": 0, "legal_services": 0, "other_org": 0,
                                    "total": 6}
    assert apps["partially_granted"]["natural_person"] == 1
    assert apps["carried_forward"]["total"] == 0
    assert got["review_litigation"]["review"] == {
        "upheld": 0, "corrected": 1, "other": 0, "pending": 0, "total": 1}
    assert all(c["ok"] is not False for c in got["checks"])


def test_article20_header_that_lost_its_second_lines_is_read_by_position() -> None:
    text = (
        "第二十条第(一)项 | | | |\n"
        "信息内容 | 本年新 | 本年新 | 对外公开总数量 |\n"
        "规章 | 1 | 2 | 3 |\n"
        "规范性文件 | 4 | 5 | 6 |\n"
    )
    a20 = extract_statistics(Document(text=text))["article20"]
    assert a20["rules"] == {"made": 1, "published": 2, "total_public": 3}
    assert a20["normative_documents"] == {"made": 4, "published": 5, "total_public": 6}


# ---------------------------------------------------------------------------------------
# more shapes: page breaks, stray cells, grids handed over by document readers


APPLICANTS = ("natural_person", "commercial", "research", "social_welfare", "legal_services",
              "other_org", "total")

def _cells(rows: list[tuple[str, list[int]]], span: int = 3) -> str:
    return "".join(
        f'<tr><td colspan="{span}"><p><span>{label}</span></p></td>'
        + "".join(f"<td><p><span>{v}</span></p></td>" for v in values) + "</tr>"
        for label, values in rows
    )


def test_html_applications_table_split_in_two_by_a_page_break() -> None:
    """Word-exported markup: cells wrapped in <p>/<span>, a label split over two <p>, the
    header over three rows, and the table cut in two <table>s where the page broke (the
    second part has no header and its label column lost the 三、本年度办理结果 span)."""
    from parsers.report import parse_document

    header = (
        '<tr><td colspan="3" rowspan="3"><p><span>（本列数据的勾稽关系为：第一项加第二项之和，'
        '等于第三项加第四项之和）</span></p></td><td colspan="7"><p>申请人情况</p></td></tr>'
        '<tr><td rowspan="2"><p><span>自然人</span></p></td><td colspan="5"><p>法人或其他组织'
        '</p></td><td rowspan="2"><p>总计</p></td></tr>'
        "<tr><td><p>商业</p><p>企业</p></td><td>科研机构</td><td>社会公益组织</td>"
        "<td>法律服务机构</td><td>其他</td></tr>"
    )
    first = header + _cells([
        ("一、本年新收政府信息公开申请数量", [5, 1, 0, 0, 0, 0, 6]),
        ("二、上年结转政府信息公开申请数量", [1, 0, 0, 0, 0, 0, 1]),
    ]) + ('<tr><td rowspan="8"><p>三、本年度办理结果</p></td><td colspan="2"><p>（一）予以公开'
          "</p></td>" + "".join(f"<td>{v}</td>" for v in [3, 1, 0, 0, 0, 0, 4]) + "</tr>")
    second = _cells([
        ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", [1, 0, 0, 0, 0, 0, 1]),
        ("（七）总计", [6, 1, 0, 0, 0, 0, 7]),
        ("四、结转下年度继续办理", [0, 0, 0, 0, 0, 0, 0]),
    ], span=2)
    page = (
        "<html><body><h1>某县人民政府2022年政府信息公开工作年度报告</h1>"
        f"<p>三、收到和处理政府信息公开申请情况</p><table>{first}</table><p>- 3 -</p>"
        f"<table>{second}</table><p>四、政府信息公开行政复议、行政诉讼情况</p></body></html>"
    )
    apps = parse_document(page.encode())["applications"]
    assert apps["new_received"] == dict(zip(APPLICANTS, [5, 1, 0, 0, 0, 0, 6], strict=True))
    assert apps["granted"]["total"] == 4
    assert apps["partially_granted"]["natural_person"] == 1
    assert apps["total_handled"] == dict(zip(APPLICANTS, [6, 1, 0, 0, 0, 0, 7], strict=True))
    assert apps["carried_forward"]["total"] == 0


PAGE_BREAK_TSV = """三、收到和处理政府信息公开申请情况
（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t\t申请人情况\t\t\t\t\t\t\t
\t\t自然人\t法人或其他组织\t\t\t\t\t总计
\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t
一、本年新收政府信息公开申请数量\t\t12\t2\t0\t0\t1\t0\t15
二、上年结转政府信息公开申请数量\t\t1\t0\t0\t0\t0\t0\t1
三、本年度办理结果\t（一）予以公开\t6\t1\t0\t0\t0\t0\t7

- 4 -

\t（三）不予公开\t1．属于国家秘密\t0\t0\t0\t0\t0\t0\t0
\t（七）总计\t\t12\t2\t0\t0\t1\t0\t15
四、结转下年度继续办理\t\t\t1\t0\t0\t0\t0\t0\t1

四、政府信息公开行政复议、行政诉讼情况
"""


def test_pdf_text_table_continued_after_a_page_footer() -> None:
    """A PDF page break leaves the footer ("- 4 -") between two runs of rows; the rows after
    it still belong to the table whose header came before it."""
    apps = extract_statistics(Document(text=PAGE_BREAK_TSV))["applications"]
    assert apps["new_received"]["legal_services"] == 1
    assert apps["denied_state_secret"] == dict.fromkeys(APPLICANTS, 0)
    assert apps["total_handled"]["total"] == 15
    assert apps["carried_forward"] == dict(zip(APPLICANTS, [1, 0, 0, 0, 0, 0, 1], strict=True))


def test_a_page_number_glued_to_a_cell_a_line_row_is_singled_out_by_the_sums() -> None:
    lines = ["三、收到和处理政府信息公开申请情况", "申请人情况", "自然人", "商业企业", "科研机构",
             "社会公益组织", "法律服务机构", "其他", "总计",
             "一、本年新收政府信息公开申请数量", "3", "0", "0", "0", "0", "0", "3",
             "二、上年结转政府信息公开申请数量", "0", "0", "0", "0", "0", "0", "0", "5",
             "三、本年度办理结果", "（一）予以公开", "2", "0", "0", "0", "0", "0", "2"]
    result = extract_statistics(Document(text="\n".join(lines) + "\n"))
    assert result["applications"]["carried_over"] == dict.fromkeys(APPLICANTS, 0)
    assert result["applications"]["granted"]["total"] == 2
    assert any("more cells than columns" in w for w in result["warnings"])


def test_grid_from_a_document_reader_with_rows_of_null_marks() -> None:
    """A PDF/XLS reader hands over a real grid (positions trusted); a row printed with a
    null mark only (行政强制 | ——) is that item with a null value, not a missing item."""
    rows = [
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", "0", "0", "0"],
        ["行政规范性文件", "3", "1", "20"],
        ["信息内容", "本年处理决定数量", "", ""],
        ["行政许可", "1,024", "", ""],
        ["行政处罚", "56", "", ""],
        ["行政强制", "——", "", ""],
        ["信息内容", "本年收费金额（单位：万元）", "", ""],
        ["行政事业性收费", "10.78", "", ""],
    ]
    origin = [[(r, c) for c in range(4)] for r in range(len(rows))]
    for source in ("pdf", "xls"):
        doc = Document(text="", tables=[Table(rows=rows, origin=origin, source=source)],
                       source_format=source)
        result = extract_statistics(doc)
        a20 = result["article20"]
        assert a20["normative_documents"] == {"issued": 3, "repealed": 1, "in_force": 20}
        assert a20["licensing"] == {"decisions": 1024}
        assert a20["coercion"] == {"decisions": None}
        assert a20["fees"]["amount_wan_yuan"] == 10.78
        assert not any("coercion" in w for w in result["warnings"])


def test_one_cell_a_paragraph_with_padded_values_and_money_in_yuan() -> None:
    """A page converted one cell per paragraph (055, 058): blank lines between cells,
    header cells broken over two lines (本年新 / 制作数量), values padded with spaces, the
    procurement amount printed in 元."""
    cells = [
        "第二十条第(一)项", "信息内容", "本年新\n制作数量", "本年新\n公开数量", "对外公开总数量",
        "规章", "  0", " 0", "0", "规范性文件", "64", "24", "24 ",
        "第二十条第(五)项", "信息内容", "上一年项目数量", "本年增/减", "处理决定数量",
        "行政许可", " 3", "-1", "12",
        "第二十条第(九)项", "信息内容", "采购项目数量", "采购总金额",
        "政府集中采购", "2", "70487元",
    ]
    text = "二、主动公开政府信息情况\n\n" + "\n\n".join(cells) + "\n\n三、收到和处理政府信息公开申请情况\n"
    a20 = extract_statistics(Document(text=text))["article20"]
    assert a20["rules"] == {"made": 0, "published": 0, "total_public": 0}
    assert a20["normative_documents"] == {"made": 64, "published": 24, "total_public": 24}
    assert a20["licensing"] == {"previous": 3, "change": -1, "decisions": 12}
    assert a20["procurement"]["projects"] == 2
    assert a20["procurement"]["amount_wan_yuan"] == 7.0487


def test_pdf_review_table_with_a_vertical_header_and_a_sentence_above_its_row() -> None:
    """088 (a PDF page as text): the review header printed one character a line, and a
    sentence with a year ("2020 年,我单位…") between the heading and the table; the fifteen
    0s are still the data row."""
    path = SEEDS.parent / "reports" / "088_pdf_shenji_2020_page9" / "input.txt"
    review = extract_statistics(Document(text=path.read_text(encoding="utf-8")))
    zeros = dict.fromkeys(("upheld", "corrected", "other", "pending", "total"), 0)
    assert review["review_litigation"] == {
        "review": zeros, "litigation_direct": zeros, "litigation_after_review": zeros
    }


LONE_ROW_PAGE = [
    "三、收到和处理政府信息公开申请情况",
    "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) | 申请人情况 | ||",
    "自然人 | 法人或其他组织 | 总计 | |",
    "商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | |",
    "一、本年新收政府信息公开申请数量 | 2 | 1 | 0 | 0 | 0 | 0 | 3 | ||",
    "二、上年结转政府信息",
]


def test_a_lone_applications_row_under_a_read_header() -> None:
    """117: the stored copy stops after row 一 of the applications table; under its header
    the one full row is kept, the rows not printed stay null; headless, it is dropped."""
    apps = extract_statistics(Document(text="\n".join(LONE_ROW_PAGE)))["applications"]
    assert list(apps["new_received"].values()) == [2, 1, 0, 0, 0, 0, 3]
    assert set(apps["carried_over"].values()) == {None}
    headless = extract_statistics(Document(text="\n".join(LONE_ROW_PAGE[4:])))
    assert headless["applications"] is None
