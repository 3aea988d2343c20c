"""One run at a time: an advisory lock on a file beside the archive.

`fcntl.flock` locks belong to the open file description, so the kernel releases them when
the holder exits for any reason, kill -9 included: a crashed run never leaves a stale lock
for the next night to trip over (a pid file would).
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class LockHeld(Exception):
    """Another process holds the archive's run lock."""


def lock_path(db_path: str | os.PathLike[str]) -> Path:
    return Path(str(db_path) + ".lock")


@contextmanager
def run_lock(db_path: str | os.PathLike[str]) -> Iterator[Path]:
    """Hold the archive's run lock, or raise LockHeld at once (never wait for it)."""
    path = lock_path(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "unknown"
        os.close(fd)
        raise LockHeld(f"another run holds the lock {path} (pid {holder})") from None
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield path
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
