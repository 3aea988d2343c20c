"""Datasette plugin: the data of the report page (`archive/templates/_report_page.html`).

On the row page of the `reports` table, `extra_template_vars` reads the report's cells from
article20, applications and review_litigation and its checks, and lays them out as the
national forms print them (表二 第二十条, 表三 申请 matrix, 表四 复议/诉讼). It also reads the
report's revisions, each linked to its archived original (`/-/capture/<capture_id>`, served
by plugins/capture.py), so a reader can see what the site published and when it changed.
The template renders everything with Jinja's autoescaping: nothing crawled is marked safe.
"""

from __future__ import annotations

from collections.abc import Callable

from datasette import hookimpl
from datasette.utils import urlsafe_components

from parsers.canonical import APPLICANT_COLUMNS, REVIEW_GROUPS, REVIEW_RESULTS

TABLE = "reports"

# 表二: (section heading, column labels, [(item, label)], column keys), per format.
_A20_2019 = [
    (
        "第二十条第（一）项",
        ("本年新制作数量", "本年新公开数量", "对外公开总数量"),
        [("rules", "规章"), ("normative_documents", "规范性文件")],
        ("made", "published", "total_public"),
    ),
    (
        "第二十条第（五）项",
        ("上一年项目数量", "本年增/减", "处理决定数量"),
        [("licensing", "行政许可"), ("other_services", "其他对外管理服务事项")],
        ("previous", "change", "decisions"),
    ),
    (
        "第二十条第（六）项",
        ("上一年项目数量", "本年增/减", "处理决定数量"),
        [("punishment", "行政处罚"), ("coercion", "行政强制")],
        ("previous", "change", "decisions"),
    ),
    (
        "第二十条第（八）项",
        ("上一年项目数量", "本年增/减"),
        [("fees", "行政事业性收费")],
        ("previous", "change"),
    ),
    (
        "第二十条第（九）项",
        ("采购项目数量", "采购总金额"),
        [("procurement", "政府集中采购")],
        ("projects", "amount_wan_yuan"),
    ),
]
_A20_2021 = [
    (
        "第二十条第（一）项",
        ("本年制发件数", "本年废止件数", "现行有效件数"),
        [("rules", "规章"), ("normative_documents", "行政规范性文件")],
        ("issued", "repealed", "in_force"),
    ),
    (
        "第二十条第（五）项",
        ("本年处理决定数量",),
        [("licensing", "行政许可")],
        ("decisions",),
    ),
    (
        "第二十条第（六）项",
        ("本年处理决定数量",),
        [("punishment", "行政处罚"), ("coercion", "行政强制")],
        ("decisions",),
    ),
    (
        "第二十条第（八）项",
        ("本年收费金额（单位：万元）",),
        [("fees", "行政事业性收费")],
        ("amount_wan_yuan",),
    ),
]

# 表三: (row key or None for a heading row, label, indent level), per format.
_DENIED = [
    (None, "（三）不予公开", 1),
    ("denied_state_secret", "1．属于国家秘密", 2),
    ("denied_other_laws", "2．其他法律行政法规禁止公开", 2),
    ("denied_security_stability", "3．危及“三安全一稳定”", 2),
    ("denied_third_party", "4．保护第三方合法权益", 2),
    ("denied_internal_affairs", "5．属于三类内部事务信息", 2),
    ("denied_process_info", "6．属于四类过程性信息", 2),
    ("denied_enforcement_files", "7．属于行政执法案卷", 2),
    ("denied_query_matters", "8．属于行政查询事项", 2),
    (None, "（四）无法提供", 1),
    ("unable_not_held", "1．本机关不掌握相关政府信息", 2),
    ("unable_needs_creation", "2．没有现成信息需要另行制作", 2),
    ("unable_unclear", "3．补正后申请内容仍不明确", 2),
    (None, "（五）不予处理", 1),
    ("not_processed_complaint", "1．信访举报投诉类申请", 2),
    ("not_processed_duplicate", "2．重复申请", 2),
    ("not_processed_publication", "3．要求提供公开出版物", 2),
    ("not_processed_excessive", "4．无正当理由大量反复申请", 2),
    ("not_processed_confirmation", "5．要求行政机关确认或重新出具已获取信息", 2),
]
_HEAD = [
    ("new_received", "一、本年新收政府信息公开申请数量", 0),
    ("carried_over", "二、上年结转政府信息公开申请数量", 0),
    (None, "三、本年度办理结果", 0),
    ("granted", "（一）予以公开", 1),
    ("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 1),
]
_TAIL = [
    ("total_handled", "（七）总计", 1),
    ("carried_forward", "四、结转下年度继续办理", 0),
]
_APP_2019 = [*_HEAD, *_DENIED, ("other", "（六）其他处理", 1), *_TAIL]
_APP_2021 = [
    *_HEAD,
    *_DENIED,
    (None, "（六）其他处理", 1),
    (
        "other_no_correction",
        "1．申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        2,
    ),
    (
        "other_no_fee",
        "2．申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        2,
    ),
    ("other", "3．其他", 2),
    *_TAIL,
]

# The report's metadata shown at the top of the page, with their labels.
REPORT_FIELDS = {
    "title": "标题",
    "agency": "机关",
    "province": "省",
    "city": "市",
    "county": "县",
    "level": "层级",
    "year": "年度",
    "format": "格式",
    "published": "发布日期",
    "source_url": "原文链接",
    "document_url": "数据所在文件",
    "first_seen": "首次抓取",
    "last_seen": "最近抓取",
    "status": "状态",
    "removed_on": "撤下日期",
    "revision": "版本",
}
LINK_FIELDS = ("source_url", "document_url")

APPLICANT_LABELS = {
    "natural_person": "自然人",
    "commercial": "商业企业",
    "research": "科研机构",
    "social_welfare": "社会公益组织",
    "legal_services": "法律服务机构",
    "other_org": "其他",
    "total": "总计",
}
REVIEW_GROUP_LABELS = {
    "review": "行政复议",
    "litigation_direct": "未经复议直接起诉",
    "litigation_after_review": "复议后起诉",
}
REVIEW_RESULT_LABELS = {
    "upheld": "结果维持",
    "corrected": "结果纠正",
    "other": "其他结果",
    "pending": "尚未审结",
    "total": "总计",
}


def fmt(value) -> str:
    """12.0 → "12", 3.5 → "3.5", None → ""."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _article20(fmt_name: str | None, cells: dict[tuple[str, str], dict]) -> dict:
    layout = _A20_2021 if fmt_name == "2021" else _A20_2019
    placed = set()
    sections = []
    for heading, column_labels, items, columns in layout:
        rows = []
        for item, label in items:
            values = []
            for column in columns:
                cell = cells.get((item, column))
                placed.add((item, column))
                shown = "" if cell is None else fmt(cell["value"]) or (cell["raw"] or "")
                values.append({"column": column, "value": shown})
            rows.append({"item": item, "label": label, "cells": values})
        sections.append({"heading": heading, "columns": column_labels, "rows": rows})
    other = [
        {"item": item, "column": column, "value": fmt(c["value"]) or (c["raw"] or "")}
        for (item, column), c in sorted(cells.items())
        if (item, column) not in placed
    ]
    return {"sections": sections, "other": other}


def _applications(fmt_name: str | None, cells: dict[tuple[str, str], float]) -> dict:
    layout = _APP_2021 if fmt_name == "2021" else _APP_2019
    rows = []
    placed = set()
    for key, label, level in layout:
        values = []
        if key is not None:
            for column in APPLICANT_COLUMNS:
                placed.add((key, column))
                values.append({"column": column, "value": fmt(cells.get((key, column)))})
        rows.append({"key": key, "label": label, "level": level, "cells": values})
    other = [
        {"row": row, "column": column, "value": fmt(v)}
        for (row, column), v in sorted(cells.items())
        if (row, column) not in placed
    ]
    return {"rows": rows, "other": other}


def _review(cells: dict[tuple[str, str], float]) -> list[dict]:
    return [
        {
            "grp": grp,
            "label": REVIEW_GROUP_LABELS[grp],
            "cells": [
                {"column": c, "label": REVIEW_RESULT_LABELS[c], "value": fmt(cells.get((grp, c)))}
                for c in REVIEW_RESULTS
            ],
        }
        for grp in REVIEW_GROUPS
    ]


def _capture_path(capture_id: int) -> str:
    return f"/-/capture/{capture_id}"


async def report_page(
    db, report_id: str, capture_url: Callable[[int], str] = _capture_path
) -> dict:
    """The report page's variables for the report `report_id` of the database `db`.

    `capture_url` turns a capture id into the link of its archived original (Datasette's
    `urls.path`, so a base_url prefix is kept).
    """
    found = await db.execute("select * from reports where id = ?", [report_id])
    if not found.rows:
        return {}
    report = dict(found.rows[0])
    fmt_name = report.get("format")
    tables = set(await db.table_names())

    async def rows(sql: str, table: str) -> list:
        if table not in tables:
            return []
        return list((await db.execute(sql, [report_id])).rows)

    a20 = {
        (r["item"], r["column"]): {"value": r["value"], "raw": r["raw"]}
        for r in await rows(
            "select item, [column], value, raw from article20 where report_id = ?", "article20"
        )
    }
    apps = {
        (r["row"], r["column"]): r["value"]
        for r in await rows(
            "select [row], [column], value from applications where report_id = ?",
            "applications",
        )
    }
    review = {
        (r["grp"], r["column"]): r["value"]
        for r in await rows(
            "select grp, [column], value from review_litigation where report_id = ?",
            "review_litigation",
        )
    }
    checks = [
        {
            "name": r["name"],
            "expected": fmt(r["expected"]),
            "actual": fmt(r["actual"]),
            "ok": r["ok"],
            "failed": r["ok"] is not None and not r["ok"],
        }
        for r in await rows(
            "select name, expected, actual, ok from checks where report_id = ?"
            " order by ok is not 0, name",
            "checks",
        )
    ]
    revisions = [
        {
            "revision": r["revision"],
            "fetched_at": r["fetched_at"],
            "published": r["published"],
            "summary": r["summary"],
            "capture_id": r["capture_id"],
            "capture_url": capture_url(r["capture_id"]) if r["capture_id"] is not None else None,
            "current": r["revision"] == report.get("revision"),
        }
        for r in await rows(
            "select revision, capture_id, fetched_at, published, summary from revisions"
            " where report_id = ? order by revision desc",
            "revisions",
        )
    ]
    capture_id = report.get("capture_id")
    return {
        "report": {k: report.get(k) for k in REPORT_FIELDS},
        "link_fields": LINK_FIELDS,
        "capture_id": capture_id,
        "capture_url": capture_url(capture_id) if capture_id is not None else None,
        "revisions": revisions,
        "has_cells": bool(a20 or apps or review),
        "article20": _article20(fmt_name, a20),
        "applications": _applications(fmt_name, apps),
        "report_fields": REPORT_FIELDS,
        "applicant_labels": APPLICANT_LABELS,
        "applicant_parts": [APPLICANT_LABELS[c] for c in APPLICANT_COLUMNS[1:-1]],
        "review": _review(review),
        "review_results": [REVIEW_RESULT_LABELS[c] for c in REVIEW_RESULTS],
        "checks": checks,
        "checks_failed": sum(1 for c in checks if c["failed"]),
    }


@hookimpl
def extra_template_vars(template, database, table, view_name, request, datasette):
    if view_name != "row" or table != TABLE or request is None:
        return {}
    pks = request.url_vars.get("pks")
    if not pks:
        return {}

    async def inner():
        components = urlsafe_components(pks)
        if len(components) != 1:
            return {}
        db = datasette.get_database(database)
        page = await report_page(
            db, components[0], lambda cid: datasette.urls.path(f"/-/capture/{int(cid)}")
        )
        return {"report_page": page}

    return inner
