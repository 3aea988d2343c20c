"""The forked reader sandbox (parsers/sandbox.py): results, errors, caps, crashes."""

from __future__ import annotations

import os
import signal
import time

import pytest

from parsers import sandbox
from parsers.document import Document
from parsers.limits import DocumentError
from parsers.sandbox import run_isolated


def _read(data: bytes) -> Document:
    return Document(text=data.decode(), source_format="text", warnings=["w"])


def _refuse(data: bytes) -> Document:
    raise DocumentError("encrypted PDF: a password is required")


def _bug(data: bytes) -> Document:
    raise KeyError("/Root")


def _hog(data: bytes) -> Document:
    hoard = []
    while True:
        hoard.append(bytearray(64 << 20))


def _hang(data: bytes) -> Document:
    while True:
        time.sleep(0.05)


def _crash(data: bytes) -> Document:
    os.kill(os.getpid(), signal.SIGSEGV)
    raise AssertionError("unreachable")


def test_result_comes_back_from_the_child() -> None:
    doc = run_isolated(_read, "政府信息".encode() * 50_000)  # larger than a pipe buffer
    assert doc.text == "政府信息" * 50_000
    assert doc.warnings == ["w"]
    assert sandbox.last_stats is not None and sandbox.last_stats.peak_rss_bytes > 0


def test_document_error_passes_through() -> None:
    with pytest.raises(DocumentError, match=r"^encrypted PDF: a password is required$"):
        run_isolated(_refuse, b"")


def test_library_exception_becomes_malformed() -> None:
    with pytest.raises(DocumentError, match=r"^malformed: KeyError: '/Root'$"):
        run_isolated(_bug, b"")


def test_memory_cap_stops_a_hog() -> None:
    with pytest.raises(DocumentError, match="memory limit exceeded"):
        run_isolated(_hog, b"", memory=256 << 20)
    assert sandbox.last_stats.added_rss_bytes < 500 << 20


def _steady(data: bytes) -> Document:
    for _ in range(8):  # 8 steps of 0.2 s: longer than the step limit, each within it
        time.sleep(0.2)
        sandbox.heartbeat()
    return Document(text="done")


def _stalls(data: bytes) -> Document:
    sandbox.heartbeat()
    time.sleep(0.2)
    sandbox.heartbeat()
    return _hang(data)


def test_time_limit_stops_a_hang() -> None:
    with pytest.raises(DocumentError, match=r"^time limit exceeded: reader stopped after \d+ s"):
        run_isolated(_hang, b"", timeout=0.5, total=10)


def test_progress_extends_the_step_limit_not_the_total() -> None:
    assert run_isolated(_steady, b"", timeout=0.5, total=10).text == "done"
    with pytest.raises(DocumentError, match=r"0\.5 s without progress"):
        run_isolated(_stalls, b"", timeout=0.5, total=10)
    with pytest.raises(DocumentError, match=r"1 s in all"):
        run_isolated(_steady, b"", timeout=0.5, total=1)


def test_crash_is_reported() -> None:
    with pytest.raises(DocumentError, match="reader crashed: killed by SIGSEGV"):
        run_isolated(_crash, b"")


def test_parent_carries_on_after_failures() -> None:
    for func in (_refuse, _bug, _crash):
        with pytest.raises(DocumentError):
            run_isolated(func, b"")
    assert run_isolated(_read, b"ok").text == "ok"
