"""What the crawler remembers between runs: list entries, list sweeps, earlier captures.

The incremental crawl asks these questions of the archive itself rather than of a Scrapy
JOBDIR: the archive's rows are committed one by one, so a run killed at any moment leaves
an exact account of what was fetched ("already done" comes from committed rows, never from
a dupefilter that may have seen a request whose response was lost).
"""

from __future__ import annotations

import json

import sqlite_utils

DOCUMENT_ROLES = ("detail", "attachment")


def save_listing(
    db: sqlite_utils.Database, run_id: int | None, *, site, list_url, url, entry, seen_at
) -> None:
    with db.conn:
        db.table("listings").insert(
            {
                "run_id": run_id,
                "site": site,
                "list_url": list_url,
                "url": url,
                "entry": entry,
                "seen_at": seen_at,
            }
        )


def save_sweep(db: sqlite_utils.Database, run_id: int | None, site: str, **fields: object) -> None:
    with db.conn:
        db.table("sweeps").upsert({"run_id": run_id, "site": site, **fields}, pk=("run_id", "site"))


def previous_entries(db: sqlite_utils.Database, site: str, run_id: int | None) -> dict[str, str]:
    """{URL: the entry its list showed the last time it was listed, before this run}."""
    rows = db.query(
        "select url, entry from listings l where site = ? and run_id is not ? and id = "
        "(select max(id) from listings where url = l.url and site = l.site and run_id is not ?)",
        [site, run_id, run_id],
    )
    return {r["url"]: r["entry"] for r in rows}


def captured_urls(db: sqlite_utils.Database, site: str) -> set[str]:
    """Document URLs of `site` whose latest capture answered 200 or 304."""
    rows = db.query(
        "select url, status from captures c where site = ? and role in ('detail', 'attachment')"
        " and id = (select max(id) from captures where url = c.url)",
        [site],
    )
    return {r["url"] for r in rows if r["status"] in (200, 304)}


def unverified_unlisted(
    db: sqlite_utils.Database, site: str, listed_now: set[str], run_id: int | None
) -> list[str]:
    """URLs listed on an earlier run but not tonight, not fetched since they were last
    listed: fetching them once records how they left (404, a soft-404 page, still there)."""
    rows = db.query(
        "select url, max(run_id) as listed_in from listings where site = ? and run_id is not ?"
        " group by url",
        [site, run_id],
    )
    out = []
    for row in rows:
        if row["url"] in listed_now:
            continue
        later = db.execute(
            "select 1 from captures where url = ? and run_id > ? limit 1",
            [row["url"], row["listed_in"] or 0],
        ).fetchone()
        if not later:
            out.append(row["url"])
    return sorted(out)


def previous_capture(db: sqlite_utils.Database, url: str) -> dict | None:
    """The latest 200 answer to a GET of `url`, with its headers parsed (for validators)."""
    row = next(
        db.query(
            "select id, sha256, headers from captures where url = ? and method = 'GET'"
            " and status = 200 order by id desc limit 1",
            [url],
        ),
        None,
    )
    if row is None:
        return None
    return {**row, "headers": json.loads(row["headers"] or "{}")}
