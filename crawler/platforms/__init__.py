"""One module per CMS family: how that family paginates a column list.

A platform module exposes `detect(html) -> bool` and `list_pages(url, html) -> list[str]`
(every further page of the list whose first page is `url`). The discovery spider asks each
platform in turn; pagination written only in JavaScript is invisible to link following.
"""

from crawler.platforms import trs

PLATFORMS = (trs,)


def further_list_pages(url: str, html: str) -> list[str]:
    for platform in PLATFORMS:
        if platform.detect(html):
            return platform.list_pages(url, html)
    return []
