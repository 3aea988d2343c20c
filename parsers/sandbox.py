"""Run one binary reader in a forked child with a memory cap and a wall-clock limit.

pdfminer inflates FlateDecode streams with no output cap and can hang on crafted files
(RELIABILITY.md A11, cases 29-30); python-docx and openpyxl read ZIP members whole (A13).
A limit inside the reader cannot stop a C-level allocation or an endless loop, so the
reader runs in a child process: `RLIMIT_AS` bounds its address space, the parent kills it
when it makes no progress for `TIME_PER_STEP` seconds (see `heartbeat`) or has run for
`TIME_PER_DOCUMENT` in all, and whatever happens to the child comes back to the
caller as a `DocumentError` with the reason -- the crawl process never sees the blow-up.

fork (not spawn) keeps the per-document cost low: the reader modules are imported once in
the parent and shared copy-on-write. The child only pickles its result back through a
pipe. HTML and text never come here; they are the hot path and parse in-process.
"""

from __future__ import annotations

import faulthandler
import os
import pickle
import resource
import select
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from parsers.limits import MAX_MEMORY_BYTES, TIME_PER_DOCUMENT, TIME_PER_STEP, DocumentError

_PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass
class ChildStats:
    """What the last isolated run cost: for benchmarks and the hostile-file tests.

    The child's peak RSS counts the parent's pages it inherited resident; what the
    document itself cost is the difference, `added_rss_bytes`.
    """

    peak_rss_bytes: int
    inherited_rss_bytes: int
    seconds: float

    @property
    def added_rss_bytes(self) -> int:
        return max(self.peak_rss_bytes - self.inherited_rss_bytes, 0)


last_stats: ChildStats | None = None


_HEARTBEAT = b"."  # a pickle (protocol >= 2) starts with b"\x80", never with this
_heartbeat_fd: int | None = None  # set in the child only


def heartbeat() -> None:
    """Tell the parent the reader is making progress (a page done): the time limit is per
    step, so a 300-page report is not cut at 8 s while a page that hangs still is.
    Does nothing outside a sandbox child."""
    if _heartbeat_fd is not None:
        os.write(_heartbeat_fd, _HEARTBEAT)


def run_isolated(
    func: Callable[[bytes], Any],
    data: bytes,
    *,
    timeout: float = TIME_PER_STEP,
    total: float = TIME_PER_DOCUMENT,
    memory: int = MAX_MEMORY_BYTES,
) -> Any:
    """`func(data)` computed in a child process; its failures raised as DocumentError.

    The child is killed when `timeout` seconds pass without a `heartbeat()` (or without
    the result, for readers that send none), or after `total` seconds in all.
    `memory` is the address space the child may add to what it inherits from the parent
    (a crawler process may already map hundreds of MB that the child never touches).
    A `DocumentError` raised by `func` passes through unchanged; any other exception, an
    allocation over the cap, a crash or the timeout become a DocumentError naming it.
    """
    global last_stats
    read_fd, write_fd = os.pipe()
    inherited_rss = _statm(1)
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:  # child: never returns
        os.close(read_fd)
        _child(func, data, memory, write_fd)
    os.close(write_fd)
    try:
        payload, timed_out = _collect(read_fd, timeout, max(total, timeout))
    finally:
        os.close(read_fd)
    if timed_out:
        os.kill(pid, signal.SIGKILL)
    _, status, usage = os.wait4(pid, 0)
    last_stats = ChildStats(usage.ru_maxrss * 1024, inherited_rss, time.monotonic() - started)
    if timed_out:
        raise DocumentError(
            f"time limit exceeded: reader stopped after {last_stats.seconds:.0f} s "
            f"(limits: {timeout:g} s without progress, {max(total, timeout):g} s in all)"
        )
    if not payload:
        raise DocumentError(_death_reason(status))
    kind, value = pickle.loads(payload)
    if kind == "ok":
        return value
    raise DocumentError(value)


def _collect(fd: int, timeout: float, total: float) -> tuple[bytes, bool]:
    """The result bytes the child writes before it closes the pipe (heartbeats dropped),
    or (b"", True) when it falls silent for `timeout` s or runs past `total` s."""
    chunks: list[bytes] = []
    now = time.monotonic()
    hard_deadline = now + total
    deadline = min(now + timeout, hard_deadline)
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return b"", True
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            return b"", True
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks), False
        if not chunks:
            chunk = chunk.lstrip(_HEARTBEAT)
        if chunk:
            chunks.append(chunk)
        deadline = min(time.monotonic() + timeout, hard_deadline)


def _child(func: Callable[[bytes], Any], data: bytes, memory: int, fd: int) -> None:
    global _heartbeat_fd
    _heartbeat_fd = fd
    code = 0
    faulthandler.disable()  # a crash is reported as the document's error, not a dump
    _reset_peak_rss()
    try:
        limit = _statm(0) + memory
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)  # a lower cap set from outside stays in force
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        try:
            result: tuple[str, Any] = ("ok", func(data))
        except DocumentError as exc:
            result = ("error", exc.reason)
        except MemoryError:
            result = ("error", f"memory limit exceeded: reader needed over {memory >> 20} MB")
        except RecursionError:
            result = ("error", "malformed: structure nested too deeply")
        except Exception as exc:  # any library failure on a bad file is that file's error
            result = ("error", f"malformed: {type(exc).__name__}: {exc}"[:500])
        try:
            payload = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            payload = pickle.dumps(("error", "memory limit exceeded while returning result"))
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view) :]
    except BaseException:
        code = 70
    finally:
        os._exit(code)


def _reset_peak_rss() -> None:
    """Start this process's peak-RSS count afresh (Linux keeps the parent's across fork,
    so without this `ru_maxrss` would report the crawler's peak, not the reader's)."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass  # not Linux, or /proc read-only: the figure stays an upper bound


def _statm(field: int) -> int:
    """Field of /proc/self/statm in bytes: 0 virtual size, 1 resident set."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[field]) * _PAGE


def _death_reason(status: int) -> str:
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        name = signal.Signals(sig).name if sig in signal.Signals._value2member_map_ else sig
        return f"reader crashed: killed by {name}"
    return f"reader crashed: exit status {os.waitstatus_to_exitcode(status)} without a result"
