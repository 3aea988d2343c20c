"""S4, the gkmlpt site: link-less SPA shells, the JSON list API and its quirks, twins."""

from __future__ import annotations

import hashlib
import json
import re

import pytest

from simweb.base import Request, Response
from simweb.sites.gkmlpt import GkmlptSite, percent_u

BASE = "http://127.0.0.1:8104"
HOST = {"host": "127.0.0.1:8104"}


@pytest.fixture(scope="module")
def site() -> GkmlptSite:
    return GkmlptSite()


@pytest.fixture(scope="module")
def manifest(site: GkmlptSite) -> dict:
    return site.manifest(BASE)


def get(site: GkmlptSite, path: str, **query: str) -> Response:
    q = {k: [v] for k, v in query.items()}
    return site.handle(Request(method="GET", path=path, query=q, headers=dict(HOST)))


def api(site: GkmlptSite, category: int, page: str) -> dict:
    response = get(site, f"/gkmlpt/api/all/{category}", page=page, sid="755041")
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("application/json")
    return json.loads(response.body)


def test_the_app_pages_have_no_links_but_a_config_tree(site):
    for path in ("/gkmlpt/index", "/gkmlpt/annualreport"):
        page = get(site, path).body.decode()
        assert "<a " not in page
        assert "window._CONFIG = {SID:'755041'" in page
        assert '"jump_url": "/gkmlpt/annualreport#2629"' in page
        assert '"jump_url": "/gkmlpt/annualreport#2630"' in page


def test_page_zero_is_page_one_and_pages_hold_100(site):
    first, zero, second = api(site, 2629, "1"), api(site, 2629, "0"), api(site, 2629, "2")
    assert first == zero
    assert first["total"] == first["classify"]["post_count"] == 130
    assert len(first["articles"]) == 100 and len(second["articles"]) == 30
    assert api(site, 2629, "3")["articles"] == []
    ids = [a["id"] for a in first["articles"] + second["articles"]]
    assert len(set(ids)) == 130


def test_the_units_category_answers_404_past_page_one(site):
    assert len(api(site, 2630, "1")["articles"]) == 12
    assert get(site, "/gkmlpt/api/all/2630", page="2", sid="755041").status == 404
    assert get(site, "/gkmlpt/api/all/2629", page="1", sid="1").status == 404


def test_time_fields_differ_by_category(site):
    annual = api(site, 2629, "1")["articles"][0]
    units = api(site, 2630, "1")["articles"][0]
    assert isinstance(annual["create_time"], int) and "created_at" not in annual
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", units["created_at"])
    assert "create_time" not in units


def test_one_title_is_percent_u_escaped(site):
    articles = api(site, 2629, "1")["articles"] + api(site, 2629, "2")["articles"]
    escaped = [a["title"] for a in articles if a["title"].startswith("%u")]
    assert escaped == [percent_u("潮州市文化广电旅游体育局2023年政府信息公开工作年度报告")]


def test_post_and_its_twins_carry_the_same_article(site):
    article = api(site, 2629, "1")["articles"][5]
    assert re.fullmatch(BASE + r"/gkmlpt/content/\d/\d+/post_\d+\.html", article["url"])
    body = re.compile(r'<div class="article-content">.*?</div>', re.S)
    pages = [
        get(site, url.removeprefix(BASE)).body.decode()
        for url in (
            article["url"],
            article["post_url"],
            article["post_url"].replace("/post_", "/mpost_"),
        )
    ]
    assert len({body.search(p).group(0) for p in pages}) == 1
    assert "window._CONFIG = {SID:'755041',DETAIL:" in pages[0]


def test_attachments_and_the_missing_one(site, manifest):
    statuses = []
    for a in manifest["attachments"]:
        response = get(site, a["url"].removeprefix(BASE))
        statuses.append(response.status)
        if a["status"] == 200:
            assert hashlib.sha256(response.body).hexdigest() == a["sha256"]
        detail = get(site, a["report"].removeprefix(BASE)).body.decode()
        assert a["url"].removeprefix(BASE) in detail
    assert statuses == [a["status"] for a in manifest["attachments"]]
    assert statuses.count(404) == 1 and len(statuses) == 5


def test_manifest_counts(manifest):
    assert manifest["categories"] == {"2629": 130, "2630": 12}
    assert len(manifest["reports"]) == 140 and len(manifest["distractors"]) == 2
    assert sum(r["format"] == "2008" for r in manifest["reports"]) == 3
