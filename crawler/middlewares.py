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
