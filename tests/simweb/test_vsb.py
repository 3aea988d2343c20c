"""S3, the VSB site: count-down static pages, the jsp twin list, twin articles, downloads."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest
from lxml import html

from simweb.base import Request, Response
from simweb.sites.vsb import VsbSite

BASE = "http://127.0.0.1:8103"


@pytest.fixture(scope="module")
def site() -> VsbSite:
    return VsbSite()


@pytest.fixture(scope="module")
def manifest(site: VsbSite) -> dict:
    return site.manifest(BASE)


def get(site: VsbSite, url: str) -> Response:
    parts = urlsplit(urljoin(BASE, url))
    query: dict[str, list[str]] = {}
    for k, v in parse_qsl(parts.query, keep_blank_values=True):
        query.setdefault(k, []).append(v)
    return site.handle(Request(method="GET", path=parts.path, query=query, headers={}))


def items(site: VsbSite, url: str) -> list[str]:
    response = get(site, url)
    assert response.status == 200
    doc = html.fromstring(response.body.decode("utf-8"))
    return [urljoin(urljoin(BASE, url), h) for h in doc.xpath("//div[@class='list_con']//a/@href")]


def test_static_list_counts_down_from_page_one(site):
    doc = html.fromstring(get(site, "/xxgk/xxgknb.htm").body.decode())
    assert doc.xpath("//span[contains(@class,'p_next')]/a/@href") == ["xxgknb/10.htm"]
    assert doc.xpath("//span[contains(@class,'p_last')]/a/@href") == ["xxgknb/1.htm"]
    assert doc.xpath("//span[@class='p_no_d']/text()") == ["1"]
    assert [t.text for t in doc.xpath("//span[@class='p_t']")][:2] == ["共52条", "1/11"]
    second = html.fromstring(get(site, "/xxgk/xxgknb/10.htm").body.decode())
    assert second.xpath("//span[contains(@class,'p_next')]/a/@href") == ["9.htm"]
    assert second.xpath("//span[contains(@class,'p_first')]/a/@href") == ["../xxgknb.htm"]
    assert get(site, "/xxgk/xxgknb/11.htm").status == 404


def test_the_static_pages_list_every_item_once(site, manifest):
    listed = [u for page in manifest["column"]["pages"] for u in items(site, page)]
    assert len(listed) == len(set(listed)) == 52
    assert all(re.search(r"/info/5069/\d+\.htm$|gkml_info\.jsp\?", u) for u in listed)


def test_the_jsp_list_is_a_twin_and_answers_any_page(site, manifest):
    static = [u for page in manifest["column"]["pages"] for u in items(site, page)]
    dynamic = [u for page in manifest["column"]["dynamic_pages"] for u in items(site, page)]
    assert len(dynamic) == 52
    jsp = re.compile(
        r"/xxgk/xxgk_content\.jsp\?urltype=news\.NewsContentUrl&wbtreeid=5069&wbnewsid="
    )
    assert [
        jsp.sub("/info/5069/", u) + (".htm" if jsp.search(u) else "") for u in dynamic
    ] == static
    [endless] = [t for t in manifest["traps"] if t["kind"] == "endless pagination"]
    assert get(site, endless["url"]).status == 200 and items(site, endless["url"]) == []
    assert get(site, endless["url"].replace("a2p=12", "a2p=999")).status == 200


def test_twin_articles_have_the_same_content(site, manifest):
    twin = next(t for t in manifest["traps"] if t["kind"] == "twin")
    a, b = get(site, twin["url"]), get(site, twin["same_as"])
    body = re.compile(rb'<div id="vsb_content">.*?</form>', re.S)
    assert body.search(a.body).group(0) == body.search(b.body).group(0)


def test_reports_render_with_vsb_chrome_and_metadata(site, manifest):
    for report in manifest["reports"]:
        page = get(site, report["url"]).body.decode()
        assert "Visual SiteBuilder" in page and 'class="v_news_content"' in page
        assert f'<meta name="ArticleTitle" content="{report["title"]}">' in page
        assert "索 引 号：" in page and "发布机构：" in page
    assert sum("gkml_info.jsp" in r["url"] for r in manifest["reports"]) == 1
    assert sum(r["format"] == "2008" for r in manifest["reports"]) == 3


def test_attachments_are_download_jsp_with_their_bytes(site, manifest):
    assert len(manifest["attachments"]) == 4
    for a in manifest["attachments"]:
        response = get(site, a["url"])
        assert response.status == 200
        assert hashlib.sha256(response.body).hexdigest() == a["sha256"]
        assert response.headers["Content-Disposition"].startswith("attachment;")
        assert a["url"].replace(BASE, "") in get(site, a["report"]).body.decode().replace(
            "&amp;", "&"
        )
    assert {a["name"].rsplit(".", 1)[1] for a in manifest["attachments"]} == {"pdf", "docx", "wps"}
    assert any("&deal=1" in a["url"] for a in manifest["attachments"])


def test_the_gone_item_is_a_404_and_distractors_are_listed(site, manifest):
    [gone] = [t for t in manifest["traps"] if t["kind"] == "404"]
    assert get(site, gone["url"]).status == 404
    for d in manifest["distractors"]:
        assert get(site, d["url"]).status == 200
    assert len([d for d in manifest["distractors"] if d.get("listed", True)]) == 4
