"""Running the Debian tools some readers need (LibreOffice, antiword, Tesseract, pdftoppm).

Old Word files and scans have no good pure-Python reader, so those readers shell out. A
tool can hang on a crafted file, leave children behind (soffice forks soffice.bin), or be
missing on a machine set up by hand; each of those must come back as a `DocumentError`
with a reason the archive can store, never as a stuck crawl or a traceback.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
from pathlib import Path

from parsers.limits import DocumentError


def require(tool: str, package: str) -> str:
    """The path of `tool`, or a DocumentError naming the Debian package that provides it."""
    path = shutil.which(tool)
    if path is None:
        raise DocumentError(f"{tool} is not installed (Debian package {package})")
    return path


def run_tool(
    args: list[str],
    *,
    timeout: float,
    cwd: Path | None = None,
    input_bytes: bytes | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """Run a command in its own process group; on timeout the whole group is killed.

    A non-zero exit is returned, not raised: the caller knows which exit codes mean "bad
    file" for its tool. Only a timeout or a failure to start raises.
    """
    try:
        proc = subprocess.Popen(
            args,
            cwd=cwd,
            env=env,
            stdin=subprocess.PIPE if input_bytes is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,  # its own process group, so children die with it
        )
    except OSError as exc:
        raise DocumentError(f"cannot start {Path(args[0]).name}: {exc.strerror or exc}") from exc
    try:
        out, err = proc.communicate(input_bytes, timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        raise DocumentError(f"{Path(args[0]).name} gave no result within {timeout:g} s") from None
    except BaseException:
        _kill_group(proc)
        raise
    return subprocess.CompletedProcess(args, proc.returncode, out, err)


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):  # it ended on its own meanwhile
        os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate()


def stderr_line(result: subprocess.CompletedProcess[bytes]) -> str:
    """The last non-empty line a tool printed to stderr, for an error message."""
    lines = [ln.strip() for ln in result.stderr.decode("utf-8", "replace").splitlines()]
    lines = [ln for ln in lines if ln]
    return lines[-1][:200] if lines else f"exit status {result.returncode}"
