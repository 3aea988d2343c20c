"""Turn archived captures into report rows, without touching the network.

Everything here reads bytes from the blob store and writes rows; the report tables are a
function of the captures, listings and sweeps alone. Captures are taken run by run in the
order they were fetched, and after each run its removals are applied (archive.history), so
processing a night's captures incrementally or replaying the whole archive gives the same
reports and revisions. After a parser change (a capture or report row carrying an older
parser version, or `--all`) the derived tables are rebuilt by that replay.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass

import sqlite_utils

from archive import history
from archive.captures import utcnow
from archive.cells import cell_rows as _cells
from archive.db import SCHEMA
from archive.fts import drop_index, ensure_fts
from archive.store import BlobStore
from archive.summaries import refresh_summaries
from parsers import PARSER_VERSION
from parsers.report import parse_document

log = logging.getLogger(__name__)

PARSED_ROLES = ("detail", "attachment")
CHILD_TABLES = (
    "article20",
    "applications",
    "review_litigation",
    "legacy_stats",
    "checks",
    "sections",
    "narrative_figures",
)
DERIVED_TABLES = ("revisions", *CHILD_TABLES, "reports")


@dataclass
class ProcessSummary:
    captures: int = 0
    reports_new: int = 0
    reports_changed: int = 0  # a new revision
    reports_unchanged: int = 0
    reports_removed: int = 0
    not_reports: int = 0
    errors: int = 0
    rebuilt: bool = False  # the derived tables were replayed from every capture

    @property
    def reports_updated(self) -> int:
        return self.reports_changed


def report_id(source_url: str) -> str:
    """A stable id for the report first found at `source_url` (it keeps it if it moves)."""
    return hashlib.sha256(source_url.encode("utf-8")).hexdigest()[:16]


def is_stale(db: sqlite_utils.Database) -> bool:
    """Whether any row was derived by another parser version than this one."""
    return bool(
        db.execute(
            "select 1 from captures where processed_version is not null and"
            " processed_version != ? union all select 1 from reports where parser_version"
            " is not null and parser_version != ? limit 1",
            [PARSER_VERSION, PARSER_VERSION],
        ).fetchone()
    )


def reset_derived(db: sqlite_utils.Database) -> None:
    """Empty the report tables and mark every capture and run unprocessed (for a replay).

    The search index goes first: rebuilt whole once the reports are written again, it costs
    less than following every deleted and re-inserted row."""
    with db.conn:
        drop_index(db)
        for table in DERIVED_TABLES:
            db.execute(f"delete from [{table}]")
        db.execute("update captures set processed_version = null, process_error = null")
        db.execute("update crawl_runs set processed = null")


def pending_runs(db: sqlite_utils.Database) -> list[int | None]:
    """Runs with unprocessed captures or unapplied removals, oldest first (None: no run)."""
    roles = ",".join("?" for _ in PARSED_ROLES)
    runs = {
        row[0]
        for row in db.execute(
            f"select distinct run_id from captures where role in ({roles})"
            " and processed_version is null",
            list(PARSED_ROLES),
        ).fetchall()
    }
    runs |= {
        row[0]
        for row in db.execute(
            "select id from crawl_runs where processed is null and finished is not null"
        ).fetchall()
    }
    return sorted(runs, key=lambda r: (r is not None, r or 0))


def pending_captures(db: sqlite_utils.Database, run_id: int | None) -> Iterator[dict]:
    roles = ",".join("?" for _ in PARSED_ROLES)
    where = f"role in ({roles}) and processed_version is null and run_id is ?"
    yield from db.table("captures").rows_where(where, [*PARSED_ROLES, run_id], order_by="id")


def process_captures(
    db: sqlite_utils.Database, store: BlobStore, everything: bool = False
) -> ProcessSummary:
    """Parse what is not parsed yet (everything with `everything` or after a parser change)."""
    summary = ProcessSummary()
    if everything or is_stale(db):
        reset_derived(db)
        summary.rebuilt = True
    for run_id in pending_runs(db):
        for capture in list(pending_captures(db, run_id)):
            process_capture(db, store, capture, summary)
        run = db.table("crawl_runs").get(run_id) if run_id is not None else None
        if run and run["finished"] and not run["processed"]:
            summary.reports_removed += history.apply_run(db, run_id)
            with db.conn:
                db.table("crawl_runs").update(run_id, {"processed": PARSER_VERSION})
    ensure_fts(db)  # the search index: built once, then kept current by triggers
    refresh_summaries(db)  # the charts' per province and year totals
    return summary


def process_capture(
    db: sqlite_utils.Database, store: BlobStore, capture: dict, summary: ProcessSummary
) -> None:
    """One capture: a report (new, changed, seen again), a removal, or nothing."""
    summary.captures += 1
    status, url, when = capture["status"], capture["url"], capture["fetched_at"] or utcnow()
    error = None
    if status == 200:
        try:
            data = store.get(capture["sha256"])
            parsed = parse_document(data, content_type=capture["content_type"], url=url)
        except Exception as exc:  # a parser bug is recorded, the capture stays, the run goes on
            log.exception("parsing capture %s failed", capture["id"])
            summary.errors += 1
            _mark(db, capture["id"], f"{type(exc).__name__}: {exc}")
            return
        error = parsed.get("error")
        summary.errors += bool(error)
        if parsed.get("is_annual_report") and is_cover_page(db, capture, parsed):
            summary.not_reports += 1  # "详见附件": the report is its attachment
        elif parsed.get("is_annual_report"):
            if capture.get("role") == "attachment":
                _take_page_metadata(db, store, capture, parsed)
            outcome = record_report(db, capture, parsed)
            summary.reports_new += outcome == "new"
            summary.reports_changed += outcome == "changed"
            summary.reports_unchanged += outcome in ("unchanged", "attachment")
        else:
            summary.not_reports += 1
            if history.is_soft_404(parsed):
                summary.reports_removed += history.mark_removed(db, url, when)
    elif status in history.GONE_STATUSES or history.is_redirect_home(capture):
        summary.reports_removed += history.mark_removed(db, url, when)
    elif status == 304:
        history.seen(db, url, when)
    _mark(db, capture["id"], error)


# A "详见附件" page carries a title, a line or two and the metadata table; a report's own
# prose (even a short township report without tables) runs to well over this.
COVER_PAGE_MAX_CHARS = 800


def _take_page_metadata(
    db: sqlite_utils.Database, store: BlobStore, capture: dict, parsed: dict
) -> None:
    """An attachment's publication date is the date its page gives (PubDate, 发布日期): the
    document itself prints only when it was written. Other fields fill gaps only."""
    row = db.execute(
        "select sha256, content_type, url from captures where url = ? and run_id is ?"
        " and role = 'detail' and status = 200 order by id desc limit 1",
        [capture.get("referer"), capture.get("run_id")],
    ).fetchone()
    if row is None:
        return
    try:
        page = parse_document(store.get(row[0]), content_type=row[1], url=row[2])
    except Exception:  # the page's own processing records its failure
        return
    if page.get("published"):
        parsed["published"] = page["published"]
    for key in ("agency", "year"):
        if not parsed.get(key) and page.get(key):
            parsed[key] = page[key]


def is_cover_page(db: sqlite_utils.Database, capture: dict, parsed: dict) -> bool:
    """A detail page named like a report, with no statistics, whose attachment was fetched
    in the same run: a "详见附件" page; the attachment is the report's document. Page images
    (a 图片版 report) are scans of the page itself, one per page: the page stays the report."""
    if capture.get("role") != "detail" or history.parsed_cells(parsed):
        return False
    if len(parsed.get("text") or "") > COVER_PAGE_MAX_CHARS:
        return False  # a page with prose of its own stays the report; its attachment a copy
    return bool(
        db.execute(
            "select 1 from captures where referer = ? and run_id is ? and role = 'attachment'"
            " and status = 200 and coalesce(content_type, '') not like 'image/%' limit 1",
            [capture["url"], capture.get("run_id")],
        ).fetchone()
    )


def _mark(db: sqlite_utils.Database, capture_id: int, error: str | None) -> None:
    with db.conn:
        db.table("captures").update(
            capture_id, {"processed_version": PARSER_VERSION, "process_error": error}
        )


def record_report(db: sqlite_utils.Database, capture: dict, parsed: dict) -> str:
    """File a parsed report under its identity (archive.history); return what it was:
    "new", "changed" (a new revision), "unchanged" or "attachment" (a copy of a page that is
    itself the report)."""
    url = capture["url"]
    source_url = document_url = url
    if capture.get("role") == "attachment" and capture.get("referer"):
        page = history.current_report(db, capture["referer"])
        if (
            page
            and page["document_url"] == page["source_url"] == capture["referer"]
            and history.cells(db, page["id"])
        ):
            return "attachment"  # the page is itself the report; this is a copy of it
        # else the page (if a report at all) was a cover without numbers: the attachment
        # becomes its document, a new revision of it
        source_url = capture["referer"]
    existing = history.find_report(db, capture, parsed, source_url, document_url)
    if existing and capture.get("role") == "attachment" and _same_run(db, existing, capture):
        return "attachment"  # a second format of the document read this run (PDF and DOCX)
    when = capture["fetched_at"] or utcnow()
    if existing is None:
        rid = report_id(source_url)
        revision = {"changes": [], "summary": history.summarise([])}
        save_report(
            db,
            capture,
            parsed,
            rid=rid,
            source_url=source_url,
            document_url=document_url,
            revision=1,
            revision_row=revision,
        )
        return "new"
    changes = (
        []
        if existing["sha256"] == capture["sha256"]
        else (history.changes_between(db, existing, parsed))
    )
    if not changes:
        row = {"last_seen": max(existing["last_seen"] or "", when), "status": "current"}
        row["removed_on"] = None
        # the same report at another address: it moved only if its own is no longer listed
        if source_url == existing["source_url"] or not history.is_listed(db, existing, capture):
            row.update(source_url=source_url, document_url=document_url)
        with db.conn:
            db.table("reports").update(existing["id"], row)
        return "unchanged"
    number = (existing["revision"] or 1) + 1
    save_report(
        db,
        capture,
        parsed,
        rid=existing["id"],
        source_url=source_url,
        document_url=document_url,
        revision=number,
        first_seen=existing["first_seen"],
        revision_row={"changes": changes, "summary": history.summarise(changes)},
    )
    return "changed"


def _same_run(db: sqlite_utils.Database, report: dict, capture: dict) -> bool:
    row = db.execute("select run_id from captures where id = ?", [report["capture_id"]]).fetchone()
    return bool(row) and row[0] is not None and row[0] == capture.get("run_id")


def save_report(
    db: sqlite_utils.Database,
    capture: dict,
    parsed: dict,
    *,
    rid: str | None = None,
    source_url: str | None = None,
    document_url: str | None = None,
    revision: int = 1,
    first_seen: str | None = None,
    revision_row: dict | None = None,
) -> bool:
    """Write one report (its current revision) and its statistics rows atomically, with
    `revision_row` (changes, summary) in the `revisions` table; return True if it is new."""
    source_url = source_url or capture["url"]
    rid = rid or report_id(source_url)
    reports = db.table("reports")
    existing = next(reports.rows_where("id = ?", [rid]), None)
    now = capture["fetched_at"] or utcnow()
    checks = parsed.get("checks") or []
    row = {
        "id": rid,
        "source_url": source_url,
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
        "first_seen": first_seen or (existing["first_seen"] if existing else now),
        "last_seen": now,
        "status": "current",
        "removed_on": None,
        "revision": revision,
        "document_url": document_url or source_url,
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
        if revision_row is not None:
            db.table("revisions").insert(
                {
                    "report_id": rid,
                    "revision": revision,
                    "capture_id": capture["id"],
                    "sha256": capture["sha256"],
                    "fetched_at": capture["fetched_at"],
                    "published": parsed.get("published"),
                    "source_url": source_url,
                    "parser_version": PARSER_VERSION,
                    "changes": json.dumps(revision_row["changes"], ensure_ascii=False),
                    "summary": revision_row["summary"],
                },
                pk=("report_id", "revision"),
            )
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
