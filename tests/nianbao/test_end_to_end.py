"""The whole flow on the simulated government web: crawl → archive → parse → database.

Crawls run in a subprocess through the real `nianbao` command (the Twisted reactor runs once
per process); the simulated web runs in this process on free ports.
"""

from __future__ import annotations

import subprocess
import sys
from urllib.parse import urlsplit

import pytest
import sqlite_utils

from simweb.server import running
from tests.nianbao.helpers import run_nianbao as nianbao

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """One crawl of the TRS site from its home page, shared by the assertions below."""
    db_path = tmp_path_factory.mktemp("crawl") / "archive.db"
    with running() as web:
        home = web.base_url("trs") + "/"
        result = nianbao("crawl", "--url", home, "--allow-private", "--local", "--db", db_path)
        manifest = web.manifest("trs")
        requests = web.log.count("trs")
    print(result.stderr[-3000:])
    assert result.returncode == 0, result.stderr[-3000:]
    return sqlite_utils.Database(db_path), manifest, requests, result


def test_exactly_the_manifest_reports(crawled):
    db, manifest, _, _ = crawled
    found = {row["source_url"] for row in db["reports"].rows}
    expected = {report["url"] for report in manifest["reports"]}
    assert found == expected, (sorted(found - expected), sorted(expected - found))


def test_report_metadata_matches_the_manifest(crawled):
    db, manifest, _, _ = crawled
    rows = {row["source_url"]: row for row in db["reports"].rows}
    wrong = []
    for report in manifest["reports"]:
        row = rows[report["url"]]
        for key in ("agency", "year", "format", "published"):
            if str(row[key]) != str(report[key]):
                wrong.append((report["url"], key, row[key], report[key]))
    assert not wrong


def test_exactly_the_manifest_attachments(crawled):
    """PDF, DOCX, WPS and XLS files beside the detail pages, the PDF-only report's included."""
    db, manifest, _, _ = crawled
    rows = list(db["captures"].rows_where("role = 'attachment'"))
    found = {(r["url"], r["sha256"], r["referer"], r["status"]) for r in rows}
    expected = {(a["url"], a["sha256"], a["report"], 200) for a in manifest["attachments"]}
    assert len(expected) == 5
    assert found == expected
    types = {r["content_type"].split(";")[0] for r in rows}
    assert types == {
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.ms-excel",
        "application/vnd.ms-works",
    }


def test_distractors_are_captured_but_not_reports(crawled):
    db, manifest, _, _ = crawled
    captured = {row["url"] for row in db["captures"].rows_where("role = 'detail'")}
    # look-alikes listed in the 年报 column itself are fetched; sibling columns are not crawled
    in_column = {d["url"] for d in manifest["distractors"] if d["column"] == "政府信息公开年报"}
    distractors = {d["url"] for d in manifest["distractors"]}
    assert len(in_column) >= 4
    assert in_column <= captured
    assert not (distractors - in_column) & captured
    assert not distractors & {row["source_url"] for row in db["reports"].rows}


def test_every_response_is_archived_with_its_bytes(crawled):
    db, manifest, requests, _ = crawled
    captures = list(db["captures"].rows)
    assert {c["role"] for c in captures} >= {"home", "column", "list", "detail", "attachment"}
    assert all(c["sha256"] and c["fetched_at"] and c["headers"] for c in captures)
    statuses = {c["url"]: c["status"] for c in captures}
    # removed reports leave evidence: the 404 and the soft-delete redirect are archived
    trap_statuses = {t["url"]: t["status"] for t in manifest["traps"]}
    assert {url: statuses.get(url) for url in trap_statuses} == trap_statuses
    # nothing fetched twice, nothing fetched that was not needed
    assert len(captures) == len({c["url"] for c in captures})
    print(f"requests served: {requests}, pages captured: {len(captures)}")
    assert requests <= len(captures) + 2  # robots.txt and the pager script at most


def test_progress_is_visible(crawled):
    *_, result = crawled
    assert "[nianbao] fetched" in result.stderr
    assert "new reports" in result.stderr


def test_demo_builds_the_database_and_exits(tmp_path):
    db_path = tmp_path / "demo.db"
    result = nianbao("demo", "--no-serve", "--db", db_path, "--web-port", 0)
    assert result.returncode == 0, result.stderr[-3000:]
    with running() as web:
        expected = {
            urlsplit(r["url"]).path for name in web.sites for r in web.manifest(name)["reports"]
        }
    db = sqlite_utils.Database(db_path)
    assert {urlsplit(row["source_url"]).path for row in db["reports"].rows} == expected
    assert [row["kind"] for row in db["crawl_runs"].rows] == ["demo"]


def test_reports_are_placed_and_structured(crawled):
    db, *_ = crawled
    rows = list(db["reports"].rows)
    assert all(row["province"] and row["level"] and row["adcode"] for row in rows), [
        (row["agency"], row["province"], row["level"]) for row in rows if not row["adcode"]
    ]
    ningxia = {row["agency"]: row for row in rows}["宁夏回族自治区司法厅"]
    assert (ningxia["level"], ningxia["agency_kind"], ningxia["adcode"]) == (
        "province",
        "department",
        "640000",
    )
    sectioned = db.execute("select count(distinct report_id) from sections").fetchone()[0]
    assert sectioned == len(rows)
    # the 2019/2021 reports carry their statistics cells; their checks hold
    assert db.execute("select count(*) from checks where ok = 0").fetchone()[0] == 0
    assert db.execute("select count(distinct report_id) from applications").fetchone()[0] >= 10


def test_every_capture_has_a_warc_record_and_the_warcs_validate(crawled):
    from pathlib import Path

    from archive.warc import read_capture

    db, *_ = crawled
    db_path = Path(db.execute("pragma database_list").fetchone()[2])
    captures = list(db["captures"].rows)
    assert captures
    assert all(c["warc_file"] and c["warc_record_type"] == "response" for c in captures)
    warcs = sorted((db_path.parent / "warc").glob("*.warc.gz*"))
    assert warcs and all(p.name.endswith(".warc.gz") for p in warcs)  # all closed
    for path in warcs:
        warcio = Path(sys.executable).parent / "warcio"
        check = subprocess.run([warcio, "check", path], capture_output=True)
        assert check.returncode == 0, check.stdout
    result = nianbao("warc-check", "--db", db_path)
    assert result.returncode == 0, result.stderr
    blobs = db_path.parent / "blobs"
    for c in captures:  # the WARC holds the very bytes the parsers read
        stored = read_capture(db, db_path.parent / "warc", c["id"]).body
        assert stored == (blobs / c["blob"]).read_bytes()
    warc_bytes = sum(p.stat().st_size for p in warcs)
    blob_bytes = sum(p.stat().st_size for p in blobs.rglob("*") if p.is_file())
    print(f"WARC {warc_bytes} bytes in {len(warcs)} files; blobs {blob_bytes} bytes")


def test_loopback_is_refused_without_allow_private(tmp_path):
    """The simulated web is on 127.0.0.1: without --allow-private nothing may be fetched."""
    db_path = tmp_path / "refused.db"
    with running() as web:
        result = nianbao("crawl", "--url", web.base_url("trs") + "/", "--local", "--db", db_path)
        served = web.log.count()
    assert result.returncode == 1
    assert served == 0
    db = sqlite_utils.Database(db_path)
    assert db["captures"].count == 0
    assert [row["status"] for row in db["crawl_runs"].rows] == ["failed"]
