"""What a platform module answers about one list page, independent of Scrapy."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit


@dataclass(frozen=True)
class PageRequest:
    """One further page of a list: a GET URL, or a POST of form fields (an XHR proxy)."""

    url: str
    method: str = "GET"
    form: tuple[tuple[str, str], ...] = ()
    headers: tuple[tuple[str, str], ...] = ()


@dataclass
class ListPlan:
    """Further list pages to fetch, and item (detail) URLs that link following cannot see.

    `aliases` maps a twin URL of an item (VSB's jsp form of an ``/info/…htm`` article) to
    the URL the site publishes it under, so one article is fetched and archived once.
    """

    pages: list[PageRequest] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    aliases: dict[str, str] = field(default_factory=dict)


def numbered_pages(template: str, key: str, pages: int, current: int) -> list[str]:
    """Pages 1…`pages` of a list whose page number is the query parameter `key`.

    `template` is one pager link of the site, so every other parameter keeps the site's own
    order and spelling. The page being read is left out, and so is page 1 when reading a
    later page: a walk starts at page 1, whose URL (the column link) often lacks the
    parameter, so a rebuilt page-1 URL would fetch the same list a second time.
    """
    parts = urlsplit(template)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    out = []
    for n in range(1, pages + 1):
        if n == current or (n == 1 and current > 1):
            continue
        query = "&".join(f"{k}={n if k == key else v}" for k, v in pairs)
        out.append(parts._replace(query=query).geturl())
    return out
