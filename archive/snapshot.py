"""Publishing the archive: a checked copy swapped in atomically beside the served file.

A reader (Datasette, someone downloading the file) must only ever see a whole database, the
old one or the new one. So the working archive is never served: it is copied with SQLite's
backup API (consistent while a writer is active, RELIABILITY.md A16) into a temporary file
in the published file's own directory, switched to `journal_mode=DELETE` (a published file
has no -wal sidecar), checked (`integrity_check`, `foreign_key_check`, row counts against
the file it replaces), fsynced, and renamed over the published path with `os.replace`, then
the directory is fsynced. A reader that opened the old file keeps its inode; the next one to
open the path gets the new file. A copy that fails a check is deleted and the old file
stays.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

# tables whose row counts must not collapse between two publishes
COUNTED = (
    "reports",
    "revisions",
    "captures",
    "article20",
    "applications",
    "review_litigation",
    "legacy_stats",
    "sections",
    "checks",
)
DEFAULT_MAX_DROP = 0.2  # a table losing more than 20% of its rows fails the publish
TEMP_SUFFIX = ".publishing"


class PublishError(Exception):
    """The new copy failed a check; the published file was left as it was."""


@dataclass
class Published:
    path: Path
    counts: dict[str, int]
    previous: dict[str, int]


def _connect_ro(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def table_counts(conn: sqlite3.Connection, tables: tuple[str, ...] = COUNTED) -> dict[str, int]:
    present = {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}
    return {
        t: conn.execute(f"select count(*) from [{t}]").fetchone()[0] for t in tables if t in present
    }


def collapsed(previous: dict[str, int], counts: dict[str, int], max_drop: float) -> list[str]:
    """Tables that lost more than `max_drop` of their rows, described."""
    out = []
    for table, before in previous.items():
        after = counts.get(table, 0)
        if before and after < before * (1 - max_drop):
            out.append(f"{table} {before} → {after} rows (more than {max_drop:.0%} fewer)")
    return out


def check_copy(conn: sqlite3.Connection) -> None:
    integrity = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    if integrity != ["ok"]:
        raise PublishError("integrity_check failed: " + "; ".join(integrity[:5]))
    violations = conn.execute("PRAGMA foreign_key_check").fetchall()
    if violations:
        raise PublishError(f"foreign_key_check: {len(violations)} rows, e.g. {violations[0]}")


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_stale_copies(target: Path) -> int:
    """Temporary copies left by a publish that was killed; they were never published."""
    stale = list(target.parent.glob(f".{target.name}.*{TEMP_SUFFIX}"))
    for path in stale:
        path.unlink(missing_ok=True)
    return len(stale)


def publish(
    source: str | os.PathLike[str],
    target: str | os.PathLike[str],
    *,
    max_drop: float = DEFAULT_MAX_DROP,
) -> Published:
    """Copy `source` to `target` through the checks above; raise PublishError if one fails."""
    source, target = Path(source), Path(target)
    if source.resolve() == target.resolve():
        raise PublishError("the published file must not be the working archive")
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_copies(target)
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=TEMP_SUFFIX)
    os.close(fd)
    tmp = Path(name)
    try:
        src = _connect_ro(source)
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
            check_copy(dst)
            counts = table_counts(dst)
        except sqlite3.Error as exc:
            raise PublishError(f"copying {source} failed: {exc}") from exc
        finally:
            dst.close()
            src.close()
        previous: dict[str, int] = {}
        if target.exists():
            old = _connect_ro(target)
            try:
                previous = table_counts(old)
            finally:
                old.close()
        problems = collapsed(previous, counts, max_drop)
        if problems:
            raise PublishError("row counts collapsed: " + "; ".join(problems))
        _fsync(tmp)
        os.replace(tmp, target)
        _fsync(target.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return Published(target, counts, previous)
