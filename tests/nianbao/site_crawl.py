"""One crawl of one simulated CMS site from its home page, and the checks every site shares.

The crawl runs in a subprocess through the real `nianbao` command while the simulated web
runs in this process on free ports; the request log tells what the site was asked.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from simweb.server import running
from tests.nianbao.helpers import run_nianbao


@dataclass
class Crawl:
    db: sqlite_utils.Database
    manifest: dict
    log: list[tuple[str, str, str, int]]  # (site, method, path?query, status)
    stderr: str

    @property
    def reports(self) -> dict[str, dict]:
        return {row["source_url"]: row for row in self.db["reports"].rows}

    def captures(self, role: str | None = None) -> list[dict]:
        where = "role = ?" if role else None
        return list(self.db["captures"].rows_where(where, [role] if role else []))


def crawl_site(name: str, tmp_dir, **options: object) -> Crawl:
    """Crawl one site from its home page; `options` go to the sites (e.g. second_night)."""
    db_path = tmp_dir / "archive.db"
    with running(**options) as web:
        home = web.base_url(name) + "/"
        result = run_nianbao("crawl", "--url", home, "--allow-private", "--local", "--db", db_path)
        manifest = web.manifest(name)
        log = [e for e in web.log.entries if e[0] == name]
    print(result.stderr[-3000:])
    assert result.returncode == 0, result.stderr[-3000:]
    return Crawl(sqlite_utils.Database(db_path), manifest, log, result.stderr)


def assert_reports_are_the_manifest(crawl: Crawl) -> None:
    """Every manifest report is one report row; a re-published copy (the same document under
    a new URL) is archived but is the same report as its original, not a second one."""
    republished = crawl.manifest.get("second_night", {}).get("republished", [])
    original_of = {c["url"]: c["same_as"] for c in republished}
    # whichever of the two the crawl met first is the report's address
    reports = {original_of.get(url, url): row for url, row in crawl.reports.items()}
    assert len(reports) == len(crawl.reports), "a re-published copy became a second report"
    found = set(reports)
    expected = {r["url"] for r in crawl.manifest["reports"]} - set(original_of)
    assert found == expected, (sorted(found - expected), sorted(expected - found))
    fetched = {c["url"] for c in crawl.captures("detail") if c["status"] == 200}
    assert set(original_of) <= fetched
    wrong_year = [
        (r["url"], reports[r["url"]]["year"], r["year"])
        for r in crawl.manifest["reports"]
        if r["url"] not in original_of and str(reports[r["url"]]["year"]) != str(r["year"])
    ]
    assert not wrong_year


def assert_attachments_are_the_manifest(crawl: Crawl) -> None:
    """Every listed file fetched once from its page; a missing one archived as its 404."""
    rows = crawl.captures("attachment")
    found = {
        (r["url"], r["sha256"] if r["status"] == 200 else None, r["referer"], r["status"])
        for r in rows
    }
    expected = {
        (a["url"], a["sha256"], a["report"], a.get("status", 200))
        for a in crawl.manifest["attachments"]
    }
    assert found == expected, (sorted(found - expected), sorted(expected - found))


def assert_distractors_not_reports(crawl: Crawl) -> None:
    captured = {row["url"] for row in crawl.captures("detail")}
    distractors = {d["url"] for d in crawl.manifest["distractors"]}
    listed = {d["url"] for d in crawl.manifest["distractors"] if d.get("listed", True)}
    assert listed <= captured, sorted(listed - captured)
    assert not distractors & set(crawl.reports)


def assert_requests_bounded(crawl: Crawl, ratio: float = 1.3) -> None:
    """Nothing archived twice, and requests ≤ ratio × the pages the manifest says are needed."""
    captures = crawl.captures()
    assert len(captures) == len({c["url"] for c in captures})
    needed = crawl.manifest["pages_needed"]
    print(
        f"{crawl.manifest['site']}: requests served {len(crawl.log)}, "
        f"pages captured {len(captures)}, pages needed {needed}"
    )
    assert len(crawl.log) <= ratio * needed
