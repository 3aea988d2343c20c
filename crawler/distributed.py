"""Distributed crawling on scrapy-redis: what a worker's Scrapy runs with.

Redis holds the frontier of one run (keys in `RunKeys`), shared by every worker; the
archive stays on the coordinator's machine (nianbao.distributed), written by one process.
What stock scrapy-redis lacks, and this adds (RELIABILITY.md A7, faults 11, 13, 14, 48):

- **a lease**: popping a request moves it atomically (a Lua script) from the site's queue into
  the run's lease table with an expiry. The worker renews its leases while it works on them
  and, once Scrapy is done with a request (its callback ran, its items were handed over, the
  requests it yielded are queued), sends a `done` message after that request's items. The
  coordinator releases the lease when it reads that message, i.e. after it committed the
  captures before it. A lease whose worker died expires and the coordinator's reaper puts
  the request back in its queue.
- **an atomic enqueue**: the duplicate filter's fingerprint and the queue entry are added in
  one script, so a killed worker never leaves a request marked seen but not queued.
- **persistence**: nothing is flushed when a worker opens or closes (SCHEDULER_PERSIST,
  and `close` does nothing); the coordinator resets a run's keys explicitly.
- **JSON, never pickle** (crawler.requestjson) for requests and items alike.
- the duplicate filter takes Scrapy's own fingerprinter (crawler.twins), as a single-machine
  crawl does, not scrapy-redis's URL-only fingerprint.
"""

from __future__ import annotations

import logging
from dataclasses import asdict

import redis
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Request
from scrapy.utils.defer import deferred_from_coro
from scrapy_redis import connection
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler
from twisted.internet import task

from crawler import requestjson
from crawler.items import Capture, Listing
from crawler.spiders.discover import DiscoverySpider

log = logging.getLogger(__name__)

PREFIX = "nianbao"

# KEYS: queue, leases, lease info, lease expiry, lease counter; ARGV: ttl ms, owner
POP_LEASED = """
local item = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #item == 0 then return false end
redis.call('ZREM', KEYS[1], item[1])
local id = redis.call('INCR', KEYS[5])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[4], now + tonumber(ARGV[1]), id)
redis.call('HSET', KEYS[2], id, item[1])
redis.call('HSET', KEYS[3], id, cjson.encode({KEYS[1], item[2], ARGV[2]}))
return {id, item[1]}
"""
# KEYS: lease expiry; ARGV: ttl ms, lease ids...
RENEW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local n = 0
for i = 2, #ARGV do
  if redis.call('ZSCORE', KEYS[1], ARGV[i]) then
    redis.call('ZADD', KEYS[1], now + tonumber(ARGV[1]), ARGV[i])
    n = n + 1
  end
end
return n
"""
# KEYS: leases, lease info, lease expiry; ARGV: 'expired' or lease ids.
# Puts each lease's request back in its queue (with its score) and drops the lease.
REQUEUE = """
local ids = {}
if ARGV[1] == 'expired' then
  local t = redis.call('TIME')
  local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  ids = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now)
else
  ids = ARGV
end
local n = 0
for _, id in ipairs(ids) do
  local data = redis.call('HGET', KEYS[1], id)
  local info = redis.call('HGET', KEYS[2], id)
  if data and info then
    local queue = cjson.decode(info)
    redis.call('ZADD', queue[1], queue[2], data)
    n = n + 1
  end
  redis.call('HDEL', KEYS[1], id)
  redis.call('HDEL', KEYS[2], id)
  redis.call('ZREM', KEYS[3], id)
end
return n
"""
# KEYS: leases, lease info, lease expiry; ARGV: lease ids
RELEASE = """
for _, id in ipairs(ARGV) do
  redis.call('HDEL', KEYS[1], id)
  redis.call('HDEL', KEYS[2], id)
  redis.call('ZREM', KEYS[3], id)
end
return #ARGV
"""
# KEYS: busy; ARGV: member, ttl ms (0: not busy)
BUSY = """
if ARGV[2] == '0' then return redis.call('ZREM', KEYS[1], ARGV[1]) end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
return redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
"""
BUSY_MS = 3000  # a worker that stops saying it is busy (killed) no longer holds the run open
# KEYS: dupefilter, queue; ARGV: fingerprint, score, request, filter ('1' or '0')
ENQUEUE = """
if ARGV[4] == '1' and redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
return 1
"""


class RunKeys:
    """The Redis keys of one distributed run (`run` is unique per coordinator run)."""

    current = f"{PREFIX}:run"  # the run workers should join

    def __init__(self, run: str) -> None:
        self.run = run
        base = f"{PREFIX}:{run}"
        self.config = f"{base}:config"
        self.state = f"{base}:state"  # running (renewed by a live coordinator), finished, failed
        self.items = f"{base}:items"  # captures, listings, done messages for the coordinator
        self.leases = f"{base}:leases"  # lease id -> request (JSON)
        self.lease_info = f"{base}:lease_info"  # lease id -> [queue key, score, owner]
        self.lease_expiry = f"{base}:lease_expiry"  # lease id -> expiry (ms, Redis clock)
        self.lease_seq = f"{base}:lease_seq"
        self.workers = f"{base}:workers"  # worker id -> what it last said
        self.busy = f"{base}:busy"  # worker/site -> until when it said it is busy (ms)

    def site(self, index: int) -> str:
        """The namespace of one site of the run (every site's spider has the same name)."""
        return f"{PREFIX}:{self.run}:site{index}"

    def queue(self, index: int) -> str:
        return f"{self.site(index)}:requests"

    def dupefilter(self, index: int) -> str:
        return f"{self.site(index)}:dupefilter"


def enqueue(
    server: redis.Redis,
    keys: RunKeys,
    index: int,
    request: dict,
    fp: str,
    *,
    score: float,
    dont_filter: bool = False,
) -> bool:
    """Mark a request seen and queue it, in one step; False if it was seen before."""
    added = server.eval(
        ENQUEUE,
        2,
        keys.dupefilter(index),
        keys.queue(index),
        fp,
        score,
        requestjson.dumps(request),
        "0" if dont_filter else "1",
    )
    return bool(added)


def requeue_expired(server: redis.Redis, keys: RunKeys) -> int:
    """The reaper: requests whose lease expired go back to their queue; how many."""
    return int(server.eval(REQUEUE, 3, keys.leases, keys.lease_info, keys.lease_expiry, "expired"))


def release(server: redis.Redis, keys: RunKeys, lease_ids: list[str]) -> None:
    if lease_ids:
        server.eval(RELEASE, 3, keys.leases, keys.lease_info, keys.lease_expiry, *lease_ids)


class WorkerSpider(DiscoverySpider):
    """The discovery spider on a worker: the coordinator seeds its queue, so `start` yields
    nothing; `redis_site` is the index of its site in the run."""

    def __init__(self, *args: object, redis_site: int = 0, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.redis_site = int(redis_site)

    async def start(self):
        return
        yield  # an async generator that yields nothing


class LeasedQueue(PriorityQueue):
    """scrapy-redis's priority queue whose pop leases the request (stock pop if lease off)."""

    def setup(self, keys: RunKeys, lease_ms: int, owner: str, lease: bool) -> None:
        self.keys = keys
        self.lease_ms = lease_ms
        self.owner = owner
        self.lease = lease
        self.held: dict[str, Request] = {}  # lease id -> the request Scrapy works on

    def pop(self, timeout: int = 0) -> Request | None:
        if not self.lease:
            return super().pop(timeout)  # stock: destructive, no record of what is in flight
        k = self.keys
        popped = self.server.eval(
            POP_LEASED,
            5,
            self.key,
            k.leases,
            k.lease_info,
            k.lease_expiry,
            k.lease_seq,
            self.lease_ms,
            self.owner,
        )
        if not popped:
            return None
        lease_id, data = (v.decode() if isinstance(v, bytes) else str(v) for v in popped)
        try:
            request = self._decode_request(data)
        except Exception:
            log.error("dropped a queue entry that is not a request of ours: %.200s", data)
            release(self.server, k, [lease_id])
            return None
        self.held[lease_id] = request
        return request


class LeasedScheduler(Scheduler):
    """scrapy-redis's scheduler with per-run, per-site keys, leases, an atomic enqueue and
    no flushing ever (a worker closing must not clear what the others share)."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LeasedScheduler:
        scheduler = super().from_crawler(crawler)
        scheduler.crawler = crawler
        return scheduler

    def open(self, spider: WorkerSpider) -> None:
        settings = self.crawler.settings
        keys = RunKeys(settings.get("NIANBAO_REDIS_RUN"))
        self.spider = spider
        self.keys = keys
        self.index = spider.redis_site
        self.fingerprinter = self.crawler.request_fingerprinter
        self.queue = LeasedQueue(
            server=self.server,
            spider=spider,
            key=keys.queue(self.index),
            serializer=self.serializer,
        )
        self.queue.setup(
            keys,
            int(settings.getfloat("NIANBAO_REDIS_LEASE_SECONDS") * 1000),
            settings.get("NIANBAO_REDIS_WORKER", "worker"),
            settings.getbool("NIANBAO_REDIS_LEASE"),
        )
        self.df = None  # the enqueue script is the duplicate filter
        if len(self.queue):
            spider.log(f"Joining the run ({len(self.queue)} requests queued)")

    def close(self, reason: str) -> None:
        """Nothing: the queue and duplicate filter are the run's, reset by its coordinator."""

    def flush(self) -> None:
        raise RuntimeError("a worker never flushes the shared frontier")

    def enqueue_request(self, request: Request) -> bool:
        fp = self.fingerprinter.fingerprint(request).hex()
        added = enqueue(
            self.server,
            self.keys,
            self.index,
            request.to_dict(spider=self.spider),
            fp,
            score=-request.priority,
            dont_filter=request.dont_filter,
        )
        if added and self.stats:
            self.stats.inc_value("scheduler/enqueued/redis", spider=self.spider)
        return added


class RedisItemPipeline:
    """A worker's only exit: each Capture/Listing goes to the run's item list as JSON, for
    the coordinator to write into the archive (crawler.pipelines.ArchiveWriter)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.keys = RunKeys(crawler.settings.get("NIANBAO_REDIS_RUN"))
        self.server = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedisItemPipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        self.server = connection.from_settings(self.crawler.settings)

    def process_item(self, item: Capture | Listing) -> Capture | Listing:
        kind = "listing" if isinstance(item, Listing) else "capture"
        self.server.rpush(self.keys.items, requestjson.encode({"kind": kind, "item": asdict(item)}))
        if kind == "capture":
            self.crawler.stats.inc_value(f"nianbao/captures/{item.role}")
        return item


def item_from_message(message: dict) -> Capture | Listing:
    """The item a worker sent (crawler.requestjson), rebuilt for the archive."""
    fields = message["item"]
    kind = {"listing": Listing, "capture": Capture}[message["kind"]]
    item = kind(**fields)
    if isinstance(item, Capture) and not isinstance(item.body, bytes):
        raise TypeError("a capture's body is bytes")
    return item


class LeaseKeeper:
    """A worker's heartbeat, per crawler: says which leased requests Scrapy is done with
    (after their items), renews the others, keeps the spider open while the run goes on,
    and stops it when the coordinator says the run is over or Redis is gone."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.keys = RunKeys(settings.get("NIANBAO_REDIS_RUN"))
        self.interval = settings.getfloat("NIANBAO_REDIS_TICK_SECONDS")
        self.lease_ms = int(settings.getfloat("NIANBAO_REDIS_LEASE_SECONDS") * 1000)
        self.worker = settings.get("NIANBAO_REDIS_WORKER", "worker")
        self.run_over = False
        self.redis_failed: str | None = None
        self.loop = task.LoopingCall(self.tick)
        crawler.signals.connect(self.opened, signal=signals.spider_opened)
        crawler.signals.connect(self.idle, signal=signals.spider_idle)
        crawler.signals.connect(self.closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LeaseKeeper:
        keeper = cls(crawler)
        crawler.lease_keeper = keeper
        return keeper

    def opened(self) -> None:
        self.scheduler = self.crawler.engine._slot.scheduler
        self.loop.start(self.interval, now=False)

    def idle(self) -> None:
        if not self.run_over and not self.redis_failed:
            raise DontCloseSpider

    def tick(self) -> None:
        slot = self.crawler.engine._slot
        if slot is None or slot.closing:
            return
        scheduler = slot.scheduler
        try:
            self._report(scheduler.server, scheduler.queue, slot.inprogress)
        except redis.RedisError as exc:
            self.redis_failed = f"redis unreachable: {exc}"
            log.error("%s; stopping this worker", self.redis_failed)
            self.loop.stop()
            deferred_from_coro(self.crawler.engine.close_spider_async(reason="redis_unavailable"))
            return
        if self.run_over:  # finished, or its coordinator is gone: fetch nothing more
            self.loop.stop()
            deferred_from_coro(self.crawler.engine.close_spider_async(reason="finished"))
            return
        slot.nextcall.schedule()  # look at the shared queue again (other workers fill it)

    def _report(self, server: redis.Redis, queue: LeasedQueue, inprogress: set) -> None:
        done = [lid for lid, request in queue.held.items() if request not in inprogress]
        pipe = server.pipeline(transaction=False)
        for lease_id in done:
            pipe.rpush(self.keys.items, requestjson.encode({"kind": "done", "lease": lease_id}))
            del queue.held[lease_id]
        if queue.held:
            pipe.eval(RENEW, 1, self.keys.lease_expiry, self.lease_ms, *queue.held)
        member = f"{self.worker}/{queue.key}"
        pipe.eval(BUSY, 1, self.keys.busy, member, BUSY_MS if inprogress else 0)
        pipe.get(self.keys.state)
        state = pipe.execute()[-1]
        # gone: the coordinator died (its state expires) or a new run reset the keys
        self.run_over = state != b"running"

    def closed(self, reason: str) -> None:
        if self.loop.running:
            self.loop.stop()
        scheduler = getattr(self, "scheduler", None)
        queue = getattr(scheduler, "queue", None)
        if self.redis_failed or queue is None:
            return
        try:
            # closed before the run ended (a page budget, a signal): what it held goes back
            if queue.held:
                server = scheduler.server
                server.eval(
                    REQUEUE,
                    3,
                    self.keys.leases,
                    self.keys.lease_info,
                    self.keys.lease_expiry,
                    *queue.held,
                )
                queue.held.clear()
            member = f"{self.worker}/{queue.key}"
            scheduler.server.eval(BUSY, 1, self.keys.busy, member, 0)
            scheduler.server.hset(self.keys.workers, member, f"closed {reason}")
        except redis.RedisError as exc:
            self.redis_failed = f"redis unreachable: {exc}"
