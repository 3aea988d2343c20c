"""One row per crawl or process run, so an operator can see what each night did."""

from __future__ import annotations

import sqlite_utils

from archive.captures import utcnow


def start_run(db: sqlite_utils.Database, kind: str, target: str) -> int:
    with db.conn:
        return (
            db.table("crawl_runs")
            .insert({"kind": kind, "target": target, "started": utcnow(), "status": "running"})
            .last_pk
        )


def finish_run(db: sqlite_utils.Database, run_id: int, status: str, **counts: object) -> None:
    with db.conn:
        db.table("crawl_runs").update(run_id, {"finished": utcnow(), "status": status, **counts})
