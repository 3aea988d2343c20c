"""Anhui 龙讯 Lonsun: ``/public/column/<organId>?type=3`` pages filled by the label API.

The 年报 page (type 3) carries no list: a script fetches ``/site/label/<n>?IsAjax=1&dataType=
html&labelName=publicInfoList&…&pageIndex=N`` and the pager is initialised with
``pageCount:N`` (SITES.md 1.E). The label API answers an HTML fragment of ``div.xxgk_navli``
items and, past the last page, only its ``result`` text (暂无相关信息) with status 200, so the
walk takes its length from ``pageCount``, never from an empty answer. Where the pager is
printed inside the first answer instead of the page, that answer's ``pageCount`` is used.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urljoin, urlsplit

from parsel import Selector

from crawler.platforms.base import ListPlan, PageRequest

LABEL_URL = re.compile(r"""['"](?P<url>(?:https?://[^'"/]+)?/site/label/\d+\?[^'"]*)['"]""")
PAGE_COUNT = re.compile(r"""\bpageCount['"]?\s*:\s*['"]?(?P<n>\d+)""")
MAX_PAGES = 500  # a bound against a corrupted pageCount
FRAGMENT_HEADERS = (("X-Requested-With", "XMLHttpRequest"),)


def detect(html: str) -> bool:
    return "/site/label/" in html or "xxgk_navli" in html[:5000]


def is_label_answer(url: str) -> bool:
    return "/site/label/" in urlsplit(url).path


def label_pages(url: str, html: str) -> list[str]:
    """Every page of the label list the page's script loads (``pageIndex`` 1…pageCount)."""
    for match in LABEL_URL.finditer(html):
        label = match["url"]
        if "labelName=publicInfoList" not in label and "labelName=" in label:
            continue
        count = PAGE_COUNT.search(html)
        pages = min(int(count["n"]) if count else 1, MAX_PAGES)
        label = re.sub(r"&pageIndex=[^&]*|&_=[^&]*", "", label)
        return [urljoin(url, f"{label}&pageIndex={n}") for n in range(1, pages + 1)]
    return []


def _pages_named_in_answer(url: str, html: str) -> list[PageRequest]:
    """Some templates print the pager, with its pageCount, inside the first page's answer."""
    query = dict(parse_qsl(urlsplit(url).query))
    count = PAGE_COUNT.search(html)
    if query.get("pageIndex", "1") != "1" or not count:
        return []
    base = re.sub(r"&pageIndex=[^&]*|&_=[^&]*", "", url)
    pages = min(int(count["n"]), MAX_PAGES)
    return [
        PageRequest(f"{base}&pageIndex={n}", headers=FRAGMENT_HEADERS) for n in range(2, pages + 1)
    ]


def item_links(url: str, html: str) -> list[str]:
    sel = Selector(text=html)
    hrefs = sel.css(".xxgk_navli a::attr(href)").getall()
    return list(dict.fromkeys(urljoin(url, h.strip()) for h in hrefs if h.strip()))


def plan(url: str, html: str) -> ListPlan:
    if is_label_answer(url):
        return ListPlan(pages=_pages_named_in_answer(url, html), items=item_links(url, html))
    pages = [PageRequest(u, headers=FRAGMENT_HEADERS) for u in label_pages(url, html)]
    return ListPlan(pages=pages, items=item_links(url, html))
