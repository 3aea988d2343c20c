"""Recording every HTTP response the crawler hands over.

A capture is evidence: what URL answered what, when, with which headers and which exact
bytes. It is written before anything parses it, so a parser crash or a killed run never
loses what was fetched.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import sqlite_utils

from archive.store import BlobStore


def utcnow() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def record_capture(
    db: sqlite_utils.Database,
    store: BlobStore,
    *,
    url: str,
    status: int,
    headers: dict[str, str],
    body: bytes,
    role: str,
    final_url: str | None = None,
    method: str = "GET",
    referer: str | None = None,
    site: str | None = None,
    run_id: int | None = None,
    fetched_at: str | None = None,
) -> int:
    """Store the body, then its row; return the capture id."""
    sha256 = store.put(body)
    row = {
        "run_id": run_id,
        "url": url,
        "final_url": final_url or url,
        "method": method,
        "status": status,
        "headers": json.dumps(headers, ensure_ascii=False, sort_keys=True),
        "content_type": headers.get("Content-Type") or headers.get("content-type"),
        "length": len(body),
        "sha256": sha256,
        "blob": store.relative(sha256),
        "fetched_at": fetched_at or utcnow(),
        "role": role,
        "referer": referer,
        "site": site,
    }
    with db.conn:
        return db.table("captures").insert(row).last_pk
