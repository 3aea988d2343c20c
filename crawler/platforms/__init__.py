"""One module per CMS family: how that family paginates a column list.

A platform module exposes `detect(html) -> bool` and either `list_pages(url, html) ->
list[str]` (every further GET page of the list whose first page is `url`) or `plan(url,
html) -> ListPlan` (further pages as request specs, GET or POST, plus item links hidden from
link following, e.g. inside a script's CDATA). The discovery spider asks each platform in
turn; pagination written only in JavaScript is invisible to link following. A platform
whose 年报 column is named only inside a script (gkmlpt's `window._CONFIG.TREE`) also
exposes `columns(url, html) -> list[str]`, asked on home and section pages.
"""

from crawler.platforms import fj, gkmlpt, hanweb, lonsun, trs, vsb
from crawler.platforms.base import ListPlan, PageRequest

PLATFORMS = (trs, hanweb, vsb, gkmlpt, lonsun, fj)

__all__ = [
    "PLATFORMS",
    "ListPlan",
    "PageRequest",
    "column_urls",
    "further_list_pages",
    "list_plan",
]


def list_plan(url: str, html: str) -> ListPlan:
    for platform in PLATFORMS:
        if platform.detect(html):
            if hasattr(platform, "plan"):
                return platform.plan(url, html)
            return ListPlan(pages=[PageRequest(u) for u in platform.list_pages(url, html)])
    return ListPlan()


def further_list_pages(url: str, html: str) -> list[str]:
    """The further GET pages only (the older interface)."""
    return [p.url for p in list_plan(url, html).pages if p.method == "GET"]


def column_urls(url: str, html: str) -> list[str]:
    """年报 columns that a page names only in script (no anchor to follow)."""
    out: list[str] = []
    for platform in PLATFORMS:
        if hasattr(platform, "columns") and platform.detect(html):
            out += [u for u in platform.columns(url, html) if u not in out]
    return out
