"""TRS WCM: list pages `index.html`, `index_1.html` … `index_{countPage-1}.html`.

The pager is written by `createPageHTML(countPage, currentPage, "index", "html")` at run
time, so the raw HTML has no pagination anchors (SITES.md 1.A).
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

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
    current = _value(match["current"], html) or 0
    first_page = urlsplit(url).path.rsplit("/", 1)[-1] in ("", f"{prefix}.{ext}")
    if not first_page:
        # page 1 already named every page; a later page cannot tell a 0-based pager
        # (index_k holds currentPage k) from a 1-based one (the same), so it adds nothing
        return []
    if current == 1:
        # a 1-based pager (non-TRS CMSs copying the script): page 2 is index_2, the last
        # index_{count} (SITES.md 1.A off-by-one variants)
        return [urljoin(url, f"{prefix}_{i}.{ext}") for i in range(2, min(count, MAX_PAGES) + 1)]
    return [urljoin(url, f"{prefix}_{i}.{ext}") for i in range(1, min(count, MAX_PAGES))]
