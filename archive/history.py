"""Reports with a history: identity across URL changes, revisions, removals.

Agencies edit reports after publishing them, move them to new URLs and delete them. The
archive keeps every version and never deletes a report; this module decides, for each
parsed capture, which report it is and whether it is a new revision, and for each failed or
missing page, whether a report was removed.

**Identity** (which report a parsed capture belongs to), first rule that matches:
1. the report whose current address (`source_url` or `document_url`) is the capture's;
2. the report one of whose revisions was read from that address;
3. on the same site, the report one of whose revisions has the same payload (sha256):
   the same bytes re-published under a new URL;
4. on the same site, the one report with the same agency, year and normalised title
   (NFKC, no spaces or punctuation) whose own address was *not* listed in the same run:
   a report that moved. Two URLs listed side by side stay two reports, and reports on
   different sites (a portal republishing a department's report) are never merged.

An attachment (role "attachment", referer = its detail page) is a report's document when
the detail page is not itself a report with statistics (a "详见附件" page, which parsers may
still name a report from its title): the report's `source_url` is the detail page, its
`document_url` the attachment. A cover page read before its attachment arrived is revised
by it. The attachment of a page that is a report with statistics is a copy, not a report.

**Revisions**: a capture whose bytes equal the current revision's, or whose parse reads
the same title, published date, text and statistics cells, is the same revision (the report
is seen again; a byte change in the page chrome alone makes no revision). Anything else is
revision n+1, with its `changes` (each changed title / published / text / cell, old and new)
and a one-line `summary`. The child tables (article20, …) hold the current revision; older
revisions' cells can be recovered by applying the changes backwards.

**Removal** (status "removed", `removed_on` the date; rows are never deleted): the report's
address answers 404 or 410, a soft-404 page (200 with 页面不存在 and no report), or a redirect
to the home page; or the report is missing from a complete sweep of its site's lists in
which it had been listed before. A report that comes back becomes "current" again.
"""

from __future__ import annotations

import difflib
import json
import logging
import re
import unicodedata
from urllib.parse import urljoin, urlsplit

import sqlite_utils

from archive.cells import CELL_TABLES, cell_rows
from archive.listings import listed_in

log = logging.getLogger(__name__)

SOFT_404 = re.compile(
    r"页面不存在|页面已删除|已被删除|已经删除|信息不存在|文章不存在|内容不存在|页面找不到"
    r"|找不到(?:该|您要的|您访问的)?页面|无法找到该页|已撤稿|已被撤销|not\s*found",
    re.IGNORECASE,
)
SOFT_404_MAX_TEXT = 600  # an error template is short; a report that mentions 已被删除 is not
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
HOME_PATHS = ("", "/", "/index.html", "/index.htm", "/index.shtml", "/index.jsp", "/index.php")
GONE_STATUSES = (404, 410)
# a sweep listing fewer than this share of the previous complete sweep's items is not
# trusted to say what was removed (a broken list page must not empty the archive)
MIN_SWEEP_OVERLAP = 0.5
TEXT_LINES_KEPT = 20
PUNCTUATION = re.compile(r"[\s\W_]+", re.UNICODE)


def normalise_title(title: str | None) -> str:
    return PUNCTUATION.sub("", unicodedata.normalize("NFKC", title or ""))


def is_soft_404(parsed: dict) -> bool:
    """A 200 page that is an error template: no report, short, says the page is gone."""
    if parsed.get("is_annual_report"):
        return False
    text = parsed.get("text") or ""
    return len(text) <= SOFT_404_MAX_TEXT and bool(
        SOFT_404.search(f"{parsed.get('title') or ''}\n{text}")
    )


def is_redirect_home(capture: dict) -> bool:
    """A redirect of a document URL to the site's home page: how many CMSs soft-delete."""
    if capture["status"] not in REDIRECT_STATUSES:
        return False
    headers = {k.lower(): v for k, v in json.loads(capture.get("headers") or "{}").items()}
    location = headers.get("location")
    if not location:
        return False
    target = urlsplit(urljoin(capture["url"], location))
    return target.netloc == urlsplit(capture["url"]).netloc and target.path in HOME_PATHS


# -- identity --------------------------------------------------------------------------------
def current_report(db: sqlite_utils.Database, url: str) -> dict | None:
    return next(
        db.query(
            "select * from reports where source_url = ? or document_url = ? order by id limit 1",
            [url, url],
        ),
        None,
    )


def find_report(
    db: sqlite_utils.Database, capture: dict, parsed: dict, source_url: str, document_url: str
) -> dict | None:
    """The report this parsed capture is a version of (rules 1-4 above), or None."""
    for url in dict.fromkeys((source_url, document_url)):
        found = current_report(db, url)
        if found:
            return found
    by_revision = db.execute(
        "select report_id from revisions where source_url = ? order by rowid desc limit 1",
        [source_url],
    ).fetchone()
    if by_revision:
        return db.table("reports").get(by_revision[0])
    site = capture.get("site")
    same_bytes = db.execute(
        "select r.report_id from revisions r join reports p on p.id = r.report_id"
        " where r.sha256 = ? and p.site is ? order by r.rowid limit 1",
        [capture["sha256"], site],
    ).fetchone()
    if same_bytes:
        return db.table("reports").get(same_bytes[0])
    title = normalise_title(parsed.get("title"))
    if not title:
        return None
    candidates = [
        row
        for row in db.query(
            "select * from reports where site is ? and agency is ? and year is ?",
            [site, parsed.get("agency"), parsed.get("year")],
        )
        if normalise_title(row["title"]) == title and not is_listed(db, row, capture)
    ]
    return candidates[0] if len(candidates) == 1 else None


def is_listed(db: sqlite_utils.Database, report: dict, capture: dict) -> bool:
    """Whether the report's own address was listed in the capture's run (it still lives)."""
    if capture.get("run_id") is None:
        return False
    run = capture["run_id"]
    return bool(
        db.execute(
            "select 1 from listings where url = ? and first_run <= ? and last_run >= ? limit 1",
            [report["source_url"], run, run],
        ).fetchone()
    )


# -- revisions -------------------------------------------------------------------------------
def cells(db: sqlite_utils.Database, rid: str) -> dict[str, object]:
    """The current revision's statistics cells, keyed `table/row/column`."""
    out: dict[str, object] = {}
    for table, (row_name, col_name) in CELL_TABLES.items():
        for row in db.query(
            f"select [{row_name}] as r, [{col_name}] as c, value from [{table}]"
            " where report_id = ?",
            [rid],
        ):
            out[f"{table}/{row['r']}/{row['c']}"] = row["value"]
    for row in db.query(
        "select seq, key, label, value from legacy_stats where report_id = ?", [rid]
    ):
        out[f"legacy_stats/{row['seq']}/{row['key'] or row['label']}"] = row["value"]
    return out


def parsed_cells(parsed: dict) -> dict[str, object]:
    """The same keys for a parse result (the rows `archive.process` would store)."""
    out: dict[str, object] = {}
    for table, (row_name, col_name) in CELL_TABLES.items():
        for cell in cell_rows("", parsed.get(table), row_name, col_name):
            out[f"{table}/{cell[row_name]}/{cell[col_name]}"] = cell["value"]
    for seq, item in enumerate(parsed.get("legacy_stats") or []):
        out[f"legacy_stats/{seq}/{item.get('key') or item.get('label')}"] = item.get("value")
    return out


def _same(a: object, b: object) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float):
        return float(a) == float(b)
    return a == b


def text_change(old: str, new: str) -> dict:
    """The lines removed and added between two texts (at most TEXT_LINES_KEPT of each)."""
    a, b = old.splitlines(), new.splitlines()
    removed: list[str] = []
    added: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            removed += a[i1:i2]
            added += b[j1:j2]
    return {
        "what": "text",
        "key": f"-{len(removed)} +{len(added)} lines",
        "old": removed[:TEXT_LINES_KEPT],
        "new": added[:TEXT_LINES_KEPT],
    }


def changes_between(db: sqlite_utils.Database, report: dict, parsed: dict) -> list[dict]:
    """What differs between the report's current revision and a new parse of it."""
    changes: list[dict] = []
    for field in ("title", "published"):
        old, new = report.get(field), parsed.get(field)
        if (old or None) != (new or None):
            changes.append({"what": field, "key": None, "old": old, "new": new})
    old_cells, new_cells = cells(db, report["id"]), parsed_cells(parsed)
    for key in sorted(old_cells.keys() | new_cells.keys()):
        old, new = old_cells.get(key), new_cells.get(key)
        if not _same(old, new):
            changes.append({"what": "cell", "key": key, "old": old, "new": new})
    if (report.get("text") or "") != (parsed.get("text") or ""):
        changes.append(text_change(report.get("text") or "", parsed.get("text") or ""))
    return changes


def summarise(changes: list[dict]) -> str:
    """`3 cells changed; published 2024-01-19 → 2024-02-02; text changed`."""
    if not changes:
        return "first capture"
    parts = []
    n = sum(1 for c in changes if c["what"] == "cell")
    if n:
        parts.append(f"{n} cell{'s' if n != 1 else ''} changed")
    for change in changes:
        if change["what"] == "published":
            parts.append(f"published {change['old']} → {change['new']}")
        elif change["what"] == "title":
            parts.append("title changed")
    text = next((c for c in changes if c["what"] == "text"), None)
    if text:
        parts.append(f"text changed ({text['key']})")
    return "; ".join(parts)


# -- removals --------------------------------------------------------------------------------
def mark_removed(db: sqlite_utils.Database, url: str, on: str) -> int:
    """Mark the current report living at `url` removed on the date of `on`; return 0 or 1."""
    report = current_report(db, url)
    if report is None or report["status"] == "removed":
        return 0
    with db.conn:
        db.table("reports").update(report["id"], {"status": "removed", "removed_on": on[:10]})
    log.info("report %s removed on %s (%s)", report["id"], on[:10], url)
    return 1


def seen(db: sqlite_utils.Database, url: str, when: str) -> None:
    """The report at `url` is still there (a 304, or its list still shows it)."""
    with db.conn:
        db.execute(
            "update reports set last_seen = ? where (source_url = ? or document_url = ?)"
            " and status = 'current' and (last_seen is null or last_seen < ?)",
            [when, url, url, when],
        )


def apply_run(db: sqlite_utils.Database, run_id: int) -> int:
    """After a run's captures are processed: reports its lists no longer show are removed,
    those they show were seen. Returns how many reports were removed."""
    run = db.table("crawl_runs").get(run_id)
    when = run["finished"] or run["started"]
    for row in db.query(
        "select url, max(last_seen_at) as at from listings where first_run <= ? and"
        " last_run >= ? group by url",
        [run_id, run_id],
    ):
        seen(db, row["url"], row["at"])
    removed = 0
    for sweep in db.query("select * from sweeps where run_id = ? and complete = 1", [run_id]):
        site = sweep["site"]
        listed = listed_in(db, site, run_id)
        last_sweep = db.execute(
            "select max(run_id) from sweeps where site = ? and complete = 1 and run_id < ?",
            [site, run_id],
        ).fetchone()[0]
        before = listed_in(db, site, last_sweep) if last_sweep is not None else set()
        if before and len(listed & before) < MIN_SWEEP_OVERLAP * len(before):
            log.warning(
                "run %s: %s lists %d of the %d items of its last sweep; no removals concluded",
                run_id,
                site,
                len(listed & before),
                len(before),
            )
            continue
        ever = _urls(db, "select url from listings where site = ? and first_run < ?", site, run_id)
        for report in list(
            db.query("select * from reports where site = ? and status = 'current'", [site])
        ):
            url = report["source_url"]
            if url not in listed and url in ever:
                removed += mark_removed(db, url, when)
    return removed


def _urls(db: sqlite_utils.Database, sql: str, *params: object) -> set[str]:
    return {row[0] for row in db.execute(sql, list(params)).fetchall()}
