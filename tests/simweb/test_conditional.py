"""The simulated sites answer conditional GETs the way nginx does."""

from __future__ import annotations

import urllib.error
import urllib.request

from simweb.server import running


def fetch(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_etag_and_last_modified_give_304_with_no_body():
    with running() as web:
        detail = web.manifest("trs")["reports"][0]["url"]
        status, headers, body = fetch(detail)
        assert status == 200 and body and headers["ETag"] and headers["Last-Modified"]
        assert fetch(detail, **{"If-None-Match": headers["ETag"]})[:3:2] == (304, b"")
        assert fetch(detail, **{"If-Modified-Since": headers["Last-Modified"]})[0] == 304
        # a stale validator gets the page; If-None-Match wins over If-Modified-Since
        assert fetch(detail, **{"If-None-Match": '"stale"'})[0] == 200
        both = {"If-None-Match": '"stale"', "If-Modified-Since": headers["Last-Modified"]}
        assert fetch(detail, **both)[0] == 200
        assert fetch(detail, **{"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"})[0] == 200
        # list pages have no Last-Modified but an ETag
        column = web.manifest("hanweb")["column"]["url"]
        status, headers, _ = fetch(column)
        assert "Last-Modified" not in headers
        assert fetch(column, **{"If-None-Match": headers["ETag"]})[0] == 304
        sizes = web.log.sizes
        assert sizes[-1] == 0 and max(sizes) > 0 and web.log.bytes_sent() == sum(sizes)


def test_the_proxy_post_is_never_conditional():
    with running() as web:
        proxy = web.manifest("hanweb")["column"]["proxy"][0]
        data = b"col=1&appid=1&webid=3&path=/&columnid=1229000001&unitid=7700001"
        request = urllib.request.Request(proxy, data=data, headers={"If-None-Match": "*"})
        with urllib.request.urlopen(request) as response:
            assert response.status == 200 and "ETag" not in response.headers
