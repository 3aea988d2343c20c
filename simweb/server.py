"""Serve the simulated government web on 127.0.0.1, one port per site.

Each site is a virtual host bound to its own port, the way SITES.md suggests, so every
site has its own origin (robots.txt, cookies, per-host politeness) exactly as a real
agency site would. The server runs in daemon threads so a test, the demo and `nianbao
simweb` can start it, crawl it from the same process and stop it.
"""

from __future__ import annotations

import importlib
import socket
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

from simweb.base import Request, Response, Site
from simweb.conditional import conditional

# Every simulated site, one line each: name -> (demo port as in SITES.md section 3,
# "module:Class", constructor keywords). Tests pass port 0 (any free port).
SITE_TABLE: dict[str, tuple[int, str, dict[str, object]]] = {
    "trs": (8101, "simweb.sites.trs:TrsSite", {}),
    "hanweb": (8102, "simweb.sites.hanweb:HanwebSite", {}),
    "vsb": (8103, "simweb.sites.vsb:VsbSite", {}),
    "gkmlpt": (8104, "simweb.sites.gkmlpt:GkmlptSite", {}),
    "lonsun": (8105, "simweb.sites.lonsun:LonsunSite", {}),
    "govcn": (8106, "simweb.sites.govcn:GovcnSite", {}),
    "fj": (8107, "simweb.sites.fj:FjSite", {}),
    "trsgbk": (8111, "simweb.sites.trsgbk:TrsGbkSite", {}),
    "static": (8108, "simweb.sites.static:StaticSite", {}),
    "antibot": (8109, "simweb.sites.antibot:AntibotSite", {"wall": "ruishu"}),
    "antibot-jsl": (8112, "simweb.sites.antibot:AntibotSite", {"wall": "jiasule"}),
    "antibot-waf": (8113, "simweb.sites.antibot:AntibotSite", {"wall": "waf"}),
    "mirror": (8110, "simweb.sites.mirror:MirrorSite", {}),
    "other": (8114, "simweb.sites.mirror:OtherSite", {}),
}
DEFAULT_PORTS = {name: port for name, (port, _, _) in SITE_TABLE.items()}


def site_ports(first: int) -> dict[str, int]:
    """Ports for every site, keeping DEFAULT_PORTS' spacing from `first` (0: any free port).

    A port already taken falls back to a free one, so a second demo does not fail to start.
    """
    if not first:
        return dict.fromkeys(DEFAULT_PORTS, 0)
    offset = first - DEFAULT_PORTS["trs"]
    return {name: _free_or_any(port + offset) for name, port in DEFAULT_PORTS.items()}


def _free_or_any(port: int) -> int:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return 0
    return port


def build_sites(**options: object) -> dict[str, Site]:
    """Every simulated site, constructed with the same options (e.g. second_night)."""
    sites: dict[str, Site] = {}
    for name, (_, target, keywords) in SITE_TABLE.items():
        module, cls = target.split(":")
        site = getattr(importlib.import_module(module), cls)(**keywords, **options)
        assert site.name == name, (name, site.name)
        sites[name] = site
    return sites


@dataclass
class RequestLog:
    """What the sites were asked, so tests can count requests per site and path."""

    entries: list[tuple[str, str, str, int]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    sizes: list[int] = field(default_factory=list)  # body bytes sent, one per entry

    def add(self, site: str, method: str, path: str, status: int, size: int = 0) -> None:
        with self.lock:
            self.entries.append((site, method, path, status))
            self.sizes.append(size)

    def bytes_sent(self, site: str | None = None) -> int:
        with self.lock:
            return sum(
                n for e, n in zip(self.entries, self.sizes, strict=True) if site in (None, e[0])
            )

    def count(self, site: str | None = None) -> int:
        with self.lock:
            return sum(1 for e in self.entries if site is None or e[0] == site)


def _handler_for(site: Site, log: RequestLog) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "nginx"  # what most agency sites announce
        sys_version = ""

        def _serve(self) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            request = Request(
                method=self.command,
                path=unquote(parts.path) or "/",
                query=parse_qs(parts.query, keep_blank_values=True),
                headers={k.lower(): v for k, v in self.headers.items()},
                body=body,
            )
            try:
                response = conditional(request, site.handle(request))
            except Exception as exc:  # a site bug must show up as a 500, not a hung socket
                response = Response.html(f"<h1>500</h1><pre>{exc!r}</pre>", status=500)
            log.add(site.name, self.command, self.path, response.status, len(response.body))
            if response.delay:
                time.sleep(response.delay)
            self.send_response(response.status)
            for name, value in response.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(response.body)))
            self.end_headers()
            if self.command == "HEAD":
                return
            if response.cut_after is None:
                self.wfile.write(response.body)
                return
            # a reset mid-body: part of the promised Content-Length, then the socket closes
            self.wfile.write(response.body[: response.cut_after])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)

        do_GET = do_POST = do_HEAD = _serve

        def log_message(self, format: str, *args: object) -> None:
            pass  # the RequestLog keeps what matters; stderr stays for the crawler's progress

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that gave up (a timeout, a reset we caused) is normal here, not an error."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class SimulatedWeb:
    """All simulated sites, each on its own 127.0.0.1 port."""

    def __init__(self, ports: dict[str, int] | None = None, **options: object) -> None:
        self.sites = build_sites(**options)
        self.ports = dict(ports or {})
        self.log = RequestLog()
        self._servers: dict[str, ThreadingHTTPServer] = {}

    def start(self) -> SimulatedWeb:
        for name, site in self.sites.items():
            server = _Server(("127.0.0.1", self.ports.get(name, 0)), _handler_for(site, self.log))
            self._servers[name] = server
            threading.Thread(
                target=server.serve_forever, name=f"simweb-{name}", daemon=True
            ).start()
        peers = {name: self.base_url(name) for name in self._servers}
        for site in self.sites.values():
            # sites that link to each other (a record on another host, a 301 off-host)
            # learn where their peers listen once every port is bound
            if hasattr(site, "peers"):
                site.peers.update(peers)
        return self

    def stop(self) -> None:
        for server in self._servers.values():
            server.shutdown()
            server.server_close()
        self._servers.clear()

    def base_url(self, name: str) -> str:
        host, port = self._servers[name].server_address[:2]
        return f"http://{host}:{port}"

    def manifest(self, name: str) -> dict:
        return self.sites[name].manifest(self.base_url(name))

    def start_urls(self) -> list[str]:
        """Where a crawl of each site starts: its `start_paths` (default: the home page)."""
        return [
            self.base_url(name) + path
            for name, site in self.sites.items()
            for path in getattr(site, "start_paths", ["/"])
        ]


@contextmanager
def running(ports: dict[str, int] | None = None, **options: object) -> Iterator[SimulatedWeb]:
    web = SimulatedWeb(ports, **options).start()
    try:
        yield web
    finally:
        web.stop()
