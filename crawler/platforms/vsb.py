"""博达 VSB (Visual SiteBuilder): count-down static lists, ``aNp`` jsp lists, twin detail URLs.

A VSB column is published twice (SITES.md 1.C):

- statically: ``<col>.htm`` is page 1 and later pages **count down**, ``<col>/<M-1>.htm`` …
  ``<col>/1.htm`` for M pages, so page numbers in file names say nothing about order;
- dynamically: ``<tpl>.jsp?urltype=tree.TreeTempUrl&wbtreeid=<id>`` with the page in a
  prefixed trio ``a<comp>t=<pages>&a<comp>p=<page>&a<comp>c=<size>`` (or ``PAGENUM=``).
  The server answers any page number, past the end with an empty list, so the walk must
  stop at the page count the pager prints (``共52条`` … ``1/11``).

Articles also have two URLs, ``/info/<treeid>/<newsid>.htm`` and ``…jsp?urltype=news.
NewsContentUrl&wbtreeid=<treeid>&wbnewsid=<newsid>``. On a site that publishes statically
(its pages link ``.htm`` files) the jsp form is an alias of the static one, so the plan
maps it there and the article is fetched once, under the URL the site publishes.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urljoin, urlsplit

from parsel import Selector

from crawler.platforms.base import ListPlan, PageRequest, numbered_pages

MARKERS = ("Visual SiteBuilder", "_simple_list_gotopage_fun", "/system/resource/js/")
PAGE_OF = re.compile(r"<span class=\"p_t\">\s*(?P<current>\d+)\s*/\s*(?P<pages>\d+)\s*</span>")
PAGE_OF_LOOSE = re.compile(r"(?<![\d/])(?P<current>\d{1,4})\s*/\s*(?P<pages>\d{1,4})(?![\d/])")
# The older pager: <td id="fanye229009">共52条&nbsp;&nbsp;1/11&nbsp;</td> and a.Next links.
FANYE = re.compile(
    r"""id=["']?fanye\d*["']?[^>]*>\s*共\d+条(?:&nbsp;|\s)*(?P<current>\d+)/(?P<pages>\d+)"""
)
GOTO = re.compile(r"_simple_list_gotopage_fun\(\s*(?P<pages>\d+)\s*,")
TRIO = re.compile(r"(?:^|&)a(?P<comp>\d+)p=\d+")
STATIC_LIST = re.compile(r"/(?P<col>[^/]+)\.htm$")
STATIC_SUBPAGE = re.compile(r"/(?P<col>[^/]+)/(?P<n>\d+)\.htm$")
STATIC_DETAIL = re.compile(r"/info/\d+/\d+\.htm$")
ITEM_URLTYPES = ("news.NewsContentUrl", "egovinfo.EgovInfoContent")
MAX_PAGES = 500  # a bound against a corrupted page count


def detect(html: str) -> bool:
    pager = "p_pages" in html or FANYE.search(html) is not None
    return pager and any(marker in html for marker in MARKERS)


def page_count(html: str) -> int | None:
    """The number of list pages the pager prints (``1/11``, or the go-to script's count)."""
    for pattern in (PAGE_OF, FANYE, GOTO):
        match = pattern.search(html)
        if match:
            return int(match["pages"])
    pager = re.search(r"p_pages.*?</div>", html, re.S)
    match = PAGE_OF_LOOSE.search(pager.group(0)) if pager else None
    return int(match["pages"]) if match else None


def pager_links(url: str, html: str) -> list[str]:
    sel = Selector(text=html)
    hrefs = sel.css(".p_pages a::attr(href), .p_no a::attr(href), a.Next::attr(href)").getall()
    return [urljoin(url, h.strip()) for h in hrefs if h.strip() and not h.startswith("javascript")]


def static_pages(url: str, pages: int) -> list[str]:
    """Every page of a count-down static list, from any of its pages."""
    path = urlsplit(url).path
    sub = STATIC_SUBPAGE.search(path)
    if sub:  # …/<col>/<n>.htm: the first page is ../<col>.htm
        first = urljoin(url, f"../{sub['col']}.htm")
        col = sub["col"]
    else:
        match = STATIC_LIST.search(path)
        if not match:
            return []
        first, col = url.split("?", 1)[0].split("#", 1)[0], match["col"]
    rest = [urljoin(first, f"{col}/{n}.htm") for n in range(pages - 1, 0, -1)]
    return [first, *rest]


def current_page(html: str) -> int:
    match = PAGE_OF.search(html) or FANYE.search(html)
    return int(match["current"]) if match else 1


def dynamic_pages(url: str, html: str, pages: int) -> list[str]:
    """Pages of a jsp list, rebuilt from one of its pager links (see `numbered_pages`)."""
    for link in pager_links(url, html):
        query = urlsplit(link).query
        comp = TRIO.search(query)
        if comp or "PAGENUM=" in query:
            key = f"a{comp['comp']}p" if comp else "PAGENUM"
            return numbered_pages(link, key, pages, current_page(html))
    return []


def aliases(url: str, html: str) -> dict[str, str]:
    """jsp article links → their static ``/info/<tree>/<id>.htm`` form, on a static site."""
    sel = Selector(text=html)
    hrefs = [urljoin(url, h.strip()) for h in sel.css("a::attr(href)").getall() if h.strip()]
    if not any(urlsplit(h).path.endswith(".htm") for h in hrefs):
        return {}  # a dynamic-only site: the jsp form is the only one
    out = {}
    for href in hrefs:
        query = dict(parse_qsl(urlsplit(href).query))
        if query.get("urltype") == "news.NewsContentUrl" and query.get("wbnewsid", "").isdigit():
            tree, news = query.get("wbtreeid", ""), query["wbnewsid"]
            if tree.isdigit():
                out[href] = urljoin(href, f"/info/{tree}/{news}.htm")
    return out


def item_links(url: str, html: str) -> list[str]:
    """Article links of the list: static, jsp and 政务信息公开 (``EgovInfoContent``) forms."""
    sel = Selector(text=html)
    out: list[str] = []
    for href in sel.css("a::attr(href)").getall():
        link = urljoin(url, href.strip()).split("#", 1)[0]
        query = urlsplit(link).query
        is_item = STATIC_DETAIL.search(urlsplit(link).path) or any(
            f"urltype={kind}" in query for kind in ITEM_URLTYPES
        )
        if is_item and link not in out:
            out.append(link)
    return out


def plan(url: str, html: str) -> ListPlan:
    pages = min(page_count(html) or 1, MAX_PAGES)
    if urlsplit(url).path.endswith(".jsp"):
        all_pages = dynamic_pages(url, html, pages)
    else:
        all_pages = static_pages(url, pages)
    further = [PageRequest(u) for u in all_pages if u != url]
    twins = aliases(url, html)
    items = list(dict.fromkeys(twins.get(u, u) for u in item_links(url, html)))
    return ListPlan(pages=further, items=items, aliases=twins)
