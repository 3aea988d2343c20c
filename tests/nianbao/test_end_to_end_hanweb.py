"""A crawl of S2, the Hanweb JCMS site, from its home page: jpage datastore, POSTed proxy.

The crawl runs in a subprocess through the real `nianbao` command; the simulated web runs in
this process on free ports (as in test_end_to_end.py).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
import sqlite_utils

from simweb.server import running
from tests.nianbao.helpers import run_nianbao as nianbao

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    db_path = tmp_path_factory.mktemp("crawl") / "archive.db"
    with running() as web:
        home = web.base_url("hanweb") + "/"
        result = nianbao("crawl", "--url", home, "--allow-private", "--local", "--db", db_path)
        manifest = web.manifest("hanweb")
        log = [e for e in web.log.entries if e[0] == "hanweb"]
    print(result.stderr[-3000:])
    assert result.returncode == 0, result.stderr[-3000:]
    return sqlite_utils.Database(db_path), manifest, log


def test_exactly_the_manifest_reports(crawled):
    db, manifest, _ = crawled
    found = {row["source_url"] for row in db["reports"].rows}
    expected = {report["url"] for report in manifest["reports"]}
    assert len(expected) >= 50
    assert found == expected, (sorted(found - expected), sorted(expected - found))


def test_exactly_the_manifest_attachments(crawled):
    """downfile.jsp files: the type is only in the query, the name in Content-Disposition."""
    import json
    from urllib.parse import unquote

    db, manifest, _ = crawled
    rows = list(db["captures"].rows_where("role = 'attachment'"))
    found = {(r["url"], r["sha256"], r["referer"]) for r in rows}
    expected = {(a["url"], a["sha256"], a["report"]) for a in manifest["attachments"]}
    assert len(expected) == 10
    assert found == expected
    names = {a["url"]: a["content_disposition_filename"] for a in manifest["attachments"]}
    for row in rows:
        disposition = json.loads(row["headers"])["Content-Disposition"]
        assert unquote(disposition.split("filename*=UTF-8''")[1]) == names[row["url"]]


def test_report_years_match_the_manifest(crawled):
    db, manifest, _ = crawled
    rows = {row["source_url"]: row for row in db["reports"].rows}
    wrong = [
        (r["url"], rows[r["url"]]["year"], r["year"])
        for r in manifest["reports"]
        if str(rows[r["url"]]["year"]) != str(r["year"])
    ]
    assert not wrong


def test_distractors_are_captured_but_not_reports(crawled):
    db, manifest, _ = crawled
    captured = {row["url"] for row in db["captures"].rows_where("role = 'detail'")}
    in_column = {d["url"] for d in manifest["distractors"] if d["column"] == "政府信息公开年报"}
    assert len(in_column) == 2
    assert in_column <= captured
    assert not {d["url"] for d in manifest["distractors"]} & {
        row["source_url"] for row in db["reports"].rows
    }


def test_the_report_listed_in_both_columns_is_one_report(crawled):
    db, manifest, _ = crawled
    [duplicate] = [t["url"] for t in manifest["traps"] if t["kind"] == "duplicate"]
    assert (
        db.execute("select count(*) from reports where source_url = ?", [duplicate]).fetchone()[0]
        == 1
    )
    fetched = db.execute("select count(*) from captures where url = ?", [duplicate]).fetchone()[0]
    assert fetched == 1


def test_the_proxy_was_posted_for_the_remaining_records(crawled):
    db, manifest, log = crawled
    expected = {p for column in manifest["columns"] for p in column["proxy"]}
    assert len(expected) == 2  # 46-90 on the 年报 column, 7-12 on 部门年报 (other path)
    posted = {
        url
        for url, method in db.execute("select url, method from captures where role = 'list'")
        if method == "POST"
    }
    assert posted == expected
    served = {(method, urlsplit(path).path) for _, method, path, status in log if status == 200}
    assert ("POST", "/module/web/jpage/dataproxy.jsp") in served
    assert ("POST", "/module/jpage/dataproxy.jsp") in served
    assert not any(method == "GET" and "dataproxy" in path for _, method, path, _ in log)


def test_nothing_is_fetched_twice_or_needlessly(crawled):
    db, _, log = crawled
    captures = list(db["captures"].rows)
    assert len(captures) == len({c["url"] for c in captures})
    assert {c["role"] for c in captures} >= {"home", "section", "column", "list", "detail"}
    print(f"requests served: {len(log)}, pages captured: {len(captures)}")
    assert len(log) <= len(captures) + 1  # robots.txt (404 on this site)
    assert not any(status >= 400 for _, _, path, status in log if path != "/robots.txt")
