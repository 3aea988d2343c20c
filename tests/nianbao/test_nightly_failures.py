"""A nightly run that fails says why, exits non-zero and leaves the published file alone."""

from __future__ import annotations

import socket

import pytest
import sqlite_utils

from simweb.server import running
from tests.archive.test_snapshot import archive_with
from tests.nianbao.helpers import run_nianbao as nianbao

pytestmark = pytest.mark.e2e


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def nightly(url: str, db_path, published):
    return nianbao(
        "nightly",
        "--url",
        url,
        "--allow-private",
        "--local",
        "--db",
        db_path,
        "--publish-to",
        published,
    )


def test_a_failed_crawl_publishes_nothing(tmp_path):
    db_path, published = tmp_path / "archive.db", tmp_path / "public.db"
    url = f"http://127.0.0.1:{closed_port()}/"
    result = nightly(url, db_path, published)
    assert result.returncode == 1
    assert "nightly FAILED" in result.stderr and "crawl failed" in result.stderr
    assert not published.exists()
    (run,) = sqlite_utils.Database(db_path)["crawl_runs"].rows
    assert (run["kind"], run["status"]) == ("nightly", "failed")
    assert "nothing published" in run["message"]


def test_a_collapsed_archive_keeps_yesterdays_published_file(tmp_path):
    db_path = tmp_path / "archive.db"
    published = archive_with(tmp_path / "public" / "nianbao.db", 500)  # yesterday's file
    before = published.read_bytes()
    with running() as web:
        result = nightly(web.base_url("trs") + "/", db_path, published)
        reports = len(web.manifest("trs")["reports"])
    assert result.returncode == 1
    assert "publish failed" in result.stderr and f"reports 500 → {reports} rows" in result.stderr
    assert published.read_bytes() == before
    (run,) = sqlite_utils.Database(db_path)["crawl_runs"].rows
    assert run["status"] == "failed" and "publish failed" in run["message"]
    assert run["reports_new"] == reports  # the archive itself has the night's work
