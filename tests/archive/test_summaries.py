"""The per province and year summary tables against sums over every statistics cell, and
the charts and canned query that read them, through Datasette (issue 7)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from urllib.parse import urlencode

import pytest
from datasette_dashboards import replace_opts_in_query

from archive.db import open_db
from archive.publish import DASHBOARDS_PLUGIN, load_metadata
from archive.summaries import APPLICATIONS, OUTCOMES, refresh_summaries
from tests.archive.helpers import build_publish_archive
from tests.archive.test_publish import fetch


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    return build_publish_archive(tmp_path_factory.mktemp("sum") / "nianbao.db")


def _outcome(row: str) -> str:
    """The outcome group of a table-三 row, written out independently of the SQL."""
    exact = {"granted": "1 予以公开", "partially_granted": "2 部分公开"}
    prefixes = {"denied": "3 不予公开", "unable": "4 无法提供", "not_processed": "5 不予处理"}
    if row in exact:
        return exact[row]
    return next((g for p, g in prefixes.items() if row.startswith(p)), "6 其他处理")


def expected_sums(path: Path) -> tuple[dict, dict]:
    """Both summaries recomputed in Python from the rows of `reports` and its cells."""
    db = open_db(path)
    current = {
        r["id"]: (r["province"], r["year"])
        for r in db.query("select id, province, year, status from reports")
        if r["status"] != "removed" and r["year"] is not None
    }
    received: dict = defaultdict(lambda: [0, 0.0])
    outcomes: dict = defaultdict(float)
    for cell in db["applications"].rows_where("[column] = 'total'"):
        key = current.get(cell["report_id"])
        if key is None:
            continue
        if cell["row"] == "new_received":
            received[key][0] += 1
            received[key][1] += cell["value"]
        elif cell["row"] not in ("carried_over", "total_handled", "carried_forward"):
            outcomes[(*key, _outcome(cell["row"]))] += cell["value"]
    for stat in db["legacy_stats"].rows_where("key = 'requests_received'"):
        key = current.get(stat["report_id"])
        if key is not None:
            received[key][0] += 1
            received[key][1] += stat["value"]
    db.close()
    return {k: tuple(v) for k, v in received.items()}, dict(outcomes)


def stored_sums(path: Path) -> tuple[dict, dict]:
    db = open_db(path)
    received = {
        (r["province"], r["year"]): (r["reports"], r["new_received"]) for r in db[APPLICATIONS].rows
    }
    outcomes = {
        (r["province"], r["year"], r["outcome"]): r["applications"] for r in db[OUTCOMES].rows
    }
    db.close()
    return received, outcomes


def test_summaries_equal_the_sums_over_every_cell(archive):
    received, outcomes = stored_sums(archive)
    assert (received, outcomes) == expected_sums(archive)
    # the seeds and the education report: 浙江省 2020 holds two reports, 2 + 5 applications
    assert received[("浙江省", 2020)] == (2, 7.0)
    assert outcomes  # the seeds print their 三 tables


def test_summaries_follow_a_removal_and_a_legacy_count(tmp_path):
    path = build_publish_archive(tmp_path / "nianbao.db")
    db = open_db(path)
    report = next(
        db.query(
            "select id, province, year from reports where province = '浙江省' and year = 2020 and status != 'removed' limit 1"
        )
    )
    db["reports"].update(report["id"], {"status": "removed"})
    db["legacy_stats"].insert(
        {"report_id": report["id"], "seq": 999, "key": "requests_received", "value": 4.0}
    )
    other = next(
        db.query(
            "select id from reports where status != 'removed' and id != ? limit 1", [report["id"]]
        )
    )
    db["legacy_stats"].insert(
        {"report_id": other["id"], "seq": 999, "key": "requests_received", "value": 3.0}
    )
    refresh_summaries(db)
    db.close()
    assert stored_sums(path) == expected_sums(path)


def _chart_url(path: Path, chart: str, **options: str) -> str:
    charts = load_metadata(path.stem)["plugins"][DASHBOARDS_PLUGIN]["applications"]["charts"]
    sql = replace_opts_in_query(charts[chart]["query"], options)
    return f"/{path.stem}.json?" + urlencode({"sql": sql, **options, "_shape": "array"})


def test_charts_and_canned_query_read_the_summaries(archive):
    received, outcomes = expected_sums(archive)
    trend, trend_zj, mix, mix_2020, by_province = (
        r.json()
        for r in fetch(
            archive,
            _chart_url(archive, "trend"),
            _chart_url(archive, "trend", province="浙江省"),
            _chart_url(archive, "outcomes"),
            _chart_url(archive, "outcomes", year="2020"),
            "/nianbao/applications_by_province_year.json?_shape=array",
        )
    )
    per_year: dict = defaultdict(lambda: [0, 0.0])
    for (_, year), (n, total) in received.items():
        per_year[year][0] += n
        per_year[year][1] += total
    assert {r["year"]: (r["reports"], r["new_received"]) for r in trend} == {
        y: tuple(v) for y, v in per_year.items()
    }
    assert {r["year"]: r["new_received"] for r in trend_zj} == {
        y: t for (p, y), (_, t) in received.items() if p == "浙江省"
    }
    mix_all: dict = defaultdict(float)
    for (province, _, outcome), value in outcomes.items():
        if province is not None:
            mix_all[(province, outcome)] += value
    assert {(r["province"], r["outcome"]): r["applications"] for r in mix} == dict(mix_all)
    assert {(r["province"], r["outcome"]): r["applications"] for r in mix_2020} == {
        (p, o): v for (p, y, o), v in outcomes.items() if y == 2020 and p is not None
    }
    assert {
        (r["province"], r["year"]): (r["reports"], r["new_received"]) for r in by_province
    } == received
