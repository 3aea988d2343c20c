"""Publishing: a reader opening the published path never sees a partial or unchecked file."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
import sqlite_utils

from archive.db import open_db
from archive.snapshot import TEMP_SUFFIX, PublishError, publish


def archive_with(path: Path, reports: int, cells_per_report: int = 40) -> Path:
    """A working archive (WAL mode, as the crawler leaves it) with `reports` reports."""
    db = open_db(path)
    with db.conn:
        db["reports"].insert_all({"id": f"r{i}", "title": f"报告{i}"} for i in range(reports))
        db["article20"].insert_all(
            {"report_id": f"r{i}", "item": f"item{j}", "column": "c", "value": j}
            for i in range(reports)
            for j in range(cells_per_report)
        )
    db.close()
    return path


def counts(path: Path) -> tuple[int, int]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        assert conn.execute("pragma quick_check").fetchone()[0] == "ok"
        return tuple(
            conn.execute(f"select count(*) from {t}").fetchone()[0]
            for t in ("reports", "article20")
        )
    finally:
        conn.close()


def test_a_reader_polling_during_repeated_publishes_sees_only_whole_files(tmp_path):
    small = archive_with(tmp_path / "small" / "a.db", 300)
    large = archive_with(tmp_path / "large" / "a.db", 340)
    target = tmp_path / "public" / "nianbao.db"
    publish(small, target)
    seen: list[tuple[int, int]] = []
    errors: list[BaseException] = []
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            try:
                seen.append(counts(target))  # opened fresh every time, like a new reader
            except BaseException as exc:  # any failure is the finding
                errors.append(exc)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for n in range(30):
            publish(large if n % 2 == 0 else small, target)
    finally:
        done.set()
        reader.join()
    assert not errors, errors[:3]
    assert len(seen) > 30
    assert set(seen) == {(300, 12_000), (340, 13_600)}
    assert not list(target.parent.glob(f"*{TEMP_SUFFIX}"))
    conn = sqlite3.connect(target)
    assert conn.execute("pragma journal_mode").fetchone()[0] == "delete"


def test_collapsed_row_counts_keep_the_old_file(tmp_path):
    target = tmp_path / "public" / "nianbao.db"
    publish(archive_with(tmp_path / "full" / "a.db", 100), target)
    before = target.read_bytes()
    with pytest.raises(PublishError, match=r"reports 100 → 70 rows"):
        publish(archive_with(tmp_path / "shrunk" / "a.db", 70), target)
    assert target.read_bytes() == before
    assert not list(target.parent.glob(f"*{TEMP_SUFFIX}"))
    # within the threshold (configurable) it publishes
    publish(archive_with(tmp_path / "fewer" / "a.db", 85), target)
    assert counts(target)[0] == 85
    publish(archive_with(tmp_path / "half" / "a.db", 40), target, max_drop=0.6)
    assert counts(target)[0] == 40


def test_a_broken_archive_is_not_published(tmp_path):
    target = tmp_path / "public" / "nianbao.db"
    publish(archive_with(tmp_path / "good" / "a.db", 10), target)
    before = target.read_bytes()
    bad = archive_with(tmp_path / "bad" / "a.db", 10)
    db = sqlite_utils.Database(bad)
    db.execute("pragma foreign_keys = off")
    with db.conn:
        db["article20"].insert({"report_id": "nowhere", "item": "x", "column": "c", "value": 1})
    db.close()
    with pytest.raises(PublishError, match="foreign_key_check"):
        publish(bad, target)
    assert target.read_bytes() == before
    with pytest.raises(PublishError, match="must not be the working archive"):
        publish(target, target)


def test_a_copy_left_by_a_killed_publish_is_cleared(tmp_path):
    target = tmp_path / "public" / "nianbao.db"
    target.parent.mkdir()
    stale = target.parent / f".{target.name}.x1y2{TEMP_SUFFIX}"
    stale.write_bytes(b"half a database")
    publish(archive_with(tmp_path / "a" / "a.db", 5), target)
    assert not stale.exists() and counts(target) == (5, 200)
