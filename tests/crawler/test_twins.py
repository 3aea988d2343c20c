"""Twin URLs of one page share one key and one Scrapy fingerprint (crawler/twins.py)."""

import pytest
from scrapy import Request

from crawler.twins import TwinFingerprinter, twin_key


@pytest.mark.parametrize(
    ("twin", "key"),
    [
        ("http://a.gov.cn/xxgk/zfxxgknb/index.html", "http://a.gov.cn/xxgk/zfxxgknb/"),
        ("http://a.gov.cn/xxgk/zfxxgknb/index.shtml", "http://a.gov.cn/xxgk/zfxxgknb/"),
        (
            "http://www.ms.gov.cn/xxgk/xxgk_content.jsp?urltype=news.NewsContentUrl&wbtreeid=5069&wbnewsid=1161616",
            "http://www.ms.gov.cn/info/5069/1161616.htm",
        ),
        (
            "http://a.gov.cn/gkmlpt/content/0/963/mpost_963149.html",
            "http://a.gov.cn/gkmlpt/content/0/963/post_963149.html",
        ),
        (
            "http://a.gov.cn/col/col1229000001/index.html?uid=5001&pageNum=3",
            "http://a.gov.cn/col/col1229000001/",
        ),
        (
            "http://a.gov.cn/art/2024/1/19/art_1_2.html;jsessionid=ABC123",
            "http://a.gov.cn/art/2024/1/19/art_1_2.html",
        ),
        (
            "http://a.gov.cn/list.jsp?id=7&sid=0123456789abcdef0123456789abcdef",
            "http://a.gov.cn/list.jsp?id=7",
        ),
        ("http://A.gov.cn/info/5069/1161616.htm", "http://a.gov.cn/info/5069/1161616.htm"),
    ],
)
def test_twins_map_to_one_key(twin, key):
    assert twin_key(twin) == key
    assert twin_key(key) == key


@pytest.mark.parametrize(
    "url",
    [
        "http://a.gov.cn/xxgk/zfxxgknb/index_1.html",  # page 2, not page 1
        "http://a.gov.cn/InfoPublic.aspx?cid=1019&pid=971&page=2&kw=",
        "http://a.gov.cn/index.html?page=2",  # an index page with a query is a list page
        "http://a.gov.cn/list.jsp?id=7&sid=42",  # a short sid is a site's own parameter
        "http://a.gov.cn/col/col1/index.html?page=2",
    ],
)
def test_distinct_pages_keep_their_url(url):
    assert twin_key(url) == url


def test_the_fingerprint_is_shared_by_twins_and_not_by_methods():
    fingerprinter = TwinFingerprinter()
    jsp = "http://h/xxgk/xxgk_content.jsp?urltype=news.NewsContentUrl&wbtreeid=1&wbnewsid=2"
    assert fingerprinter.fingerprint(Request(jsp)) == fingerprinter.fingerprint(
        Request("http://h/info/1/2.htm")
    )
    assert fingerprinter.fingerprint(Request("http://h/a/")) != fingerprinter.fingerprint(
        Request("http://h/a/", method="POST", body=b"x=1")
    )
