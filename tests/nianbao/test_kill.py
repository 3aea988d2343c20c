"""kill -9 in the middle of a nightly crawl, then the next night: nothing lost, job finished.

The run is a real `nianbao nightly` subprocess, killed with SIGKILL once N captures are
committed. The next run must end with the same reports, revisions and statistics as one
uninterrupted run (timestamps and row ids aside), with every WARC file closed and valid.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlite_utils

from archive.process import CHILD_TABLES
from archive.warc import check_files, read_capture, warc_files
from simweb.server import running

pytestmark = pytest.mark.e2e

KILL_AT = 12  # captures committed when the crawl is killed (of ~31 on the TRS site)
VOLATILE = {"first_seen", "last_seen", "capture_id", "fetched_at", "id"}


def nightly(db_path: Path, home: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "nianbao",
        "nightly",
        "--url",
        home,
        "--allow-private",
        "--local",
        "--no-publish",
        "--db",
        str(db_path),
    ]


def captures_so_far(db_path: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=1)
        try:
            return conn.execute("select count(*) from captures").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0  # not created yet


def content(db_path: Path) -> dict[str, list[str]]:
    """Every derived table, rows as sorted JSON, without timestamps and row ids."""
    db = sqlite_utils.Database(db_path)
    out = {}
    for table in ("reports", "revisions", *CHILD_TABLES):
        rows = [
            json.dumps({k: v for k, v in row.items() if k not in VOLATILE}, sort_keys=True)
            for row in db[table].rows
        ]
        out[table] = sorted(rows)
    return out


def test_killed_crawl_then_next_run_equals_an_uninterrupted_run(tmp_path):
    killed, clean = tmp_path / "killed" / "archive.db", tmp_path / "clean" / "archive.db"
    killed.parent.mkdir()
    with running() as web:
        home = web.base_url("trs") + "/"
        with open(tmp_path / "killed.log", "wb") as log:
            process = subprocess.Popen(nightly(killed, home), stderr=log, stdout=log)
            deadline = time.monotonic() + 120
            while captures_so_far(killed) < KILL_AT and process.poll() is None:
                assert time.monotonic() < deadline, "the crawl never got going"
                time.sleep(0.02)
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
        db = sqlite_utils.Database(killed)
        (run,) = db["crawl_runs"].rows
        assert run["status"] == "running", "the run finished before it could be killed"
        before = list(db.query("select id, sha256 from captures"))
        assert len(before) >= KILL_AT
        assert list(killed.parent.joinpath("warc").glob("*.open")), "no WARC left open"

        restarted = subprocess.run(nightly(killed, home), capture_output=True, text=True)
        assert restarted.returncode == 0, restarted.stderr[-3000:]
        uninterrupted = subprocess.run(nightly(clean, home), capture_output=True, text=True)
        assert uninterrupted.returncode == 0, uninterrupted.stderr[-3000:]

    assert [r["status"] for r in db.query("select status from crawl_runs order by id")] == [
        "interrupted",
        "ok",
    ]
    # nothing captured before the kill was lost: every row still reads back from the WARC
    warc = killed.parent / "warc"
    for row in before:
        assert db["captures"].get(row["id"])["sha256"] == row["sha256"]
        assert read_capture(db, warc, row["id"]).body is not None
    assert not list(warc.glob("*.open"))
    assert check_files(warc_files(warc)) == 0
    # and the job was finished: the same archive as one uninterrupted run
    got, expected = content(killed), content(clean)
    assert {t: len(rows) for t, rows in got.items()} == {
        t: len(rows) for t, rows in expected.items()
    }
    assert got == expected
    assert len(got["reports"]) > 10
