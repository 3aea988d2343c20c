"""What every simulated site provides to the server, and what it answers with.

A site is a plain object that maps one HTTP request to one response. Keeping sites free of
sockets lets the server decide how hosts are bound (one port per site) and lets tests call
a site directly when they only need its markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import jinja2


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
    delay: float = 0.0  # seconds before the answer starts (a slow host)
    cut_after: int | None = None  # close the connection after this many body bytes

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


def empty_manifest(name: str, **facts: object) -> dict:
    """The manifest of a site that holds no report (a wall, a dead host), plus its facts."""
    return {"site": name, "reports": [], "attachments": [], "distractors": [], "traps": [], **facts}


def site_templates(folder: Path) -> tuple[jinja2.Environment, dict[str, str]]:
    """A site's Jinja2 templates (`templates/`) and article bodies (`bodies/*.html`).

    Autoescaping is on and undefined names fail loudly, so a template typo shows up as a
    500 in the tests rather than as a silently blank page the crawler would learn from.
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder / "templates"),
        autoescape=jinja2.select_autoescape(["html"]),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    bodies = {p.stem: p.read_text(encoding="utf-8") for p in (folder / "bodies").glob("*.html")}
    return env, bodies
