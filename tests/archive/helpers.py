"""Stand-in capture rows for archive tests that save parsed fixtures as reports."""

from __future__ import annotations

import hashlib


def capture_row(url: str, n: int) -> dict:
    """The fields of a `captures` row that `archive.process.save_report` reads."""
    return {
        "id": None,
        "url": url,
        "fetched_at": f"2025-01-0{n}T00:00:00Z",
        "sha256": hashlib.sha256(url.encode()).hexdigest(),
        "site": "test",
    }
