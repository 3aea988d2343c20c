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


def previous_run(db: sqlite_utils.Database, site: str, run_id: int | None) -> int | None:
    """The last run before `run_id` that listed anything of `site` (ask before this run
    records its own listings)."""
    return db.execute(
        "select max(last_run) from listings where site = ? and last_run < ?", [site, run_id or 0]
    ).fetchone()[0]


def save_listing(
    db: sqlite_utils.Database,
    run_id: int | None,
    *,
    site,
    list_url,
    url,
    entry,
    seen_at,
    previous: int | None,
) -> None:
    """Record that run `run_id` listed `url` with `entry`: extend its interval when the
    site's previous run (`previous`, from previous_run) listed it with the same entry."""
    last = next(
        db.query(
            "select id, entry, last_run from listings where site = ? and url = ?"
            " order by last_run desc, id desc limit 1",
            [site, url],
        ),
        None,
    )
    with db.conn:
        if last and last["entry"] == entry and last["last_run"] in (run_id, previous):
            db.table("listings").update(last["id"], {"last_run": run_id, "last_seen_at": seen_at})
            return
        db.table("listings").insert(
            {
                "site": site,
                "url": url,
                "entry": entry,
                "list_url": list_url,
                "first_run": run_id,
                "last_run": run_id,
                "first_seen_at": seen_at,
                "last_seen_at": seen_at,
            }
        )


def listed_in(db: sqlite_utils.Database, site: str, run_id: int) -> set[str]:
    """The URLs the lists of `site` showed in run `run_id`."""
    rows = db.execute(
        "select url from listings where site = ? and first_run <= ? and last_run >= ?",
        [site, run_id, run_id],
    )
    return {row[0] for row in rows}


def save_sweep(db: sqlite_utils.Database, run_id: int | None, site: str, **fields: object) -> None:
    with db.conn:
        db.table("sweeps").upsert({"run_id": run_id, "site": site, **fields}, pk=("run_id", "site"))


def previous_entries(db: sqlite_utils.Database, site: str, run_id: int | None) -> dict[str, str]:
    """{URL: the entry its list showed the last time it was listed, before this run}."""
    rows = db.query(
        "select url, entry from listings where site = ? and first_run < ? order by last_run, id",
        [site, run_id or 1 << 62],
    )
    return {r["url"]: r["entry"] for r in rows}  # the latest row of each URL wins


def captured_urls(db: sqlite_utils.Database, site: str) -> set[str]:
    """Document URLs of `site` whose latest capture answered 200 or 304 in a run that ended.

    A page captured by a run that was killed or is still marked running may have lost the
    requests it led to (its attachments are asked for only once the page is parsed), so
    it is not known yet: the next run asks for it again (conditionally) and so for them.
    """
    rows = db.query(
        "select c.url, c.status from captures c left join crawl_runs r on r.id = c.run_id"
        " where c.site = ? and c.role in ('detail', 'attachment')"
        " and c.id = (select max(id) from captures where url = c.url)"
        " and coalesce(r.status, '') not in ('running', 'interrupted')",
        [site],
    )
    return {r["url"] for r in rows if r["status"] in (200, 304)}


def unverified_unlisted(
    db: sqlite_utils.Database, site: str, listed_now: set[str], run_id: int | None
) -> list[str]:
    """URLs listed on an earlier run but not tonight, not fetched since they were last
    listed: fetching them once records how they left (404, a soft-404 page, still there)."""
    rows = db.query(
        "select url, max(last_run) as listed_in from listings where site = ? and first_run < ?"
        " group by url",
        [site, run_id or 1 << 62],
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
