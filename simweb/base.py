"""What every simulated site provides to the server, and what it answers with.

A site is a plain object that maps one HTTP request to one response. Keeping sites free of
sockets lets the server decide how hosts are bound (one port per site) and lets tests call
a site directly when they only need its markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass
class Request:
    method: str
    path: str  # path only, percent-decoded, e.g. "/xxgk/zfxxgk/zfxxgknb/index_1.html"
    query: dict[str, list[str]]
    headers: dict[str, str]  # lower-cased names
    body: bytes = b""


@dataclass
class Response:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    @classmethod
    def html(cls, text: str, status: int = 200, charset: str = "utf-8") -> Response:
        return cls(
            status=status,
            headers={"Content-Type": f"text/html; charset={charset}"},
            body=text.encode(charset),
        )

    @classmethod
    def redirect(cls, location: str, status: int = 301) -> Response:
        return cls(status=status, headers={"Location": location}, body=b"")

    @classmethod
    def not_found(cls) -> Response:
        return cls.html("<html><body><h1>404 Not Found</h1></body></html>", status=404)


class Site(Protocol):
    """A simulated government site."""

    name: str

    def handle(self, request: Request) -> Response:
        """Answer one request; `request.path` is relative to the site root."""
        ...

    def manifest(self, base_url: str) -> dict:
        """Ground truth for tests, never linked from the site.

        Keys: "reports" (list of dicts with at least "url", "title", "agency", "year",
        "format", "published"), "distractors" (list of dicts with "url", "title"),
        "traps" (list of dicts with "url", "kind").
        """
        ...
