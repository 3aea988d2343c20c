"""Distributed crawling: a coordinator beside the archive, workers anywhere, Redis between.

- `run_coordinator` (`nianbao crawl --redis URL`, `nianbao nightly --redis URL`) runs on the
  archive's machine: it resets the run's Redis keys, seeds each site's queue with the
  spider's start requests, writes what the workers send into the archive through the same
  ArchiveWriter a local crawl uses, releases each lease once the captures before its `done`
  message are committed, puts expired leases back in their queue (the reaper), and ends the
  run when no request is queued, leased or busy on a worker and no message is left.
- `run_worker` (`nianbao worker --redis URL`) runs Scrapy with crawler.distributed's
  scheduler, pipeline and heartbeat for the run the coordinator announced, and exits when
  the coordinator says the run is over.

The flow stays one-way (crawler → archive → parsers → archive) and the archive has one
writer, the coordinator. Redis down, at start or mid-run, is `RedisUnavailable`: the
command exits with EXIT_REDIS and nothing is published.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import secrets
import socket
import sys
import time
from collections import Counter
from urllib.parse import quote, urlsplit, urlunsplit

import redis

from crawler import requestjson
from crawler.distributed import (
    RunKeys,
    WorkerSpider,
    enqueue,
    item_from_message,
    release,
    requeue_expired,
)

log = logging.getLogger(__name__)

EXIT_REDIS = 8  # as Browsertrix's RedisUnavailable
# a run whose coordinator stopped renewing its state (killed) is over for its workers
STATE_TTL_MS = 30_000
# what a coordinator may tell its workers to set (its config is data in Redis, not code)
WORKER_SETTINGS = {
    "NIANBAO_ALLOW_PRIVATE",
    "DOWNLOAD_DELAY",
    "AUTOTHROTTLE_ENABLED",
    "CONCURRENT_REQUESTS_PER_DOMAIN",
    "RANDOMIZE_DOWNLOAD_DELAY",
    "DOWNLOAD_TIMEOUT",
}


class RedisUnavailable(Exception):
    """Redis could not be reached or refused us; the message says where and why."""


class RunTimedOut(Exception):
    """The distributed run did not finish in the time allowed."""


def redacted(url: str) -> str:
    """The Redis URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def with_password(url: str) -> str:
    """`url`, with $NIANBAO_REDIS_PASSWORD as its password if it names none."""
    parts = urlsplit(url)
    password = os.environ.get("NIANBAO_REDIS_PASSWORD")
    if parts.password is not None or not password:
        return url
    user = quote(parts.username or "", safe="")
    netloc = f"{user}:{quote(password, safe='')}@{parts.netloc.rpartition('@')[2]}"
    return urlunsplit(parts._replace(netloc=netloc))


def connect(url: str) -> redis.Redis:
    """A checked connection to the Redis at `url` (redis://[user]:password@host:port/db)."""
    try:
        server = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=10)
        server.ping()
    except (redis.RedisError, ValueError) as exc:
        raise RedisUnavailable(f"redis at {redacted(url)} unavailable: {exc}") from exc
    return server


def reset(server: redis.Redis) -> int:
    """Delete every key of earlier runs (one Redis serves one archive); how many."""
    keys = list(server.scan_iter(match="nianbao:*", count=1000))
    for start in range(0, len(keys), 500):
        server.delete(*keys[start : start + 500])
    return len(keys)


def start_requests(home: str | None, column: str | None) -> list:
    """The requests a site's DiscoverySpider starts from."""

    async def collect(spider):
        return [request async for request in spider.start()]

    from crawler.spiders.discover import DiscoverySpider

    return asyncio.run(collect(DiscoverySpider(start_url=home, column_url=column)))


def seed(server: redis.Redis, keys: RunKeys, targets: list[tuple[str | None, str | None]]) -> int:
    """Queue each site's start requests, marked seen as a local crawl's scheduler would."""
    from crawler.spiders.discover import DiscoverySpider
    from crawler.twins import TwinFingerprinter

    fingerprinter = TwinFingerprinter()
    count = 0
    for index, (home, column) in enumerate(targets):
        spider = DiscoverySpider(start_url=home, column_url=column)
        for request in start_requests(home, column):
            fp = fingerprinter.fingerprint(request).hex()
            data = request.to_dict(spider=spider)
            count += enqueue(server, keys, index, data, fp, score=-request.priority)
    return count


# The run is over when nothing is queued, leased or busy on a worker, and no message waits.
# KEYS: items, lease expiry, busy workers, queues...
IS_OVER = """
if redis.call('LLEN', KEYS[1]) > 0 then return 0 end
if redis.call('ZCARD', KEYS[2]) > 0 then return 0 end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
if redis.call('ZCOUNT', KEYS[3], now, '+inf') > 0 then return 0 end
for i = 4, #KEYS do
  if redis.call('ZCARD', KEYS[i]) > 0 then return 0 end
end
return 1
"""


def run_coordinator(
    writer,
    run_id: int,
    targets: list[tuple[str | None, str | None]],
    redis_url: str,
    *,
    worker_settings: dict | None = None,
    timeout: float = 6 * 3600,
    batch: int = 200,
) -> dict:
    """Coordinate one distributed run, writing into `writer` (an open ArchiveWriter).

    Returns counts (captures, listings, leases requeued); raises RedisUnavailable or
    RunTimedOut. The caller opens and closes the writer and records the run."""
    redis_url = with_password(redis_url)
    server = connect(redis_url)
    keys = RunKeys(f"{run_id}-{secrets.token_hex(4)}")
    counts: Counter = Counter()
    try:
        reset(server)
        config = {
            "targets": [list(t) for t in targets],
            "settings": {k: v for k, v in (worker_settings or {}).items() if k in WORKER_SETTINGS},
        }
        server.set(keys.config, json.dumps(config))
        server.set(keys.state, "running", px=STATE_TTL_MS)
        counts["seeded"] = seed(server, keys, targets)
        server.set(RunKeys.current, keys.run)  # last: workers join a run that is complete
        print(
            f"[nianbao] distributed run {keys.run} on {redacted(redis_url)}: "
            f"{len(targets)} sites seeded, waiting for workers",
            file=sys.stderr,
            flush=True,
        )
        over_keys = [keys.items, keys.lease_expiry, keys.busy]
        over_keys += [keys.queue(i) for i in range(len(targets))]
        deadline = time.monotonic() + timeout
        next_check = 0.0
        while True:
            messages = _take(server, keys.items, batch)
            done = []
            for raw in messages:
                try:
                    message = requestjson.decode(raw)
                    if message.get("kind") == "done":
                        done.append(str(message["lease"]))
                        continue
                    item = item_from_message(message)
                except (ValueError, KeyError, TypeError, AttributeError):
                    # not what a worker sends: never archived, and said
                    counts["rejected"] += 1
                    print(f"[nianbao] rejected a message: {raw[:200]!r}", file=sys.stderr)
                    continue
                writer.write(item)
                counts[message["kind"]] += 1
            release(server, keys, done)  # after the captures before them were committed
            if time.monotonic() >= next_check:
                next_check = time.monotonic() + 1.0
                server.set(keys.state, "running", px=STATE_TTL_MS)  # the coordinator lives
                counts["requeued"] += requeue_expired(server, keys)
                if server.eval(IS_OVER, len(over_keys), *over_keys):
                    break
                if time.monotonic() > deadline:
                    server.set(keys.state, "failed")
                    raise RunTimedOut(f"distributed run not finished after {timeout:.0f} s")
        server.set(keys.state, "finished")
    except redis.RedisError as exc:
        raise RedisUnavailable(f"redis at {redacted(redis_url)} unavailable: {exc}") from exc
    return dict(counts)


def _take(server: redis.Redis, key: str, batch: int) -> list[bytes]:
    """Up to `batch` messages, waiting up to half a second for the first."""
    first = server.blpop([key], timeout=0.5)
    if first is None:
        return []
    pipe = server.pipeline()
    pipe.lrange(key, 0, batch - 2)
    pipe.ltrim(key, batch - 1, -1)
    rest, _ = pipe.execute()
    return [first[1], *rest]


def worker_settings(run: str, worker: str, redis_url: str, config: dict) -> dict:
    """The Scrapy settings of a worker of `run`: crawler.distributed's parts, no archive."""
    return {
        **{k: v for k, v in config.get("settings", {}).items() if k in WORKER_SETTINGS},
        "SCHEDULER": "crawler.distributed.LeasedScheduler",
        "SCHEDULER_PERSIST": True,  # never flush the shared frontier (fault 14)
        "SCHEDULER_FLUSH_ON_START": False,
        "SCHEDULER_SERIALIZER": "crawler.requestjson",  # JSON, never pickle (fault 48)
        # LeasedScheduler filters duplicates in its enqueue script with Scrapy's own
        # fingerprinter; this only satisfies scrapy-redis's constructor
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "REDIS_URL": redis_url,
        "REDIS_PARAMS": {"socket_timeout": 10, "socket_connect_timeout": 5},
        "ITEM_PIPELINES": {
            "crawler.pipelines.ArchivePipeline": None,
            "crawler.distributed.RedisItemPipeline": 300,
        },
        "EXTENSIONS": {"crawler.distributed.LeaseKeeper": 500},
        "NIANBAO_REDIS_RUN": run,
        "NIANBAO_REDIS_WORKER": worker,
        # the archive is on another machine: no conditional requests, no "known" items
        "NIANBAO_INCREMENTAL": False,
    }


def wait_for_run(server: redis.Redis, wait: float) -> RunKeys | None:
    """The run a coordinator announced and still runs, waiting up to `wait` s (0: forever)."""
    deadline = time.monotonic() + wait
    while True:
        run = server.get(RunKeys.current)
        if run:
            keys = RunKeys(run.decode())
            if server.get(keys.state) == b"running":
                return keys
        if wait and time.monotonic() > deadline:
            return None
        time.sleep(0.3)


def run_worker(
    redis_url: str, *, wait: float = 0, overrides: dict | None = None, verbose: bool = False
) -> int:
    """Work on one run, then return the exit status (0, or EXIT_REDIS; 3 if no run came)."""
    from scrapy.crawler import CrawlerProcess

    from nianbao.crawl import project_settings

    redis_url = with_password(redis_url)
    try:
        server = connect(redis_url)
        keys = wait_for_run(server, wait)
        if keys is None:
            print(f"[nianbao] worker: no run to join after {wait:.0f} s", file=sys.stderr)
            return 3
        config = json.loads(server.get(keys.config))
    except redis.RedisError as exc:
        raise RedisUnavailable(f"redis at {redacted(redis_url)} unavailable: {exc}") from exc
    worker = f"{socket.gethostname()}:{os.getpid()}"
    print(f"[nianbao] worker {worker} joins run {keys.run}", file=sys.stderr, flush=True)
    settings = project_settings()
    settings.setdict(
        {
            **worker_settings(keys.run, worker, redis_url, config),
            "LOG_LEVEL": "INFO" if verbose else "WARNING",
            "LOG_INSTALL_ROOT_HANDLER": verbose,
            **(overrides or {}),
        },
        priority="cmdline",
    )
    if not verbose:
        logging.getLogger("scrapy").setLevel(logging.WARNING)
    process = CrawlerProcess(settings)
    crawlers = []
    for index, (home, column) in enumerate(config["targets"]):
        crawler = process.create_crawler(WorkerSpider)
        process.crawl(crawler, start_url=home, column_url=column, redis_site=index)
        crawlers.append(crawler)
    process.start()
    failures = [getattr(c, "lease_keeper", None) and c.lease_keeper.redis_failed for c in crawlers]
    failures = [f for f in failures if f]
    if failures:
        raise RedisUnavailable(failures[0])
    return 0


__all__ = ["EXIT_REDIS", "RedisUnavailable", "run_coordinator", "run_worker"]
