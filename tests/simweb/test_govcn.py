"""S6, the gov.cn-like site: hub, TRS index_N column with off-domain ministry items, the 403
policy-library directory, the search API's quirks and the soft throttle."""

from __future__ import annotations

import json
import re
import time

import pytest

from crawler.platforms import list_plan
from simweb.base import Request, Response
from simweb.sites.govcn import BURST, GovcnSite

BASE = "http://127.0.0.1:8106"
MIRROR = "http://127.0.0.1:8110"


@pytest.fixture()
def site() -> GovcnSite:
    site = GovcnSite()
    site.peers["mirror"] = MIRROR
    return site


def get(site: GovcnSite, path: str, **query: str) -> Response:
    q = {k: [v] for k, v in query.items()}
    return site.handle(Request(method="GET", path=path, query=q, headers={}))


def hrefs(response: Response) -> list[str]:
    return re.findall(r'<h4><a href="([^"]+)"', response.body.decode())


def test_the_hub_links_the_column(site):
    hub = get(site, "/zhengce/xxgk/").body.decode()
    assert '<a href="/zhengce/xxgk/zfxxgknb/">政府信息公开年报</a>' in hub
    assert '<a href="/zhengce/xxgk/">政府信息公开</a>' in get(site, "/").body.decode()


def test_the_column_is_a_trs_index_n_list(site):
    page = get(site, "/zhengce/xxgk/zfxxgknb/").body.decode()
    assert 'createPageHTML(countPage, currentPage, "index", "htm")' in page
    plan = list_plan(BASE + "/zhengce/xxgk/zfxxgknb/", page)
    assert [p.url for p in plan.pages] == [
        f"{BASE}/zhengce/xxgk/zfxxgknb/index_{n}.htm" for n in (1, 2)
    ]
    time.sleep(1.1)  # stay under the burst limit
    listed = [
        h
        for n in ("index.htm", "index_1.htm", "index_2.htm")
        for h in hrefs(get(site, "/zhengce/xxgk/zfxxgknb/" + n))
    ]
    assert len(listed) == len(set(listed)) == 29
    assert sum(h.startswith(MIRROR) for h in listed) == 23
    assert get(site, "/zhengce/xxgk/zfxxgknb/index_3.htm").status == 404


def test_ministry_items_are_off_domain_in_the_manifest(site):
    manifest = site.manifest(BASE)
    assert len(manifest["off_domain"]) == 23
    assert all(url.startswith(MIRROR) for url in manifest["off_domain"])
    assert [m["url"] for m in manifest["ministries"]] == manifest["off_domain"]
    assert not set(manifest["off_domain"]) & {r["url"] for r in manifest["reports"]}
    assert {r["agency"] for r in manifest["reports"]} == {"国务院办公厅"}


def test_details_have_bd1_metadata_and_ucap_content(site):
    manifest = site.manifest(BASE)
    for entry in manifest["reports"] + manifest["distractors"]:
        page = get(site, entry["url"].removeprefix(BASE)).body.decode()
        assert '<table class="bd1"' in page and 'id="UCAP-CONTENT"' in page
        assert re.search(r"/zhengce/(?:content|zhengceku)/\d{6}/content_\d{7}\.htm$", entry["url"])


def test_the_library_directory_is_403_but_its_documents_answer(site):
    response = get(site, "/zhengce/zhengceku/")
    assert response.status == 403 and b"<center>nginx</center>" in response.body
    [notice] = site.manifest(BASE)["distractors"]
    assert "/zhengce/zhengceku/" in notice["url"]
    assert get(site, notice["url"].removeprefix(BASE)).status == 200


def test_search_hides_its_count_and_type_empties_it(site):
    answer = json.loads(get(site, "/search-gov/data", t="zhengce", q="年度报告", p="1", n="5").body)
    vo = answer["searchVO"]
    assert vo["totalCount"] == 0
    assert vo["catMap"]["gongwen"]["totalCount"] == 6  # five reports and the format notice
    assert vo["catMap"]["bumenfile"]["totalCount"] == 23
    assert len(vo["catMap"]["bumenfile"]["listVO"]) == 5
    assert vo["catMap"]["bumenfile"]["listVO"][0]["pubtimeStr"] is None
    typed = json.loads(
        get(site, "/search-gov/data", t="zhengce", q="年度报告", type="gwyzcwjk").body
    )
    assert all(not group["listVO"] for group in typed["searchVO"]["catMap"].values())


def test_a_burst_gets_the_cached_copy(site):
    pages = [get(site, "/zhengce/xxgk/zfxxgknb/index_1.htm") for _ in range(BURST + 2)]
    assert all(p.status == 200 for p in pages)
    assert "createPageHTML" in pages[0].body.decode()
    assert "createPageHTML" not in pages[-1].body.decode()
    assert "<!-- cached at" in pages[-1].body.decode()
    assert site.manifest(BASE)["throttled"] == 2
