"""One report, several URLs: the twin rule, applied where the crawler can see it — the URL.

Government CMSs publish the same page under more than one URL (SITES.md 1.B-1.D, 3/S2-S4):
a static directory page and its ``index.html``; VSB's ``xxgk_content.jsp?…wbnewsid=N``
dynamic form of ``/info/<tree>/N.htm``; gkmlpt's mobile ``mpost_N.html`` beside
``post_N.html``; Hanweb column URLs with client-side ``uid``/``pageNum`` parameters; URLs
carrying a session id. Where the URL alone proves two URLs are one page, the crawler treats
them as one request: `twin_key` maps every twin to one key, and `TwinFingerprinter` (Scrapy's
REQUEST_FINGERPRINTER_CLASS) fingerprints that key, so Scrapy's own duplicate filter fetches
the first twin it meets and drops the others. A platform that knows its site's preferred
form (VSB's static pages) may rewrite the URL before that (``ListPlan.aliases``).

Where the URL cannot tell — the same report in two columns under different article ids,
a re-published copy, an NFCMS path next to a gkmlpt one — both pages are fetched and the
archive, which sees the bytes, is the place to recognise one report by its content.
"""

from __future__ import annotations

import re
from typing import Self
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.utils.request import RequestFingerprinter

DIRECTORY_INDEX = re.compile(r"/index\.(?:html?|shtml)$", re.IGNORECASE)
GKMLPT_MOBILE = re.compile(r"/mpost_(\d+)\.html$")
HANWEB_COLUMN = re.compile(r"^/col/col\d+/(?:index\.html)?$")
HANWEB_CLIENT_PARAMS = {"uid", "pagenum"}
SESSION_PATH = re.compile(r";(?:jsessionid|phpsessid|sid)=[^/?]*", re.IGNORECASE)
SESSION_PARAMS = re.compile(r"^(?:jsessionid|phpsessid|aspsessionid\w*|sid)$", re.IGNORECASE)


def twin_key(url: str) -> str:
    """The URL every twin of `url` shares; `url` itself when it has no known twin."""
    parts = urlsplit(url)
    path = SESSION_PATH.sub("", parts.path)
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _session(k, v)
    ]
    params = {k.lower(): v for k, v in query}
    if params.get("urltype") == "news.NewsContentUrl" and {"wbtreeid", "wbnewsid"} <= set(params):
        # VSB: the dynamic article page is the static /info/<tree>/<news>.htm
        path, query = f"/info/{params['wbtreeid']}/{params['wbnewsid']}.htm", []
    elif HANWEB_COLUMN.match(path):
        query = [(k, v) for k, v in query if k.lower() not in HANWEB_CLIENT_PARAMS]
    path = GKMLPT_MOBILE.sub(r"/post_\1.html", path)
    if not query:
        path = DIRECTORY_INDEX.sub("/", path)
    return urlunsplit((parts.scheme, parts.netloc.lower(), path, urlencode(query), ""))


def _session(key: str, value: str) -> bool:
    if key.lower() == "sid":
        return bool(re.fullmatch(r"[0-9a-fA-F]{32}", value))  # Heritrix's rule: sid=<32 hex>
    return bool(SESSION_PARAMS.match(key))


class TwinFingerprinter:
    """Scrapy's request fingerprint, taken of the twin key instead of the raw URL."""

    def __init__(self, crawler: Crawler | None = None) -> None:
        self.default = RequestFingerprinter(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def fingerprint(self, request: Request) -> bytes:
        key = twin_key(request.url)
        return self.default.fingerprint(request if key == request.url else request.replace(url=key))
