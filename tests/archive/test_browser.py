"""The published archive in a real browser: headless Chromium (Debian's package) against
`nianbao serve --public` on 127.0.0.1 (issue 7).

Chromium itself is the driver: `--dump-dom` prints the DOM after the page's scripts ran,
and `--virtual-time-budget` holds the dump until the page is idle (the dashboards' data
fetches and the vega rendering included), so no WebDriver or Playwright is needed. Each
page is also saved as a screenshot under test-artifacts/browser/ for a human to look at.
"""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from lxml import html as lxml_html

from archive.captures import record_capture
from archive.db import open_db
from archive.process import report_id
from archive.publish import datasette_command, prepare_for_serving
from archive.store import BlobStore
from archive.warc import WarcWriter
from tests.archive.helpers import build_publish_archive

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts" / "browser"
SEED_URL = "http://example.gov.cn/seed/004.html"  # 宁波市鄞州区司法局 2020
ORIGINAL = (
    "<html><head><title>原件</title><script>document.title = 'script ran'</script></head>"
    "<body><p id=original>宁波市鄞州区司法局2020年政府信息公开工作年度报告（存档原件）</p></body></html>"
).encode()
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,1800",
    "--virtual-time-budget=20000",
]

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium")
    pytest.skip(
        "Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("browser")
    path = build_publish_archive(root / "nianbao.db")
    db = open_db(path)
    with WarcWriter(root / "warc", run_id=1) as writer:
        capture_id = record_capture(
            db,
            BlobStore(root / "blobs"),
            url=SEED_URL,
            status=200,
            headers={"Content-Type": "text/html; charset=utf-8"},
            body=ORIGINAL,
            role="detail",
            fetched_at="2025-01-01T00:00:00+00:00",
            warc=writer,
        )
    db["reports"].update(report_id(SEED_URL), {"capture_id": capture_id})
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.disable_wal()
    db.close()
    prepare_for_serving(path, public=True)
    port = _free_port()
    process = subprocess.Popen(
        datasette_command(path, port=port, public=True),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/-/versions.json", timeout=2).read()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(process.stderr.read().decode()[-2000:]) from None
            time.sleep(0.3)
    yield {"base": base, "path": path, "capture_id": capture_id}
    process.terminate()
    process.wait(timeout=20)


def browse(server: dict, path: str, name: str, tmp_path: Path):
    """The DOM of `path` after its scripts ran, parsed; a screenshot saved as `name`.png."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    url = server["base"] + path
    runs = {}
    for mode in ("dom", "shot"):
        profile = tmp_path / f"profile-{name}-{mode}"  # a fresh profile for every start
        extra = ["--dump-dom"] if mode == "dom" else [f"--screenshot={ARTIFACTS / name}.png"]
        runs[mode] = subprocess.run(
            [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *extra, url],
            capture_output=True,
            timeout=120,
        )
        assert runs[mode].returncode == 0, runs[mode].stderr.decode()[-2000:]
    assert (ARTIFACTS / f"{name}.png").stat().st_size > 5000
    return lxml_html.fromstring(runs["dom"].stdout.decode("utf-8"))


def _query(server: dict, sql: str, *params) -> list:
    conn = sqlite3.connect(server["path"])
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def test_home_page(server, tmp_path):
    dom = browse(server, "/", "home", tmp_path)
    assert "政府信息公开工作年度报告档案" in dom.findtext(".//h1")
    assert dom.xpath("//a[@href='/nianbao']")
    assert "Download the whole SQLite file" in dom.text_content()
    assert dom.xpath("//a[@href='/-/dashboards/applications']")


def test_search_for_xingzheng_fuyi(server, tmp_path):
    dom = browse(server, "/nianbao/reports?_search=行政复议", "search", tmp_path)
    expected = _query(
        server,
        "select title from reports where instr(title || coalesce(text, ''), '行政复议')",
    )
    assert len(expected) >= 5
    assert f"{len(expected)} rows" in dom.text_content()
    assert set(dom.xpath("//input[@name='_search']/@value")) == {"行政复议"}
    shown = {td.text_content().strip() for td in dom.xpath("//td[contains(@class, 'col-title')]")}
    assert {title for (title,) in expected} <= shown


def test_report_page_shows_title_and_numbers(server, tmp_path):
    rid = report_id(SEED_URL)
    dom = browse(server, f"/nianbao/reports/{rid}", "report", tmp_path)
    (title,) = _query(server, "select title from reports where id = ?", rid)[0:1]
    assert dom.findtext(".//h1").strip() == title[0]
    assert "宁波市鄞州区司法局" in title[0]
    (cell,) = dom.xpath("//td[@data-row='new_received'][@data-column='natural_person']")
    assert cell.text_content().strip() == "2"
    (value,) = _query(
        server,
        "select value from applications where report_id = ? and row = 'new_received'"
        " and [column] = 'natural_person'",
        rid,
    )[0]
    assert value == 2
    (link,) = dom.xpath("//a[@class='archived-original']/@href")
    assert link == f"/-/capture/{server['capture_id']}"


def test_archived_original_opens_without_running_its_scripts(server, tmp_path):
    dom = browse(server, f"/-/capture/{server['capture_id']}", "original", tmp_path)
    assert "存档原件" in dom.xpath("//p[@id='original']")[0].text_content()
    assert dom.findtext(".//title") == "原件"  # its script would have renamed the page


def test_dashboard_draws_both_charts(server, tmp_path):
    # ?year= (empty): every year, instead of the default year the dashboard redirects to
    dom = browse(server, "/-/dashboards/applications?year=", "dashboard", tmp_path)
    years = _query(
        server,
        "select distinct r.year from reports r join applications a on a.report_id = r.id"
        " where a.row = 'new_received' and a.[column] = 'total' and r.status != 'removed'",
    )
    years += _query(
        server,
        "select distinct r.year from reports r join legacy_stats l on l.report_id = r.id"
        " where l.key = 'requests_received' and r.status != 'removed'",
    )
    bars = dom.xpath(
        "//*[@id='chart-trend']//*[local-name()='g'][contains(@class, 'mark-rect')]/*[local-name()='path']"
    )
    assert len(bars) == len(set(years)) >= 2
    provinces = _query(
        server,
        "select count(distinct province) from reports r join applications a on a.report_id = r.id"
        " where a.[column] = 'total' and r.status != 'removed' and r.province is not null",
    )[0][0]
    segments = dom.xpath(
        "//*[@id='chart-outcomes']//*[local-name()='g'][contains(@class, 'mark-rect')]/*[local-name()='path']"
    )
    assert provinces >= 2 and len(segments) >= provinces
    axis = dom.xpath("//*[@id='chart-outcomes']//*[local-name()='text']")
    assert {"浙江省", "宁夏回族自治区"} <= {t.text_content() for t in axis}
