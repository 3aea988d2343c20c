"""Downloader middlewares that Scrapy does not ship."""

from __future__ import annotations

import functools
import ipaddress
import logging
import socket
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from crawler.challenges import recognise

log = logging.getLogger(__name__)


@functools.lru_cache(maxsize=4096)
def _resolve(host: str) -> tuple[str, ...]:
    try:
        return tuple({info[4][0] for info in socket.getaddrinfo(host, None)})
    except OSError:
        return ()  # unresolvable: let the download fail with Scrapy's own DNS error


def is_private_address(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


class PrivateAddressGuard:
    """Refuse requests (redirect hops included) to loopback, private and link-local hosts.

    Scrapy has no SSRF filter; a government page (or a hostile mirror) can link or redirect
    to 127.0.0.1, 10/8 or 169.254.169.254. Requests are checked after name resolution, on
    every hop, because redirects come back through the downloader middlewares. The
    simulated web needs loopback, so the operator can allow private addresses explicitly.
    """

    def __init__(self, crawler: Crawler, allow_private: bool) -> None:
        self.crawler = crawler
        self.allow_private = allow_private

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PrivateAddressGuard:
        return cls(crawler, crawler.settings.getbool("NIANBAO_ALLOW_PRIVATE"))

    def process_request(self, request: Request) -> None:
        if self.allow_private:
            return
        host = urlsplit(request.url).hostname or ""
        try:
            addresses: tuple[str, ...] = (str(ipaddress.ip_address(host.strip("[]"))),)
        except ValueError:
            addresses = _resolve(host)
        if any(is_private_address(a) for a in addresses):
            self.crawler.stats.inc_value("nianbao/blocked/private_address")
            raise IgnoreRequest(f"private address refused: {request.url} -> {addresses}")


class ConditionalRequests:
    """Revalidate what the archive already holds: If-None-Match / If-Modified-Since.

    On for incremental (nightly) runs. Each GET of a URL the archive has a 200 answer for
    carries that answer's ETag and Last-Modified. A 304 is handed to the spider as the
    archived response (so a list page still yields its items and further pages), flagged
    `not_modified`, with the 304's own status and headers in `meta["nianbao_304"]`: the
    archive records the 304, not a copy of old bytes. Like HttpCacheMiddleware's RFC2616
    policy, minus its freshness heuristics: every night revalidates, nothing is assumed fresh.
    """

    def __init__(self, crawler: Crawler, db_path: str | None, blobs: str | None) -> None:
        from archive.db import open_db
        from archive.store import BlobStore
        from crawler.pipelines import blob_root

        self.crawler = crawler
        self.db = open_db(db_path) if db_path else None
        self.store = BlobStore(blob_root(db_path, blobs)) if db_path else None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalRequests:
        from scrapy.exceptions import NotConfigured

        if not crawler.settings.getbool("NIANBAO_INCREMENTAL"):
            raise NotConfigured("full crawl: no conditional requests")
        return cls(
            crawler, crawler.settings.get("NIANBAO_DB"), crawler.settings.get("NIANBAO_BLOBS")
        )

    def process_request(self, request: Request) -> None:
        from archive.listings import previous_capture

        if self.db is None or request.method != "GET":
            return
        stale = request.meta.get("nianbao_previous")
        if stale is not None:
            if stale["url"] == request.url:
                return
            # a redirect copied the meta and validators of the URL it came from
            del request.meta["nianbao_previous"]
            for name in ("If-None-Match", "If-Modified-Since"):
                request.headers.pop(name, None)
        if b"If-None-Match" in request.headers or b"If-Modified-Since" in request.headers:
            return
        previous = previous_capture(self.db, request.url)
        if previous is None:
            return
        previous["url"] = request.url
        validators = {k.lower(): v for k, v in previous["headers"].items()}
        if "etag" in validators:
            request.headers["If-None-Match"] = validators["etag"]
        if "last-modified" in validators:
            request.headers["If-Modified-Since"] = validators["last-modified"]
        if "etag" in validators or "last-modified" in validators:
            request.meta["nianbao_previous"] = previous

    def process_response(self, request: Request, response):
        from scrapy.http import Headers
        from scrapy.responsetypes import responsetypes

        previous = request.meta.get("nianbao_previous")
        if response.status != 304 or not previous or previous["url"] != request.url:
            return response
        if self.store is None:
            return response
        self.crawler.stats.inc_value("nianbao/not_modified")
        request.meta["nianbao_304"] = {
            "status": response.status,
            "headers": {
                k.decode("latin-1"): b", ".join(v).decode("latin-1")
                for k, v in response.headers.items()
            },
        }
        body = self.store.get(previous["sha256"])
        headers = Headers(previous["headers"])
        cls = responsetypes.from_args(headers=headers, url=request.url, body=body)
        return cls(
            url=response.url,
            status=200,
            headers=headers,
            body=body,
            request=request,
            flags=["not_modified"],
        )
class ChallengeGuard:
    """Mark a host blocked on its first anti-bot challenge and drop its further requests.

    Sits between RetryMiddleware (550) and HttpCompressionMiddleware (590), so it reads the
    decompressed body and answers before Retry could see the status. A JS challenge (Ruishu
    412/202, jiasule 521) blocks the host at once; a WAF 403 blocks it when it guards the
    site's entry (home, section or column) or answers WAF_403_LIMIT requests in a row, since
    one forbidden directory on an open site (gov.cn's /zhengce/zhengceku/) is not a block.
    Challenge pages are never passed on, so no callback stores them and nothing retries.
    The reasons go into the stats as `nianbao/blocked_hosts` for the crawl run's record.
    """

    WAF_403_LIMIT = 3
    ENTRY_ROLES = frozenset({"home", "section", "column"})

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.blocked: dict[str, str] = {}
        self.waf_streak: dict[str, int] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ChallengeGuard:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        host = urlsplit(request.url).netloc
        if host in self.blocked:
            self.crawler.stats.inc_value("nianbao/blocked/dropped")
            raise IgnoreRequest(f"host blocked ({self.blocked[host]}): {request.url}")

    def process_response(self, request: Request, response: Response) -> Response:
        host = urlsplit(request.url).netloc
        challenge = recognise(
            response.status, response.headers.getlist("Set-Cookie"), response.body
        )
        if challenge is None:
            self.waf_streak.pop(host, None)
            return response
        self.crawler.stats.inc_value(f"nianbao/challenges/{challenge.kind}")
        streak = self.waf_streak[host] = self.waf_streak.get(host, 0) + 1
        if (
            challenge.blocks_at_once
            or request.meta.get("role") in self.ENTRY_ROLES
            or streak >= self.WAF_403_LIMIT
        ):
            self.block(host, challenge.reason)
        raise IgnoreRequest(f"{challenge.reason}: {request.url}")

    def block(self, host: str, reason: str) -> None:
        if host not in self.blocked:
            log.warning("host %s blocked: %s", host, reason)
            self.blocked[host] = reason
            self.crawler.stats.set_value("nianbao/blocked_hosts", dict(self.blocked))
