"""Distributed crawling on scrapy-redis: real redis-server, real workers, the simulated web.

Each test starts its own `redis-server` (a password, no persistence, in a tmp dir) on a free
port, and runs the real commands as subprocesses: `nianbao crawl --redis` (the coordinator,
the archive's only writer) and `nianbao worker` processes. RELIABILITY.md A7, faults 13, 14,
15 and 48.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis
import sqlite_utils
from redis.backoff import NoBackoff
from redis.retry import Retry

from crawler import requestjson
from nianbao.distributed import RedisUnavailable, connect
from simweb.server import running
from tests.nianbao.helpers import run_nianbao as nianbao
from tests.nianbao.test_kill import captures_so_far, content

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        shutil.which("redis-server") is None,
        reason="redis-server is not installed (.ci/run installs Debian's redis-server)",
    ),
]

PASSWORD = "nianbao-test-secret"
SITES = ("trs",)  # one site keeps the added test time small; hanweb's POST lists work too
# set to run fault 13 with stock scrapy-redis's destructive pop (the test must then fail)
STOCK = os.environ.get("NIANBAO_TEST_STOCK_SCRAPY_REDIS") == "1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def redis_server(tmp_path: Path):
    port = free_port()
    process = subprocess.Popen(
        [
            "redis-server",
            "--port", str(port),
            "--bind", "127.0.0.1",
            "--requirepass", PASSWORD,
            "--save", "",
            "--appendonly", "no",
            "--dir", str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    client = redis.Redis(port=port, password=PASSWORD)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)
    try:
        yield port, client
    finally:
        process.terminate()
        process.wait(10)


def redis_url(port: int) -> str:
    return f"redis://:{PASSWORD}@127.0.0.1:{port}/0"


def popen(log: Path, *args: object) -> subprocess.Popen:
    with open(log, "wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "nianbao", *map(str, args)], stdout=out, stderr=out
        )


def coordinator(log: Path, port: int, db: Path, homes: list[str]) -> subprocess.Popen:
    urls = [a for home in homes for a in ("--url", home)]
    return popen(log, "crawl", "--redis", redis_url(port), *urls, "--allow-private", "--local",
                 "--db", db)  # fmt: skip


def worker(log: Path, port: int, *settings: str) -> subprocess.Popen:
    return popen(log, "worker", "--redis", redis_url(port), "--wait", 30,
                 *[a for s in settings for a in ("-s", s)])  # fmt: skip


def wait(process: subprocess.Popen, log: Path, timeout: float = 120) -> None:
    try:
        code = process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        raise AssertionError(log.read_text()[-3000:]) from None
    assert code == 0, log.read_text()[-3000:]


def captured_urls(db: Path) -> set[str]:
    return {r["url"] for r in sqlite_utils.Database(db).query("select url from captures")}


@pytest.fixture(scope="module")
def web():
    with running() as web:
        yield web


@pytest.fixture(scope="module")
def single(web, tmp_path_factory):
    """The same sites crawled by one machine, as today."""
    db = tmp_path_factory.mktemp("single") / "archive.db"
    homes = [web.base_url(name) + "/" for name in SITES]
    result = nianbao("crawl", *[a for h in homes for a in ("--url", h)], "--allow-private",
                     "--local", "--db", db)  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return db


def test_redis_refuses_a_connection_without_credentials(tmp_path):
    """Fault 48: the frontier decides what workers fetch; only holders of the password write it."""
    with redis_server(tmp_path) as (port, client):
        once = Retry(NoBackoff(), 0)  # redis-py retries a refused login with backoff
        with pytest.raises(redis.AuthenticationError):
            redis.Redis(port=port, retry=once).ping()
        with pytest.raises(redis.AuthenticationError):
            redis.Redis(port=port, retry=once).set("nianbao:run", "x")
        with pytest.raises(redis.AuthenticationError):
            redis.Redis(port=port, password="wrong", retry=once).ping()
        assert client.ping()
        with pytest.raises(RedisUnavailable, match="unavailable"):
            connect(f"redis://127.0.0.1:{port}/0")


def test_queue_entries_are_json_and_name_nothing_importable():
    """Fault 48: requests in Redis are JSON; an entry naming another class or callback, or a
    pickle, is refused before anything is built from it."""
    import pickle

    from scrapy import FormRequest

    request = FormRequest(
        "http://a.example/dataproxy.jsp",
        formdata={"col": "1"},
        headers={"Referer": "http://a.example/col/"},
        meta={"role": "list", "list_key": ("POST", "http://a.example/", b"col=1")},
    )
    data = requestjson.dumps(request.to_dict())
    back = requestjson.loads(data)
    assert back["body"] == b"col=1"
    assert back["headers"][b"Referer"] == [b"http://a.example/col/"]
    assert back["meta"]["list_key"] == ("POST", "http://a.example/", b"col=1")
    for evil in (
        {**request.to_dict(), "_class": "subprocess.Popen"},
        {**request.to_dict(), "callback": "close"},
    ):
        with pytest.raises(requestjson.UnsafeEntry):
            requestjson.loads(requestjson.dumps(evil))
    with pytest.raises(ValueError):
        requestjson.loads(pickle.dumps(request.to_dict()))


def test_two_workers_crawl_what_one_machine_crawls(web, single, tmp_path):
    """A worker that closes early (fault 14) leaves the shared queue and duplicate filter to
    the others; two workers then finish the run; captures and reports equal one machine's."""
    db = tmp_path / "dist" / "archive.db"
    homes = [web.base_url(name) + "/" for name in SITES]
    with redis_server(tmp_path) as (port, client):
        coord = coordinator(tmp_path / "coordinator.log", port, db, homes)
        early = worker(tmp_path / "early.log", port, "CLOSESPIDER_PAGECOUNT=3")
        wait(early, tmp_path / "early.log")
        run = client.get("nianbao:run").decode()
        assert client.get(f"nianbao:{run}:state") == b"running"
        for site in range(len(SITES)):
            assert client.exists(f"nianbao:{run}:site{site}:dupefilter")
        assert sum(client.zcard(f"nianbao:{run}:site{s}:requests") for s in range(2)) > 0
        assert coord.poll() is None
        logs = [tmp_path / "w1.log", tmp_path / "w2.log"]
        workers = [worker(log, port) for log in logs]
        wait(coord, tmp_path / "coordinator.log")
        for process, log in zip(workers, logs, strict=True):
            wait(process, log, timeout=30)  # they leave once the coordinator says it is over
    assert captured_urls(db) == captured_urls(single)
    got, expected = content(db), content(single)
    assert len(got["reports"]) > 15
    assert got == expected


def leased_by(client: redis.Redis, run: str, pid: int) -> dict[str, str]:
    """{lease id: URL} of the requests the worker with this pid holds."""
    out = {}
    for lease_id, info in client.hgetall(f"nianbao:{run}:lease_info").items():
        if requestjson.decode(info)[2].endswith(f":{pid}"):
            data = client.hget(f"nianbao:{run}:leases", lease_id)
            request = requestjson.decode(data) if data else {}
            if request.get("meta", {}).get("role") in ("detail", "attachment"):
                out[lease_id.decode()] = request["url"]
    return out


def test_a_killed_workers_requests_are_fetched_by_the_survivor(web, single, tmp_path):
    """Fault 13: SIGKILL a worker while it holds leased requests; their leases expire, the
    reaper puts them back and the survivor fetches them: the archive ends as complete as an
    uninterrupted crawl. With stock scrapy-redis (NIANBAO_TEST_STOCK_SCRAPY_REDIS=1: a
    destructive pop, no lease) the same kill loses them and this test fails."""
    db = tmp_path / "dist" / "archive.db"
    home = web.base_url("trs") + "/"
    settings = ["NIANBAO_REDIS_LEASE_SECONDS=2"]
    if STOCK:
        settings.append("NIANBAO_REDIS_LEASE=False")
    with redis_server(tmp_path) as (port, client):
        coord = coordinator(tmp_path / "coordinator.log", port, db, [home])
        victim = worker(tmp_path / "victim.log", port, *settings)
        deadline = time.monotonic() + 60
        held: dict[str, str] = {}
        while True:
            assert time.monotonic() < deadline, "the victim never held requests"
            assert victim.poll() is None, (tmp_path / "victim.log").read_text()[-3000:]
            run = (client.get("nianbao:run") or b"").decode()
            if STOCK:  # no record of what it holds: kill it once it has fetched a little
                if run and client.llen(f"nianbao:{run}:items") + captures_so_far(db) >= 12:
                    break
            elif run:
                held = leased_by(client, run, victim.pid)
                if len(held) >= 2:
                    break
            time.sleep(0.005)
        os.kill(victim.pid, signal.SIGKILL)
        victim.wait()
        survivor = worker(tmp_path / "survivor.log", port, *settings)
        wait(coord, tmp_path / "coordinator.log")
        wait(survivor, tmp_path / "survivor.log", timeout=30)
    urls = captured_urls(db)
    assert set(held.values()) <= urls
    assert urls == captured_urls(single)
    assert content(db) == content(single)
    run_row = next(sqlite_utils.Database(db)["crawl_runs"].rows)
    if not STOCK:
        requeued = re.search(r"(\d+) expired leases requeued", run_row["message"])
        assert requeued and int(requeued.group(1)) >= 1, run_row["message"]


def test_redis_down_exits_8_and_publishes_nothing(web, tmp_path):
    """Fault 15: Redis unreachable at start, then gone mid-run: a one-line error, exit status
    8, nothing published; the next run goes on."""
    db = tmp_path / "archive.db"
    public = tmp_path / "public" / "archive.db"
    home = web.base_url("trs") + "/"
    dead = f"redis://:{PASSWORD}@127.0.0.1:{free_port()}/0"
    result = nianbao("nightly", "--redis", dead, "--url", home, "--allow-private", "--local",
                     "--db", db, "--publish-to", public)  # fmt: skip
    assert result.returncode == 8, result.stderr[-3000:]
    assert "unavailable" in result.stderr.splitlines()[-1]
    assert PASSWORD not in result.stderr
    assert not public.exists()
    (run,) = sqlite_utils.Database(db)["crawl_runs"].rows
    assert run["status"] == "failed"

    # mid-run: the coordinator is waiting for workers when Redis goes away
    with redis_server(tmp_path) as (port, client):
        log = tmp_path / "mid.log"
        nightly = popen(log, "nightly", "--redis", redis_url(port), "--url", home,
                        "--allow-private", "--local", "--db", db, "--publish-to", public)  # fmt: skip
        deadline = time.monotonic() + 60
        while not client.get("nianbao:run"):
            assert time.monotonic() < deadline and nightly.poll() is None, log.read_text()
            time.sleep(0.05)
    assert nightly.wait(60) == 8, log.read_text()[-3000:]
    assert not public.exists()

    # the next run goes on (on a small site: what matters is that it runs and publishes)
    small = web.base_url("govcn") + "/"
    again = nianbao("nightly", "--url", small, "--allow-private", "--local", "--db", db,
                    "--publish-to", public)  # fmt: skip
    assert again.returncode == 0, again.stderr[-3000:]
    assert public.exists()
    statuses = [r["status"] for r in sqlite_utils.Database(db)["crawl_runs"].rows]
    assert statuses == ["failed", "failed", "ok"]
