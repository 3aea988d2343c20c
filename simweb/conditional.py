"""Conditional GETs, as nginx answers them for static files.

Every 200 answer to a GET or HEAD carries a strong `ETag` (a digest of the body) and keeps
the site's `Last-Modified`; a request whose `If-None-Match` names the current ETag, or
(without `If-None-Match`, RFC 9110 §13.2.2) whose `If-Modified-Since` is not older than
`Last-Modified`, gets `304 Not Modified` with no body. This is what lets a nightly crawl of
an unchanged site cost a fraction of the first one.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from email.utils import parsedate_to_datetime

from simweb.base import Request, Response

# headers a 304 repeats from the 200 it stands for (RFC 9110 §15.4.5)
KEPT_ON_304 = ("ETag", "Last-Modified", "Cache-Control", "Expires", "Date", "Vary")


def entity_tag(body: bytes) -> str:
    return '"' + hashlib.sha1(body).hexdigest()[:20] + '"'


def _matches(header: str, etag: str) -> bool:
    tags = [t.strip().removeprefix("W/") for t in header.split(",")]
    return "*" in tags or etag in tags


def _not_modified_since(header: str, last_modified: str | None) -> bool:
    if not last_modified:
        return False
    try:
        return parsedate_to_datetime(last_modified) <= parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return False  # an unparsable date is ignored, as servers do


def conditional(request: Request, response: Response) -> Response:
    """`response` with its validators, or the 304 that replaces it."""
    if request.method not in ("GET", "HEAD") or response.status != 200:
        return response
    headers = dict(response.headers)
    etag = headers.setdefault("ETag", entity_tag(response.body))
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        unchanged = _matches(if_none_match, etag)
    else:
        since = request.headers.get("if-modified-since")
        unchanged = since is not None and _not_modified_since(since, headers.get("Last-Modified"))
    if unchanged:
        kept = {name: value for name, value in headers.items() if name in KEPT_ON_304}
        return replace(response, status=304, headers=kept, body=b"", cut_after=None)
    return replace(response, headers=headers)  # a slow or cut answer stays slow or cut
