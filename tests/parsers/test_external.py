"""parsers.external: external tools run with a time limit, their whole process group killed."""

from __future__ import annotations

import os
import time

import pytest

from parsers.external import require, run_tool, stderr_line
from parsers.limits import DocumentError


def test_missing_tool_names_its_package() -> None:
    with pytest.raises(
        DocumentError, match=r"no-such-tool is not installed \(Debian package pkg\)"
    ):
        require("no-such-tool", "pkg")


def test_timeout_kills_the_process_group(tmp_path) -> None:
    pid_file = tmp_path / "grandchild.pid"
    # the shell starts a grandchild, as soffice starts soffice.bin; both must die
    script = f"sleep 30 & echo $! > {pid_file}; wait"
    with pytest.raises(DocumentError, match=r"sh gave no result within 0\.5 s"):
        run_tool(["sh", "-c", script], timeout=0.5)
    grandchild = int(pid_file.read_text())
    for _ in range(50):
        try:
            os.kill(grandchild, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        pytest.fail("the grandchild outlived the time limit")


def test_exit_status_is_returned_with_stderr() -> None:
    result = run_tool(["sh", "-c", "echo first >&2; echo 'bad file' >&2; exit 3"], timeout=10)
    assert result.returncode == 3
    assert stderr_line(result) == "bad file"
