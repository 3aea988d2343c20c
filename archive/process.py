"""Turn archived captures into report rows, without touching the network.

Everything here reads bytes from the blob store and writes rows; re-running it after a
parser change (`--all`) re-derives every report from the captures alone.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass

import sqlite_utils

from archive.captures import utcnow
from archive.db import SCHEMA
from archive.fts import ensure_fts
from archive.store import BlobStore
from parsers import PARSER_VERSION
from parsers.report import parse_document

log = logging.getLogger(__name__)

PARSED_ROLES = ("detail",)
CHILD_TABLES = (
    "article20",
    "applications",
    "review_litigation",
    "legacy_stats",
    "checks",
    "sections",
    "narrative_figures",
)


@dataclass
class ProcessSummary:
    captures: int = 0
    reports_new: int = 0
    reports_updated: int = 0
    not_reports: int = 0
    errors: int = 0


def report_id(source_url: str) -> str:
    """A stable id for the report published at `source_url`."""
    return hashlib.sha256(source_url.encode("utf-8")).hexdigest()[:16]


def pending_captures(db: sqlite_utils.Database, everything: bool = False) -> Iterator[dict]:
    roles = ",".join("?" for _ in PARSED_ROLES)
    where = f"role in ({roles}) and status = 200"
    params: list[object] = list(PARSED_ROLES)
    if not everything:
        where += " and (processed_version is null or processed_version != ?)"
        params.append(PARSER_VERSION)
    yield from db.table("captures").rows_where(where, params, order_by="id")


def process_captures(
    db: sqlite_utils.Database, store: BlobStore, everything: bool = False
) -> ProcessSummary:
    summary = ProcessSummary()
    for capture in list(pending_captures(db, everything)):
        summary.captures += 1
        try:
            data = store.get(capture["sha256"])
            parsed = parse_document(data, content_type=capture["content_type"], url=capture["url"])
        except Exception as exc:  # a parser bug is recorded, the capture stays, the run goes on
            log.exception("parsing capture %s failed", capture["id"])
            summary.errors += 1
            _mark(db, capture["id"], f"{type(exc).__name__}: {exc}")
            continue
        if parsed.get("error"):
            summary.errors += 1
        if parsed.get("is_annual_report"):
            new = save_report(db, capture, parsed)
            summary.reports_new += new
            summary.reports_updated += not new
        else:
            summary.not_reports += 1
        _mark(db, capture["id"], parsed.get("error"))
    ensure_fts(db)  # the search index: built once, then kept current by triggers
    return summary


def _mark(db: sqlite_utils.Database, capture_id: int, error: str | None) -> None:
    with db.conn:
        db.table("captures").update(
            capture_id, {"processed_version": PARSER_VERSION, "process_error": error}
        )


def save_report(db: sqlite_utils.Database, capture: dict, parsed: dict) -> bool:
    """Write one report and its statistics rows atomically; return True if it is new."""
    rid = report_id(capture["url"])
    reports = db.table("reports")
    existing = next(reports.rows_where("id = ?", [rid]), None)
    now = capture["fetched_at"] or utcnow()
    checks = parsed.get("checks") or []
    row = {
        "id": rid,
        "source_url": capture["url"],
        "title": parsed.get("title"),
        "agency": parsed.get("agency"),
        "province": parsed.get("province"),
        "city": parsed.get("city"),
        "county": parsed.get("county"),
        "township": parsed.get("township"),
        "agency_kind": parsed.get("agency_kind"),
        "level": parsed.get("level"),
        "adcode": parsed.get("adcode"),
        "year": parsed.get("year"),
        "format": parsed.get("format"),
        "published": parsed.get("published"),
        "first_seen": existing["first_seen"] if existing else now,
        "last_seen": now,
        "status": "active",
        "capture_id": capture["id"],
        "sha256": capture["sha256"],
        "site": capture["site"],
        "source_format": parsed.get("source_format"),
        "encoding": parsed.get("encoding"),
        "text": parsed.get("text"),
        "checks_failed": sum(1 for c in checks if c.get("ok") is False),
        "parser_version": PARSER_VERSION,
    }
    with db.conn:
        reports.upsert(row, pk="id")
        for table in CHILD_TABLES:
            db.execute(f"delete from [{table}] where report_id = ?", [rid])
        db.table("article20").insert_all(_cells(rid, parsed.get("article20"), "item", "column"))
        db.table("applications").insert_all(
            _cells(rid, parsed.get("applications"), "row", "column")
        )
        db.table("review_litigation").insert_all(
            _cells(rid, parsed.get("review_litigation"), "grp", "column")
        )
        for table in ("legacy_stats", "sections", "narrative_figures"):
            db.table(table).insert_all(_listed(rid, table, parsed.get(table)))
        db.table("checks").insert_all(
            {
                "report_id": rid,
                "name": c["name"],
                "expected": c.get("expected"),
                "actual": c.get("actual"),
                "ok": None if c.get("ok") is None else int(c["ok"]),
            }
            for c in checks
        )
    return existing is None


def _listed(rid: str, table: str, items: list[dict] | None) -> Iterator[dict]:
    """Rows of a list-valued result (legacy_stats, sections, ...), in order.

    The columns come from the table's declaration in archive.db, so a field added to the
    schema is stored without touching this code.
    """
    columns = [c for c in SCHEMA[table][0] if c not in ("report_id", "seq")]
    for seq, item in enumerate(items or []):
        yield {"report_id": rid, "seq": seq, **{c: item.get(c) for c in columns}}


def _cells(rid: str, table: dict | None, row_name: str, col_name: str) -> Iterator[dict]:
    """Flatten {row: {column: value}} into one row per cell (long format).

    A 第二十条 item may carry `raw`: the printed text of its money cell ("2739691.05 元"),
    kept beside the value converted to 万元 so a reader can check the conversion.
    """
    for row_key, columns in (table or {}).items():
        if not isinstance(columns, dict):
            continue
        raw = columns.get("raw")
        for column, value in columns.items():
            if column == "raw" or isinstance(value, dict | list):
                continue
            cell = {"report_id": rid, row_name: row_key, col_name: column, "value": value}
            if row_name == "item":
                cell["raw"] = raw if isinstance(raw, str) and column.endswith("_wan_yuan") else None
            yield cell
