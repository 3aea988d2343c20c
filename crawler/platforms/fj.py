"""Fujian ``/cms/html/`` sites (南平, 漳州, 南靖 …): static page 1, ``sitemanage`` paging.

A column's first page is the static ``/cms/html/<site>/<col>/index.html``; every later page
is served by ``/cms/sitemanage/index.shtml?siteId=<n>&…&page=N`` (SITES.md 1.G). The pager
prints 共N页 and 当前第N页, and its 首页 link points at ``page=1`` of the dynamic form, a
second URL for the page already read, so the walk rebuilds pages 2…N from a pager link.
The pages are GBK; Scrapy decodes them from the ``<meta>`` charset when the header has none.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from parsel import Selector

from crawler.platforms.base import ListPlan, PageRequest, numbered_pages

MANAGE = "/cms/sitemanage/"
TOTAL_PAGES = re.compile(r"共\s*(?P<n>\d+)\s*页")
CURRENT = re.compile(r"当前第\s*(?P<n>\d+)\s*页")
MAX_PAGES = 500  # a bound against a corrupted page count


def detect(html: str) -> bool:
    return "/cms/html/" in html and MANAGE in html


def plan(url: str, html: str) -> ListPlan:
    total = TOTAL_PAGES.search(html)
    current = CURRENT.search(html)
    pages = min(int(total["n"]) if total else 1, MAX_PAGES)
    sel = Selector(text=html)
    for href in sel.css("a::attr(href)").getall():
        link = urljoin(url, href.strip())
        if urlsplit(link).path.startswith(MANAGE) and "page=" in urlsplit(link).query:
            found = numbered_pages(link, "page", pages, int(current["n"]) if current else 1)
            return ListPlan(pages=[PageRequest(u) for u in found])
    return ListPlan()
