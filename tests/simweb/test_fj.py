"""S7, the Fujian /cms/html/ site: GBK without a header charset, sitemanage paging, the
gb2312-labelled page with 䶮, the image-only report, attachments."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, urlsplit

import pytest

from simweb.base import Request, Response
from simweb.sites.fj import FjSite

BASE = "http://127.0.0.1:8107"


@pytest.fixture(scope="module")
def site() -> FjSite:
    return FjSite()


@pytest.fixture(scope="module")
def manifest(site: FjSite) -> dict:
    return site.manifest(BASE)


def get(site: FjSite, url: str) -> Response:
    parts = urlsplit(url.removeprefix(BASE))
    query = {k: [v] for k, v in parse_qsl(parts.query)}
    return site.handle(Request(method="GET", path=parts.path, query=query, headers={}))


def items(site: FjSite, url: str) -> list[str]:
    text = get(site, url).body.decode("gbk")
    return re.findall(r'<li><a href="(/cms/html/zzssfj/\d{4}-\d\d-\d\d/\d{10}\.html)"', text)


def test_pages_are_gbk_with_the_charset_only_in_meta(site, manifest):
    response = get(site, manifest["column"]["url"])
    assert response.headers["Content-Type"] == "text/html"
    assert b'<meta http-equiv="Content-Type" content="text/html; charset=gbk" />' in response.body
    assert "信息公开年报" in response.body.decode("gbk")
    with pytest.raises(UnicodeDecodeError):
        response.body.decode("utf-8")


def test_home_redirects_and_links_the_column(site):
    assert get(site, "/").status == 302
    home = get(site, "/cms/html/zzssfj/index.html").body.decode("gbk")
    assert 'href="/cms/html/zzssfj/xxgknb/index.html">信息公开年报<' in home


def test_sitemanage_pages_list_every_item_once(site, manifest):
    pages = manifest["column"]["pages"]
    assert pages[1:] == [
        f"{BASE}/cms/sitemanage/index.shtml?siteId=60430200000000000&catalogId=60430200000100008&page={n}"
        for n in (2, 3)
    ]
    listed = [u for p in pages for u in items(site, p)]
    assert len(listed) == len(set(listed)) == 39
    first = get(site, pages[0]).body.decode("gbk")
    assert "共39条记录&nbsp;共3页&nbsp;当前第1页" in first
    assert get(site, pages[1].replace("page=2", "page=4")).status == 404


def test_the_gb2312_page_holds_a_gb18030_only_character(site, manifest):
    [trap] = [t for t in manifest["traps"] if t.get("char") == "䶮"]
    body = get(site, trap["url"]).body
    assert b"charset=gb2312" in body
    with pytest.raises(UnicodeDecodeError):
        body.decode("gb2312")
    assert "刘䶮" in body.decode("gb18030")


def test_the_image_only_report_is_five_png_pages(site, manifest):
    [trap] = [t for t in manifest["traps"] if t["kind"] == "image-only"]
    page = get(site, trap["url"]).body.decode("gbk")
    assert "（图片版）" in page
    scans = re.findall(r'<img src="(/cms/uploadfiles/[^"]+\.png)"', page)
    assert len(scans) == 5
    for src in scans:
        response = get(site, src)
        assert response.headers["Content-Type"] == "image/png"
        assert response.body.startswith(b"\x89PNG\r\n\x1a\n")


def test_attachments_have_their_bytes(site, manifest):
    for a in manifest["attachments"]:
        assert hashlib.sha256(get(site, a["url"]).body).hexdigest() == a["sha256"]
    assert len(manifest["attachments"]) == 7
