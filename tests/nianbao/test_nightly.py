"""Nightly runs on the simulated web: first night, second night, an unchanged third night.

The real `nianbao nightly` command runs in a subprocess (the Twisted reactor runs once per
process); the simulated web runs here, restarted on the same ports between nights so the
report URLs stay the same, with the second-night switch on for nights two and three.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from archive.warc import check_files, read_capture, warc_files
from simweb.server import running
from tests.nianbao.helpers import run_nianbao as nianbao

pytestmark = pytest.mark.e2e


NIGHT_SITES = ("trs", "hanweb")  # the sites whose second night lists new/edited/removed URLs


def run_night(db_path: Path, ports: dict | None, **options) -> dict:
    """One `nianbao nightly` over S1 and S2, whose second night these tests check; what it
    did and what the web saw."""
    with running(ports, **options) as web:
        homes = [web.base_url(name) + "/" for name in NIGHT_SITES]
        args = [a for home in homes for a in ("--url", home)]
        result = nianbao("nightly", *args, "--allow-private", "--local", "--db", db_path)
        return {
            "result": result,
            "ports": {n: web._servers[n].server_address[1] for n in web.sites},
            "manifests": {name: web.manifest(name) for name in NIGHT_SITES},
            "requests": web.log.count(),
            "bytes": web.log.bytes_sent(),
            "log": list(web.log.entries),
            "warc_check": check_files(warc_files(db_path.parent / "warc")),
        }


@pytest.fixture(scope="module")
def nights(tmp_path_factory):
    db_path = tmp_path_factory.mktemp("nightly") / "archive.db"
    first = run_night(db_path, None)
    second = run_night(db_path, first["ports"], second_night=True)
    third = run_night(db_path, first["ports"], second_night=True)
    for night in (first, second, third):
        assert night["result"].returncode == 0, night["result"].stderr[-3000:]
    return db_path, first, second, third


def report_urls(manifests: dict) -> set[str]:
    return {r["url"] for m in manifests.values() for r in m["reports"]}


def changes(manifests: dict, kind: str) -> set[str]:
    return {url for m in manifests.values() for url in m["second_night"][kind]}


def runs(db_path: Path) -> list[dict]:
    return list(sqlite_utils.Database(db_path).query("select * from crawl_runs order by id"))


def test_first_night_archives_exactly_the_manifest(nights):
    db_path, first, *_ = nights
    run = runs(db_path)[0]
    expected = report_urls(first["manifests"])
    assert (run["kind"], run["status"], run["reports_new"]) == ("nightly", "ok", len(expected))
    db = sqlite_utils.Database(db_path)
    # the reports whose first revision was read from the first night's captures
    assert {
        r["source_url"]
        for r in db.query(
            "select r.source_url from reports r join revisions v on v.report_id = r.id"
            " where v.revision = 1 and v.capture_id in (select id from captures where run_id = 1)"
        )
    } == expected


def test_second_night_finds_exactly_the_new_changed_and_removed_reports(nights):
    db_path, _, second, _ = nights
    manifests = second["manifests"]
    new, edited, removed = (changes(manifests, k) for k in ("new", "edited", "removed"))
    assert new and edited and removed
    run = runs(db_path)[1]
    counts = (run["reports_new"], run["reports_changed"], run["reports_removed"])
    assert counts == (len(new), len(edited), len(removed))
    db = sqlite_utils.Database(db_path)
    reports = {r["source_url"]: r for r in db["reports"].rows}
    current = {url for url, r in reports.items() if r["status"] == "current"}
    assert current == report_urls(manifests)  # the second-night manifest, exactly
    assert {url for url, r in reports.items() if r["status"] == "removed"} == removed
    assert all(reports[url]["removed_on"] for url in removed)
    assert {url for url, r in reports.items() if r["revision"] == 2} == edited
    assert {
        url for url, r in reports.items() if r["first_seen"] > runs(db_path)[0]["finished"]
    } == new
    # metadata of every current report matches the second-night manifest (the edit's date)
    for m in manifests.values():
        for expected in m["reports"]:
            row = reports[expected["url"]]
            assert (row["agency"], row["year"], row["published"]) == (
                expected["agency"],
                expected["year"],
                expected["published"],
            )


def test_every_earlier_revision_is_kept_with_what_changed(nights):
    db_path, *_ = nights
    db = sqlite_utils.Database(db_path)
    assert db["revisions"].count == db["reports"].count + 1
    (report,) = db.query("select * from reports where revision = 2")
    first, second = db.query(
        "select * from revisions where report_id = ? order by revision", [report["id"]]
    )
    assert json.loads(first["changes"]) == [] and first["summary"] == "first capture"
    changed = json.loads(second["changes"])
    cells = [c for c in changed if c["what"] == "cell"]
    assert [(c["old"], c["new"]) for c in cells] == [(1689, 1698)]
    assert cells[0]["key"] == "article20/licensing/decisions"  # 行政许可 本年处理决定数量
    published = next(c for c in changed if c["what"] == "published")
    assert (published["old"], published["new"]) == ("2024-01-24", "2026-01-23")
    assert second["summary"].startswith("1 cell changed; published 2024-01-24 → 2026-01-23")
    # the child tables hold the current revision; both revisions' bytes are in the WARC
    value = db.execute(
        "select value from article20 where report_id = ? and value = 1698", [report["id"]]
    ).fetchone()
    assert value is not None
    warc = db_path.parent / "warc"
    old, new = (read_capture(db, warc, r["capture_id"]).body for r in (first, second))
    assert b">1689<" in old and b">1698<" in new
    assert report["capture_id"] == second["capture_id"]
    # removed reports keep their rows and statistics
    removed = [r["id"] for r in db.query("select id from reports where status = 'removed'")]
    kept = db.execute(
        f"select count(distinct report_id) from sections where report_id in"
        f" ({','.join('?' * len(removed))})",
        removed,
    ).fetchone()[0]
    assert kept == len(removed)


def test_removals_are_evidenced_by_a_capture(nights):
    db_path, _, second, _ = nights
    db = sqlite_utils.Database(db_path)
    for url in changes(second["manifests"], "removed"):
        (evidence,) = db.query(
            "select status, length from captures where url = ? and run_id = 2", [url]
        )
        assert evidence["status"] in (200, 404)  # the soft-404 page, or the hard 404


def test_warc_files_validate_after_every_night(nights):
    _, *all_nights = nights
    assert [n["warc_check"] for n in all_nights] == [0, 0, 0]


def test_the_published_file_is_a_checked_copy(nights):
    db_path, *_ = nights
    published = db_path.parent / "public" / db_path.name
    assert published.exists() and not Path(str(published) + "-wal").exists()
    conn = sqlite3.connect(f"file:{published}?mode=ro", uri=True)
    assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    assert conn.execute("pragma journal_mode").fetchone()[0] == "delete"
    staging = sqlite_utils.Database(db_path)
    for table in ("reports", "revisions", "article20", "applications"):
        count = conn.execute(f"select count(*) from {table}").fetchone()[0]
        assert count == staging[table].count
    statuses = [r[0] for r in conn.execute("select status from crawl_runs order by id")]
    assert statuses == ["ok", "ok", "ok"]


def test_an_unchanged_night_revalidates_and_fetches_no_known_report(nights):
    db_path, first, _, third = nights
    run = runs(db_path)[2]
    assert (run["reports_new"], run["reports_changed"], run["reports_removed"]) == (0, 0, 0)
    assert run["not_modified"] > 0
    requested = {path.split("?")[0] for _, method, path, _ in third["log"] if method == "GET"}
    known = {u.split("/", 3)[3] for u in report_urls(third["manifests"])}
    assert not {"/" + k for k in known} & requested
    print(
        f"first night {first['requests']} requests {first['bytes']} bytes; "
        f"unchanged night {third['requests']} requests {third['bytes']} bytes"
    )
    assert third["requests"] <= 0.2 * first["requests"]
    assert third["bytes"] <= 0.05 * first["bytes"]
    db = sqlite_utils.Database(db_path)
    assert db["revisions"].count == db["reports"].count + 1  # nothing new from a 304
