"""TRS WCM: list pages `index.html`, `index_1.html` … `index_{countPage-1}.html`.

The pager is written by `createPageHTML(countPage, currentPage, "index", "html")` at run
time, so the raw HTML has no pagination anchors (SITES.md 1.A).
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

CREATE_PAGE = re.compile(
    r"createPageHTML\(\s*(?P<count>\w+)\s*,\s*(?P<current>\w+)\s*,\s*['\"](?P<prefix>[\w-]+)['\"]\s*,"
    r"\s*['\"](?P<ext>\w+)['\"]"
)
VAR = r"var\s+{}\s*=\s*(\d+)"
MAX_PAGES = 500  # a bound against a corrupted countPage


def detect(html: str) -> bool:
    return "createPageHTML" in html


def _value(token: str, html: str) -> int | None:
    if token.isdigit():
        return int(token)
    match = re.search(VAR.format(re.escape(token)), html)
    return int(match.group(1)) if match else None


def list_pages(url: str, html: str) -> list[str]:
    match = CREATE_PAGE.search(html)
    if not match:
        return []
    count = _value(match["count"], html) or 1
    prefix, ext = match["prefix"], match["ext"]
    return [urljoin(url, f"{prefix}_{i}.{ext}") for i in range(1, min(count, MAX_PAGES))]
