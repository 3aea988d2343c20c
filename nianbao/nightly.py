"""`nianbao nightly`: the unattended run — lock, recover, crawl incrementally, process, publish.

Made for a timer with nobody watching:
- **one at a time**: the archive's run lock (archive.lock); a second run exits at once;
- **recover** what a killed run left: its `running` row is marked `interrupted`, its
  `.warc.gz.open` file is cut to its last whole record and closed, half-written blobs go.
  Nothing else needs repair: every capture was committed whole, and the crawl below skips
  only what committed rows say is done (no Scrapy JOBDIR, which an unclean stop can corrupt);
- **crawl incrementally** (crawler.middlewares.ConditionalRequests and the spider's list
  entries): list pages always, with conditional requests; known items only when their list
  entry changed; items gone from a completely swept list once, to record how they left;
- **process** the new captures into reports and revisions (no network);
- **publish** a checked copy atomically (archive.snapshot) — only after a successful crawl.

Every run leaves one `crawl_runs` row (kind "nightly"): start, end, status, pages, 304s,
new / changed / removed reports, errors, message. A failure raises NightlyFailed with the
reason; the command turns it into a non-zero exit status and a line on stderr.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from archive.captures import utcnow
from archive.db import open_db
from archive.lock import run_lock
from archive.process import process_captures
from archive.snapshot import DEFAULT_MAX_DROP, PublishError, publish
from archive.store import BlobStore
from archive.warc import recover_open_files

log = logging.getLogger(__name__)


class NightlyFailed(Exception):
    """The run failed; the message says why (and it is in the run's crawl_runs row)."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@dataclass
class NightlyResult:
    run_id: int
    status: str
    counts: dict[str, int] = field(default_factory=dict)
    published: Path | None = None
    recovered: list[str] = field(default_factory=list)


def default_publish_path(db_path: str | Path) -> Path:
    """Where the nightly run publishes by default: public/<name> beside the archive."""
    db_path = Path(db_path)
    return db_path.parent / "public" / db_path.name


def recover(db_path: str | Path) -> list[str]:
    """Repair what a killed run left (called under the run lock); say what was done."""
    from crawler.pipelines import blob_root, warc_root

    notes = []
    db = open_db(db_path)
    stale = [r["id"] for r in db.query("select id from crawl_runs where status = 'running'")]
    with db.conn:
        for run_id in stale:
            db.table("crawl_runs").update(
                run_id,
                {
                    "status": "interrupted",
                    "finished": utcnow(),
                    "message": "did not finish (killed?); found by the next run",
                },
            )
    db.close()
    if stale:
        notes.append(f"runs {', '.join(map(str, stale))} marked interrupted")
    for path, cut in recover_open_files(warc_root(str(db_path))):
        notes.append(f"closed {path.name} (cut {cut} bytes of a partial record)")
    partial = BlobStore(blob_root(str(db_path), None)).remove_partial()
    if partial:
        notes.append(f"removed {partial} partial blob files")
    return notes


def run_nightly(
    db_path: str | Path,
    targets: list[tuple[str | None, str | None]],
    *,
    publish_to: str | Path | None = None,
    allow_private: bool = False,
    local: bool = False,
    max_drop: float = DEFAULT_MAX_DROP,
    verbose: bool = False,
    redis_url: str | None = None,
) -> NightlyResult:
    """One nightly run over `targets`; raises LockHeld or NightlyFailed.

    With `redis_url` the crawl is distributed (nianbao.distributed): a full crawl, since
    workers cannot read the archive to skip known items; Redis unavailable fails the run
    with exit code EXIT_REDIS and publishes nothing."""
    from crawler.pipelines import blob_root
    from nianbao.crawl import run_crawl
    from nianbao.distributed import EXIT_REDIS, RedisUnavailable

    with run_lock(db_path):
        notes = recover(db_path)
        for note in notes:
            log.warning("recovery: %s", note)
        try:
            crawl = run_crawl(
                db_path,
                targets=targets,
                allow_private=allow_private,
                local=local,
                verbose=verbose,
                kind="nightly",
                extra_settings={"NIANBAO_INCREMENTAL": True},
                redis_url=redis_url,
            )
        except RedisUnavailable as exc:
            raise NightlyFailed(f"{exc}: nothing published", EXIT_REDIS) from exc
        db = open_db(db_path)
        summary = process_captures(db, BlobStore(blob_root(str(db_path), None)))
        run = db.table("crawl_runs").get(crawl.run_id)
        not_modified = db.execute(
            "select count(*) from captures where run_id = ? and status = 304", [crawl.run_id]
        ).fetchone()[0]
        counts = {
            "pages": crawl.pages,
            "not_modified": not_modified,
            "reports_new": summary.reports_new,
            "reports_changed": summary.reports_changed,
            "reports_removed": summary.reports_removed,
            "errors": crawl.errors + summary.errors,
        }
        message = [run["message"] or "", *notes]
        status, failure = crawl.status, None
        if status != "ok":
            failure = f"crawl failed ({run['message']}): nothing published"
        # the row is complete before the copy is taken, so the published file shows it
        _finish(db, crawl.run_id, counts, "failed" if failure else "ok", [*message, failure])
        if failure is None and publish_to is not None:
            try:
                publish(db_path, publish_to, max_drop=max_drop)
                message.append(f"published {publish_to}")
            except PublishError as exc:
                status, failure = "failed", f"publish failed, {publish_to} kept: {exc}"
            _finish(db, crawl.run_id, counts, status, [*message, failure])
        db.close()
        if failure:
            raise NightlyFailed(f"run {crawl.run_id}: {failure}")
        return NightlyResult(
            crawl.run_id,
            status,
            counts,
            Path(publish_to) if publish_to is not None else None,
            notes,
        )


def _finish(db, run_id: int, counts: dict[str, int], status: str, message: list) -> None:
    with db.conn:
        db.table("crawl_runs").update(
            run_id,
            {
                **counts,
                "status": status,
                "finished": utcnow(),
                "message": "; ".join(m for m in message if m),
            },
        )
