"""S1's GB2312 twin: charset only in <meta>, .htm details, .shtml lists, a 1-based sub-column."""

import re

from simweb.base import Request
from simweb.sites.trsgbk import TrsGbkSite

SITE = TrsGbkSite()
COLUMN = "/xxgk/zfxxgk/zfxxgknb/"


def get(path: str):
    return SITE.handle(Request("GET", path, {}, {}))


def test_charset_only_in_the_meta_and_bytes_are_gbk():
    response = get(COLUMN)
    assert response.headers["Content-Type"] == "text/html"
    assert b'<meta http-equiv="Content-Type" content="text/html; charset=gb2312">' in response.body
    text = response.body.decode("gb18030")
    assert "政府信息公开年报" in text
    assert "政府信息公开年报".encode("gbk") in response.body


def test_details_are_htm_and_lists_shtml():
    manifest = SITE.manifest("http://h")
    assert all(r["url"].endswith(".htm") for r in manifest["reports"])
    assert get(COLUMN + "index_1.shtml").status == 200
    assert get(COLUMN + "index_1.html").status == 404
    detail = re.search(r"http://h(\S+)", manifest["reports"][0]["url"])[1]
    assert get(detail).status == 200


def test_the_sub_column_pager_is_one_based():
    sub = COLUMN + "bmnb/"
    assert (
        b'var currentPage = 1;createPageHTML(countPage, currentPage, "index", "shtml")'
        in get(sub).body
    )
    assert get(sub + "index_2.shtml").status == 200
    assert get(sub + "index_1.shtml").status == 404
    assert b'href="./bmnb/"' in get(COLUMN).body
    reports = [r for r in SITE.manifest("http://h")["reports"] if "/bmnb/" in r["url"]]
    assert len(reports) == 12
