"""Running the real `nianbao` command from tests (the Twisted reactor runs once per process)."""

from __future__ import annotations

import subprocess
import sys


def run_nianbao(*args: object, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "nianbao", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
