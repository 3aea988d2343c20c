"""gkmlpt: the 年报 column from window._CONFIG, API pages from the first answer only."""

from __future__ import annotations

import json

from crawler.platforms import column_urls, gkmlpt, list_plan
from simweb.base import Request
from simweb.sites.gkmlpt import GkmlptSite

SITE = GkmlptSite()
BASE = "http://whly.gd.gov.cn"
API = BASE + "/gkmlpt/api/all/2629?page={}&sid=755041"


def page(path: str, **query: str) -> str:
    q = {k: [v] for k, v in query.items()}
    return SITE.handle(Request("GET", path, q, {"host": "whly.gd.gov.cn"})).body.decode()


def test_the_column_is_found_in_the_config_tree():
    index = page("/gkmlpt/index")
    assert gkmlpt.detect(index)
    assert column_urls(BASE + "/gkmlpt/index", index) == [BASE + "/gkmlpt/annualreport"]
    assert column_urls(BASE + "/", page("/")) == []


def test_the_shell_asks_page_one_of_every_annual_category():
    plan = list_plan(BASE + "/gkmlpt/annualreport", page("/gkmlpt/annualreport"))
    assert [p.url for p in plan.pages] == [API.format(1), API.format(1).replace("2629", "2630")]
    assert plan.items == []


def test_page_one_asks_the_remaining_pages_and_yields_items():
    plan = list_plan(API.format(1), page("/gkmlpt/api/all/2629", page="1", sid="755041"))
    assert [p.url for p in plan.pages] == [API.format(2)]
    assert len(plan.items) == 100
    assert all("/gkmlpt/content/" in u and "/post_" in u for u in plan.items)
    later = list_plan(API.format(2), page("/gkmlpt/api/all/2629", page="2", sid="755041"))
    assert later.pages == [] and len(later.items) == 30


def test_a_category_on_one_page_asks_nothing_more():
    text = page("/gkmlpt/api/all/2630", page="1", sid="755041")
    plan = list_plan(API.format(1).replace("2629", "2630"), text)
    assert plan.pages == [] and len(plan.items) == 12


def test_total_is_bounded_and_garbage_is_harmless():
    huge = json.dumps({"classify": {"post_count": 10**9}, "total": 10**9, "articles": []})
    assert len(gkmlpt.plan(API.format(1), huge).pages) == gkmlpt.MAX_PAGES - 1
    assert gkmlpt.plan(API.format(1), '{"articles": [}').pages == []


def test_percent_u_titles_are_unescaped():
    assert gkmlpt.unescape_title("%u6F6E%u5DDE2023%u5E74") == "潮州2023年"
    assert gkmlpt.unescape_title("plain 标题") == "plain 标题"
