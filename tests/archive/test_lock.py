"""The run lock: a second run exits at once; a killed holder leaves no stale lock."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from archive.lock import LockHeld, lock_path, run_lock
from tests.nianbao.helpers import run_nianbao

HOLD = (
    "import sys, time\n"
    "from archive.lock import run_lock\n"
    "with run_lock(sys.argv[1]):\n"
    "    print('held', flush=True)\n"
    "    time.sleep(600)\n"
)


def hold_lock(db_path) -> subprocess.Popen:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(db_path)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout.readline().strip() == "held"
    return holder


def test_a_second_run_fails_at_once_and_a_killed_holder_frees_the_lock(tmp_path):
    db_path = tmp_path / "archive.db"
    holder = hold_lock(db_path)
    try:
        held = pytest.raises(LockHeld, match=f"another run holds the lock .*pid {holder.pid}")
        with held, run_lock(db_path):
            pass
        started = time.monotonic()
        result = run_nianbao(
            "nightly", "--url", "http://127.0.0.1:9/", "--allow-private", "--db", db_path
        )
        assert result.returncode == 75
        assert "another run holds the lock" in result.stderr
        assert time.monotonic() - started < 60  # it did not wait for the holder
        crawl = run_nianbao(
            "crawl", "--url", "http://127.0.0.1:9/", "--allow-private", "--db", db_path
        )
        assert crawl.returncode == 75 and "another run holds the lock" in crawl.stderr
        assert not db_path.exists()  # and touched nothing
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()
    with run_lock(db_path) as path:  # the kernel dropped the dead holder's lock
        assert path == lock_path(db_path)
        assert path.read_text().strip() == str(os.getpid())
