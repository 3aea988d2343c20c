"""S5, the Lonsun site: the type=3 年报 page, the label API fragment, openness twins, files."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from lxml import html

from simweb.base import Request, Response
from simweb.sites.lonsun import LonsunSite

BASE = "http://127.0.0.1:8105"


@pytest.fixture(scope="module")
def site() -> LonsunSite:
    return LonsunSite()


@pytest.fixture(scope="module")
def manifest(site: LonsunSite) -> dict:
    return site.manifest(BASE)


def get(site: LonsunSite, url: str) -> Response:
    parts = urlsplit(url.removeprefix(BASE))
    query = {k: [v] for k, v in parse_qsl(parts.query, keep_blank_values=True)}
    headers = {"host": "127.0.0.1:8105"}
    return site.handle(Request(method="GET", path=parts.path, query=query, headers=headers))


def label(site: LonsunSite, page: int, **extra: str) -> list[str]:
    url = site.label_url() + f"&pageIndex={page}" + "".join(f"&{k}={v}" for k, v in extra.items())
    response = get(site, url)
    assert response.status == 200
    return html.fromstring(response.body.decode()).xpath("//div[@class='xxgk_navli']/a/@href")


def test_the_annual_page_has_the_label_script_and_no_list(site, manifest):
    page = get(site, manifest["column"]["url"]).body.decode()
    assert "pageCount:3" in page
    assert '"/site/label/8888?IsAjax=1&dataType=html&labelName=publicInfoList' in page
    assert '<meta name="ColumnName" content="政府信息公开年报">' in page
    assert not re.search(r'href="[^"]*/public/6616348/\d+\.html"', page)


def test_label_pages_hold_every_item_once_then_say_nothing(site):
    pages = [label(site, n) for n in (1, 2, 3)]
    assert [len(p) for p in pages] == [15, 15, 14]
    assert len({u for p in pages for u in p}) == 44
    past = get(site, site.label_url() + "&pageIndex=4")
    assert past.status == 200 and "暂无相关信息" in past.body.decode()
    assert label(site, 4) == []
    assert label(site, 1, unknownParam="x", _="0.123") == pages[0]


def test_details_carry_the_lonsun_labels(site, manifest):
    for report in manifest["reports"]:
        page = get(site, report["url"]).body.decode()
        assert f'<meta name="ArticleTitle" content="{report["title"]}">' in page
        if "/public/" in report["url"]:
            for label_text in ("组配分类", "发布机构", "文件编号", "统一编号", "生成日期"):
                assert label_text in page
            assert 'id="zoom"' in page


def test_openness_reports_have_a_mobile_twin(site, manifest):
    twins = [t for t in manifest["traps"] if t["kind"] == "twin"]
    assert len(twins) == 3
    body = re.compile(r'<div class="xxgk_content">.*?</div>', re.S)
    for twin in twins:
        a, b = get(site, twin["url"]).body.decode(), get(site, twin["same_as"]).body.decode()
        assert body.search(a).group(0) == body.search(b).group(0)


def test_fastdfs_attachments(site, manifest):
    assert len(manifest["attachments"]) == 4
    for a in manifest["attachments"]:
        assert re.search(r"/group6/M00/00/1A/[\w-]+\.(docx|pdf|xls)$", a["url"])
        response = get(site, a["url"])
        assert hashlib.sha256(response.body).hexdigest() == a["sha256"]
        assert a["url"].removeprefix(BASE) in get(site, a["report"]).body.decode()


def test_the_statistics_sheet_is_a_real_workbook(site, manifest):
    [sheet] = [a for a in manifest["attachments"] if a["url"].endswith(".xls")]
    data = get(site, sheet["url"]).body
    assert data.startswith(bytes.fromhex("d0cf11e0a1b11ae1"))  # an OLE2 compound file
    assert "2023年" in sheet["name"] and "统计表" in sheet["name"]
    page = get(site, sheet["report"]).body.decode()
    assert "<table" in page  # the report keeps its HTML tables beside the file
