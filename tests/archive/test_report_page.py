"""The report page (issue 7 item 3): the row page of `reports` shows the report's metadata,
its statistics tables laid out as the national forms print them and its checks, all escaped."""

from __future__ import annotations

import asyncio
import copy
import re
from html import unescape
from pathlib import Path

import pytest
from datasette.utils import tilde_encode

from archive.db import open_db
from archive.process import report_id, save_report
from archive.publish import (
    datasette_command,
    public_datasette,
    templates_dir,
)
from parsers.report import parse_file
from tests.archive.helpers import capture_row as _capture

SEEDS = Path(__file__).parent.parent / "fixtures" / "seeds"
SEED_URL = "http://example.gov.cn/seed/004.html"
EVIL_URL = "http://evil.example.gov.cn/nb/2020.html"
EVIL_TITLE = '<script>alert("x")</script>某局2020年政府信息公开工作年度报告'
EVIL_SOURCE = "javascript:alert(1)"


def _seed(prefix: str) -> dict:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return parse_file(path)


def _build(path: Path) -> None:
    db = open_db(path)
    save_report(db, _capture(SEED_URL, 1), _seed("004"))
    evil = copy.deepcopy(_seed("004"))
    evil["title"] = EVIL_TITLE
    evil["agency"] = "<b>某局</b>"
    evil["checks"] = [
        {"name": "applications.balance.<i>total</i>", "expected": 5, "actual": 6, "ok": False},
        {"name": "applications.row_total.new_received", "expected": 2, "actual": 2, "ok": True},
    ]
    save_report(db, _capture(EVIL_URL, 2), evil)
    db["reports"].update(report_id(EVIL_URL), {"source_url": EVIL_SOURCE})
    # the seed report was edited on its site once: two revisions (schema contract)
    seed = report_id(SEED_URL)
    db["reports"].update(seed, {"capture_id": 41, "revision": 2})
    db["revisions"].insert_all(
        [
            {"report_id": seed, "revision": 1, "capture_id": 40, "changes": "[]",
             "fetched_at": "2024-01-20T08:00:00Z", "published": "2024-01-19"},
            {"report_id": seed, "revision": 2, "capture_id": 41,
             "fetched_at": "2024-02-03T08:00:00Z", "published": "2024-02-02",
             "summary": "3 cells changed; published 2024-01-19 → 2024-02-02 <b>",
             "changes": '[{"what": "published", "key": null, "old": "2024-01-19", "new": "2024-02-02"}]'},
        ]
    )  # fmt: skip
    db.close()


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("page") / "nianbao.db"
    _build(path)
    return path


@pytest.fixture(scope="module")
def other_name(tmp_path_factory) -> Path:
    """The same reports in a file not named nianbao.db: the generic row.html serves them."""
    path = tmp_path_factory.mktemp("page") / "snapshot-2025.db"
    _build(path)
    return path


def page(path: Path, url: str):
    ds = public_datasette(path)

    async def run():
        return await ds.client.get(url)

    return asyncio.run(run())


def report_html(path: Path, url: str) -> str:
    response = page(path, f"/{path.stem}/reports/{report_id(url)}")
    assert response.status_code == 200, response.text[:1000]
    return response.text


def cell(html: str, **attrs: str) -> str:
    """The text of the one <td> carrying these data- attributes."""
    pattern = "".join(f'(?=[^>]*data-{k}="{re.escape(v)}")' for k, v in attrs.items())
    found = re.findall(rf"<td{pattern}[^>]*>(.*?)</td>", html, re.S)
    assert len(found) == 1, (attrs, found)
    return unescape(found[0]).strip()


def test_seed_report_page_lays_out_the_forms(archive):
    html = report_html(archive, SEED_URL)
    for label in (
        "一、本年新收政府信息公开申请数量",
        "二、上年结转政府信息公开申请数量",
        "三、本年度办理结果",
        "（三）不予公开",
        "1．属于国家秘密",
        "（七）总计",
        "四、结转下年度继续办理",
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "法人或其他组织",
        "第二十条第（一）项",
        "规范性文件",
        "政府集中采购",
        "结果维持",
        "未经复议直接起诉",
        "复议后起诉",
        "宁波市鄞州区司法局",
    ):
        assert label in html, label
    assert cell(html, row="new_received", column="natural_person") == "2"
    assert cell(html, row="new_received", column="total") == "2"
    assert cell(html, row="new_received", column="commercial") == "0"
    assert cell(html, row="carried_over", column="natural_person") == "0"
    assert cell(html, item="normative_documents", column="made") == "3"
    assert cell(html, item="rules", column="made") == "0"
    assert cell(html, grp="review", column="total") == "0"
    # the rows follow the form's order
    assert html.index("一、本年新收") < html.index("（一）予以公开") < html.index("四、结转下年度")
    # the 2019 form has no 2021-only rows
    assert 'data-row="other_no_fee"' not in html


def test_cells_match_the_database(archive):
    html = report_html(archive, SEED_URL)
    db = open_db(archive)
    rid = report_id(SEED_URL)
    rows = list(db.query("select * from applications where report_id = ?", [rid]))
    db.close()
    assert rows
    for r in rows:
        value = r["value"]
        shown = "" if value is None else str(int(value)) if value == int(value) else str(value)
        assert cell(html, row=r["row"], column=r["column"]) == shown


def test_crawled_content_is_escaped(archive):
    html = report_html(archive, EVIL_URL)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(" in html
    assert "<b>某局</b>" not in html and "&lt;b&gt;某局&lt;/b&gt;" in html
    assert "<i>total</i>" not in html
    assert 'href="javascript:' not in html


def test_failed_checks_are_highlighted(archive):
    html = report_html(archive, EVIL_URL)
    failed = re.findall(r'<tr class="check-failed" data-check="([^"]*)"', html)
    ok = re.findall(r'<tr class="check-ok" data-check="([^"]*)"', html)
    assert [unescape(f) for f in failed] == ["applications.balance.<i>total</i>"]
    assert ok == ["applications.row_total.new_received"]
    assert "1 项未通过" in html


def test_source_url_is_a_link(archive):
    html = report_html(archive, SEED_URL)
    assert f'<a href="{SEED_URL}"' in html


def test_database_of_another_name_gets_the_report_page(other_name):
    html = report_html(other_name, SEED_URL)
    assert "一、本年新收政府信息公开申请数量" in html
    assert cell(html, row="new_received", column="natural_person") == "2"


def test_other_row_pages_are_datasettes_own(archive):
    response = page(archive, "/nianbao/checks.json?_shape=array&_size=1")
    (first,) = response.json()
    pks = ",".join(tilde_encode(first[k]) for k in ("report_id", "name"))
    response = page(archive, f"/nianbao/checks/{pks}")
    assert response.status_code == 200, response.text[:500]
    assert "本年度办理结果" not in response.text
    assert page(archive, "/nianbao/reports/no-such-report").status_code == 404


def test_command_passes_the_template_dir(archive):
    command = datasette_command(archive, port=9999)
    assert Path(command[command.index("--template-dir") + 1]) == templates_dir()
    assert (templates_dir() / "row-nianbao-reports.html").exists()


def test_2021_form_rows(tmp_path):
    path = tmp_path / "nianbao.db"
    db = open_db(path)
    url = "http://example.gov.cn/nb/2021.html"
    save_report(
        db,
        _capture(url, 3),
        {
            "is_annual_report": True,
            "title": "某局2021年政府信息公开工作年度报告",
            "year": 2021,
            "format": "2021",
            "article20": {"licensing": {"decisions": 7}, "fees": {"amount_wan_yuan": 1.5}},
            "applications": {"other_no_fee": {"commercial": 1, "total": 1}},
        },
    )
    db.close()
    html = report_html(path, url)
    assert "2．申请人逾期未按收费通知要求缴纳费用" in html
    assert "本年处理决定数量" in html and "行政规范性文件" in html
    assert cell(html, row="other_no_fee", column="commercial") == "1"
    assert cell(html, row="other_no_fee", column="natural_person") == ""
    assert cell(html, item="licensing", column="decisions") == "7"
    assert cell(html, item="fees", column="amount_wan_yuan") == "1.5"


def test_revision_history_links_each_archived_original(archive):
    html = report_html(archive, SEED_URL)
    assert "修订历史" in html
    rows = re.findall(r'<tr data-revision="(\d+)"( class="current")?>(.*?)</tr>', html, re.S)
    assert [(r[0], bool(r[1])) for r in rows] == [("2", True), ("1", False)]
    newest, first = rows[0][2], rows[1][2]
    assert "2024-02-03T08:00:00Z" in newest and "2024-02-02" in newest
    assert "3 cells changed; published 2024-01-19 → 2024-02-02 &lt;b&gt;" in newest
    assert '<a href="/-/capture/41">#41</a>' in newest
    assert '<a href="/-/capture/40">#40</a>' in first and "首次抓取" in first
    assert '<a class="archived-original" href="/-/capture/41">' in html


def test_report_without_revisions_or_capture_says_so(archive):
    html = report_html(archive, EVIL_URL)
    assert "没有修订记录" in html
    assert 'class="archived-original"' not in html
