"""One crawl of the whole simulated government web, checked site by site against the manifests.

Every site in simweb/server.py's table is crawled from its start URLs in one `nianbao crawl`
run (a subprocess: the Twisted reactor runs once per process) while the web runs here, so
the request log counts what each host was asked. The slow pages answer after 6 s, longer
than the crawler's local download timeout (3 s), so they are bounded by the timeout.
"""

from __future__ import annotations

import json
from collections import Counter
from urllib.parse import urlsplit

import pytest
import sqlite_utils

from crawler import settings as crawler_settings
from crawler.spiders.discover import MAX_DETAIL_REDIRECTS
from simweb.server import running
from tests.nianbao.helpers import run_nianbao

pytestmark = pytest.mark.e2e

BLOCKED_HOST_MAX_REQUESTS = 5
REQUEST_BUDGET = 1.3  # requests per page that had to be fetched
RETRY_TIMES = crawler_settings.RETRY_TIMES


@pytest.fixture(scope="module")
def web_crawl(tmp_path_factory):
    db_path = tmp_path_factory.mktemp("whole") / "archive.db"
    with running(slow_seconds=6) as web:
        args = ["crawl", "--allow-private", "--local", "--db", db_path]
        for url in web.start_urls():
            args += ["--url", url]
        result = run_nianbao(*args)
        manifests = {name: web.manifest(name) for name in web.sites}
        bases = {name: web.base_url(name) for name in web.sites}
        log = list(web.log.entries)
    print(result.stdout, result.stderr[-2000:])
    assert result.returncode == 0, result.stderr[-3000:]
    return sqlite_utils.Database(db_path), manifests, bases, log


def on(base: str, urls) -> set[str]:
    return {u for u in urls if u.startswith(base + "/")}


def test_every_site_yields_exactly_its_manifest_reports(web_crawl):
    db, manifests, bases, _ = web_crawl
    found = {row["source_url"] for row in db["reports"].rows}
    wrong = {}
    for name, manifest in manifests.items():
        expected = {r["url"] for r in manifest["reports"]}
        got = on(bases[name], found)
        if got != expected:
            wrong[name] = (sorted(got - expected), sorted(expected - got))
    expected_all = {r["url"] for m in manifests.values() for r in m["reports"]}
    print(f"reports: {len(found)} found, {len(expected_all)} in the manifests")
    assert not wrong
    assert found == expected_all


def test_every_site_yields_exactly_its_manifest_attachments(web_crawl):
    """Per site and in total; a file the page lists but the server lacks is its 404."""
    db, manifests, bases, _ = web_crawl
    rows = list(db["captures"].rows_where("role = 'attachment'"))

    def key(url: str, status: int, sha256: str | None) -> tuple:
        return (url, status, sha256 if status == 200 else None)

    got = {key(r["url"], r["status"], r["sha256"]) for r in rows}
    wrong = {}
    for name, manifest in manifests.items():
        expected = {
            key(a["url"], a.get("status", 200), a["sha256"]) for a in manifest["attachments"]
        }
        mine = {g for g in got if g[0].startswith(bases[name] + "/")}
        if mine != expected:
            wrong[name] = (sorted(mine - expected), sorted(expected - mine))
    total = sum(len(m["attachments"]) for m in manifests.values())
    print(f"attachments: {len(got)} captured, {total} in the manifests")
    assert not wrong
    assert len(got) == total
    referers = {r["url"]: r["referer"] for r in rows}
    assert all(
        referers[a["url"]] == a["report"] for m in manifests.values() for a in m["attachments"]
    )


def test_no_distractor_is_a_report(web_crawl):
    db, manifests, _, _ = web_crawl
    reports = {row["source_url"] for row in db["reports"].rows}
    distractors = {d["url"] for m in manifests.values() for d in m.get("distractors", [])}
    assert distractors and not distractors & reports


def test_blocked_hosts_end_blocked_within_five_requests(web_crawl):
    db, manifests, bases, log = web_crawl
    [run] = list(db["crawl_runs"].rows)
    blocked = json.loads(run["blocked_hosts"] or "{}")
    walls = {name: m["blocked"] for name, m in manifests.items() if "blocked" in m}
    assert len(walls) == 3
    per_site = Counter(site for site, *_ in log)
    for name, wall in walls.items():
        host = urlsplit(bases[name]).netloc
        assert blocked[host] == wall["reason"]
        assert 1 <= per_site[name] <= BLOCKED_HOST_MAX_REQUESTS, (name, per_site[name])
    captured = {row["url"] for row in db["captures"].rows}
    assert not any(on(bases[name], captured) for name in walls)  # nothing stored


def test_traps_off_domain_and_disallowed_pages_are_not_fetched(web_crawl):
    _, manifests, bases, log = web_crawl
    asked = {bases[site] + path for site, _, path, _ in log}
    for name, manifest in manifests.items():
        for entry in manifest.get("off_domain", []) + manifest.get("disallowed", []):
            url = entry if isinstance(entry, str) else entry["url"]
            assert url not in asked, (name, url)
    mirror = Counter(urlsplit(path).path for site, _, path, _ in log if site == "mirror")
    traps = {t["kind"]: urlsplit(t["url"]).path for t in manifests["mirror"]["traps"]}
    assert mirror[traps["slow"]] <= 1 + RETRY_TIMES  # bounded by the download timeout
    assert mirror[traps["reset"]] <= 1 + RETRY_TIMES
    assert mirror["/loop/a"] + mirror["/loop/b"] <= 2  # a URL seen once is not asked again
    # a listed item whose redirects never repeat a URL: the detail callback's own hop limit
    assert 1 < mirror[urlsplit(traps["redirect-chain"]).path] <= 1 + MAX_DETAIL_REDIRECTS
    print(f"mirror traps: {dict(mirror)}")
    static_paths = [path for site, _, path, _ in log if site == "static"]
    assert not [p for p in static_paths if "date=" in p or p.startswith("/search")]
    assert [path for site, _, path, _ in log if site == "other"] == ["/robots.txt"] * len(
        [1 for site, *_ in log if site == "other"]
    )


def test_total_requests_within_budget(web_crawl):
    db, manifests, _, log = web_crawl
    declared = sum(m.get("pages_needed", 0) for m in manifests.values())
    needed = db.execute("select count(distinct method || ' ' || url) from captures").fetchone()[0]
    requests = len(log)
    per_site = Counter(site for site, *_ in log)
    print(f"requests: {requests}; pages that had to be fetched: {needed}; per site: {per_site}")
    print(f"(pages the manifests that count them declare needed: {declared})")
    assert requests <= REQUEST_BUDGET * needed
