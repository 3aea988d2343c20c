"""The archive database: opening it and giving it its shape.

The schema is declared here as data and applied idempotently with sqlite-utils, in the
manner of github-to-sqlite's `ensure_db_shape`: every command calls `open_db`, so a database
from an earlier version gains new tables and columns without a separate migration step.
"""

from __future__ import annotations

import os
from pathlib import Path

import sqlite_utils

# table -> (columns, primary key, foreign keys)
SCHEMA: dict[str, tuple[dict[str, type], str | tuple[str, ...], list[tuple[str, str, str]]]] = {
    "crawl_runs": (
        {
            "id": int,
            "kind": str,
            "target": str,
            "started": str,
            "finished": str,
            "status": str,
            "pages": int,
            "detail_pages": int,
            "reports_new": int,
            "reports_seen": int,
            "errors": int,
            "blocked_hosts": str,
            "message": str,
            # the nightly run (issue 6): what changed, what the conditional requests saved,
            # and which parser version applied the run's removals (see archive.history)
            "reports_changed": int,
            "reports_removed": int,
            "not_modified": int,
            "processed": str,
        },
        "id",
        [],
    ),
    "sites": (
        {
            "id": str,
            "name": str,
            "agency": str,
            "province": str,
            "level": str,
            "home_url": str,
            "column_url": str,
            "platform": str,
            "first_crawled": str,
            "last_crawled": str,
        },
        "id",
        [],
    ),
    "captures": (
        {
            "id": int,
            "run_id": int,
            "url": str,
            "final_url": str,
            "method": str,
            "status": int,
            "headers": str,
            "content_type": str,
            "length": int,
            "sha256": str,
            "blob": str,
            "fetched_at": str,
            "role": str,
            "referer": str,
            "site": str,
            "processed_version": str,
            "process_error": str,
            "warc_file": str,
            "warc_offset": int,
            "warc_length": int,
            "warc_record_type": str,
            "payload_digest": str,
        },
        "id",
        [("run_id", "crawl_runs", "id")],
    ),
    "reports": (
        {
            "id": str,
            "source_url": str,
            "title": str,
            "agency": str,
            "province": str,
            "city": str,
            "county": str,
            "township": str,
            "level": str,
            "agency_kind": str,
            "adcode": str,
            "year": int,
            "format": str,
            "published": str,
            "first_seen": str,
            "last_seen": str,
            "status": str,
            "capture_id": int,
            "sha256": str,
            "site": str,
            "source_format": str,
            "encoding": str,
            "text": str,
            "checks_failed": int,
            "parser_version": str,
            "removed_on": str,  # date; null unless status = removed
            "revision": int,  # number of the current revision, 1-based
            "document_url": str,  # the URL whose bytes the numbers were read from
        },
        "id",
        [("capture_id", "captures", "id")],
    ),
    # one row per revision of a report (archive.history); changes: JSON list of
    # {"what": "title"|"published"|"text"|"cell", "key", "old", "new"}, [] for revision 1
    "revisions": (
        {
            "report_id": str,
            "revision": int,
            "capture_id": int,
            "sha256": str,
            "fetched_at": str,
            "published": str,
            "source_url": str,
            "parser_version": str,
            "changes": str,
            "summary": str,
        },
        ("report_id", "revision"),
        [("report_id", "reports", "id"), ("capture_id", "captures", "id")],
    ),
    # what the lists showed, as intervals: an item listed with the same entry (its row
    # text: title, date) on consecutive runs of its site is one row, first_run..last_run.
    # A night adds rows only for new or changed entries, yet which items any run listed
    # stays exact (the incremental crawl and the removals rely on it; see archive.listings)
    "listings": (
        {
            "id": int,
            "site": str,
            "url": str,
            "entry": str,
            "list_url": str,
            "first_run": int,
            "last_run": int,
            "first_seen_at": str,
            "last_seen_at": str,
        },
        "id",
        [],
    ),
    # one row per site and run: whether every list page answered, so that "gone from its
    # list" is only concluded from a complete sweep
    "sweeps": (
        {
            "run_id": int,
            "site": str,
            "list_pages": int,
            "failed": int,
            "complete": int,
            "finished": str,
        },
        ("run_id", "site"),
        [("run_id", "crawl_runs", "id")],
    ),
    "article20": (
        {"report_id": str, "item": str, "column": str, "value": float, "raw": str},
        ("report_id", "item", "column"),
        [("report_id", "reports", "id")],
    ),
    "applications": (
        {"report_id": str, "row": str, "column": str, "value": float},
        ("report_id", "row", "column"),
        [("report_id", "reports", "id")],
    ),
    "review_litigation": (
        {"report_id": str, "grp": str, "column": str, "value": float},
        ("report_id", "grp", "column"),
        [("report_id", "reports", "id")],
    ),
    "legacy_stats": (
        {
            "report_id": str,
            "seq": int,
            "key": str,
            "label": str,
            "unit": str,
            "value": float,
            "raw": str,
            "path": str,
        },
        ("report_id", "seq"),
        [("report_id", "reports", "id")],
    ),
    "sections": (
        {
            "report_id": str,
            "seq": int,
            "number": str,
            "heading": str,
            "canonical": str,
            "text": str,
        },
        ("report_id", "seq"),
        [("report_id", "reports", "id")],
    ),
    "narrative_figures": (
        {"report_id": str, "seq": int, "label": str, "value": float, "unit": str, "sentence": str},
        ("report_id", "seq"),
        [("report_id", "reports", "id")],
    ),
    "checks": (
        {"report_id": str, "name": str, "expected": float, "actual": float, "ok": int},
        ("report_id", "name"),
        [("report_id", "reports", "id")],
    ),
}

INDEXES = {
    "captures": [["url"], ["sha256"], ["role", "processed_version"], ["run_id"]],
    "reports": [["year"], ["agency"], ["source_url"]],
    "revisions": [["source_url"], ["sha256"]],
    "listings": [["url"], ["site", "last_run"]],
}
# The columns the published reports table is faceted and sorted by: with an index each
# facet count reads the index alone, not every row (rows hold the whole text).
INDEXES["reports"] += [
    ["province"], ["city"], ["level"], ["format"], ["status"], ["agency_kind"], ["published"],
    ["checks_failed"], ["revision"],
]  # fmt: skip
# Columns stored after `text` are read by walking the text's overflow pages: a facet or
# filter on them (failed checks, edited reports) reads the index instead. The missing-year
# query reads (agency, year) pairs from theirs.
INDEXES["reports"].append(["agency", "year"])
# Reports published late: one range of this index per year, not a scan of every report.
INDEXES["reports"].append(["year", "published"])
# The canned queries' and charts' filters: failed checks, one cell across all reports.
INDEXES["checks"] = [["ok"]]
INDEXES["applications"] = [["row", "column"]]


def open_db(path: str | os.PathLike[str]) -> sqlite_utils.Database:
    """Open (creating if needed) the archive at `path`, in WAL mode, with its full shape."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    db.execute("PRAGMA busy_timeout = 5000")
    db.enable_wal()
    ensure_shape(db)
    return db


def ensure_shape(db: sqlite_utils.Database) -> None:
    for name, (columns, pk, fks) in SCHEMA.items():
        table = db.table(name)
        if not table.exists():
            table.create(columns, pk=pk, foreign_keys=fks, not_null=None)
        else:
            missing = {c: t for c, t in columns.items() if c not in table.columns_dict}
            for column, col_type in missing.items():
                table.add_column(column, col_type)
    for name, indexes in INDEXES.items():
        existing = {tuple(i.columns) for i in db.table(name).indexes}
        for columns in indexes:
            if tuple(columns) not in existing:
                db.table(name).create_index(columns)
