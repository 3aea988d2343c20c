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
from archive.warc import WarcWriter


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
    request_headers: dict[str, str] | None = None,
    warc: WarcWriter | None = None,
) -> int:
    """Store the body (blob, then WARC records, both on disk), then its row; return its id.

    With a `warc` writer the response is also written as WARC records: a `revisit` when an
    earlier response record of the same URL holds the same bytes, else a `response`. The
    records are flushed before the row is committed, so a row never points at nothing.
    """
    sha256 = store.put(body)
    fetched_at = fetched_at or utcnow()
    target = final_url or url
    warc_columns: dict[str, object] = {}
    if warc is not None:
        earlier = next(
            db.query(
                "select final_url, fetched_at from captures where final_url = ? and sha256 = ?"
                " and warc_record_type = 'response' order by id limit 1",
                [target, sha256],
            ),
            None,
        )
        location = warc.write_capture(
            url=target,
            status=status,
            headers=headers,
            body=body,
            fetched_at=fetched_at,
            method=method,
            request_headers=request_headers,
            sha256=sha256,
            refers_to=(earlier["final_url"], earlier["fetched_at"]) if earlier else None,
        )
        warc_columns = {
            "warc_file": location.filename,
            "warc_offset": location.offset,
            "warc_length": location.length,
            "warc_record_type": location.record_type,
            "payload_digest": location.payload_digest,
        }
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
        "fetched_at": fetched_at,
        "role": role,
        "referer": referer,
        "site": site,
        **warc_columns,
    }
    with db.conn:
        return db.table("captures").insert(row).last_pk
