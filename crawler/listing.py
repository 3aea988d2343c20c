"""The row text of each item of a list page: what the list says about it.

A CMS re-renders an item's list row when the item is edited (its date is the PubDate),
so comparing tonight's row text with last night's says which known items changed
without fetching them. Rows are the `<li>`, `<tr>`, `<dd>` or `<p>` around the item's
link; JPage datastores keep theirs in CDATA, which an HTML parse does not see, so their
record markup is read as well.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from parsel import Selector

from crawler.platforms import hanweb

NEAREST_ROW = "ancestor::*[self::li or self::tr or self::dd or self::p][1]"
SPACE = re.compile(r"\s+")


def _rows(selector: Selector, base_url: str, out: dict[str, str]) -> None:
    for anchor in selector.css("a[href]"):
        href = (anchor.attrib.get("href") or "").strip()
        if not href:
            continue
        url = urljoin(base_url, href).split("#", 1)[0]
        node = anchor.xpath(NEAREST_ROW) or anchor
        text = SPACE.sub(" ", " ".join(node.css("::text").getall())).strip()
        title = (anchor.attrib.get("title") or "").strip()
        if title and title not in text:
            text = f"{title} {text}"
        out.setdefault(url, text)


def entries(html: str, base_url: str) -> dict[str, str]:
    """{item URL: its row text} for every link of a list page or JPage proxy answer."""
    out: dict[str, str] = {}
    for record in hanweb.records(html):
        _rows(Selector(text=record, type="html"), base_url, out)
    _rows(Selector(text=html, type="html"), base_url, out)
    return out
