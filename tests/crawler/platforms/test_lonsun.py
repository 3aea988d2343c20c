"""Lonsun: label API pages from the page script's URL and pageCount, items from fragments."""

from __future__ import annotations

from crawler.platforms import list_plan, lonsun

URL = "https://www.huangshan.gov.cn/public/column/6616348?type=3&action=list"
PAGE = """<div id="public_info_list"></div><script>
var publicInfoUrl = "/site/label/8888?IsAjax=1&dataType=html&labelName=publicInfoList&siteId=6615621&pageSize=15&organId=6616348&type=3&catId=&result=暂无相关信息&file=/xxgk/publicInfoList_newest2020";
function loadPublicInfo(pageIndex) { $.get(publicInfoUrl + "&pageIndex=" + pageIndex + "&_=" + Math.random()); }
Ls.pagination("#page_public_info", function (i) { loadPublicInfo(i); }, { pageCount:3, currPage: 1 });
</script>"""
FRAGMENT = """<ul class="clearfix xxgk_nav_list">
<li class="clearfix"><div class="xxgk_navli"><span class="xh">1</span><a href="https://www.huangshan.gov.cn/public/6616348/1150473971.html" title="甲">甲</a><span class="date">2024-01-19</span></div></li>
<li class="clearfix"><div class="xxgk_navli"><span class="xh">2</span><a href="/xxgk/openness/detail/annual_report/6777454e8866886a6d8b45d3.html" title="乙">乙</a><span class="date">2024-01-12</span></div></li>
</ul>"""
LABEL = "https://www.huangshan.gov.cn/site/label/8888?IsAjax=1&dataType=html&labelName=publicInfoList&pageIndex=2"


def test_detects_lonsun_pages_and_fragments_only():
    assert lonsun.detect(PAGE) and lonsun.detect(FRAGMENT)
    assert not lonsun.detect("createPageHTML(3, 0, 'index', 'html');")


def test_the_page_asks_every_label_page_up_to_page_count():
    plan = list_plan(URL, PAGE)
    assert [p.url.rsplit("&", 1)[1] for p in plan.pages] == [f"pageIndex={n}" for n in (1, 2, 3)]
    assert all(
        p.url.startswith("https://www.huangshan.gov.cn/site/label/8888?IsAjax=1")
        for p in plan.pages
    )
    assert all("&_=" not in p.url for p in plan.pages)
    assert plan.items == []


def test_a_fragment_yields_its_items_and_no_pages():
    plan = lonsun.plan(LABEL, FRAGMENT)
    assert plan.pages == []
    assert plan.items == [
        "https://www.huangshan.gov.cn/public/6616348/1150473971.html",
        "https://www.huangshan.gov.cn/xxgk/openness/detail/annual_report/6777454e8866886a6d8b45d3.html",
    ]
    assert lonsun.plan(LABEL, '<div class="xxgk_navli no-data">暂无相关信息</div>').items == []


def test_page_count_is_bounded_and_defaults_to_one():
    assert (
        len(lonsun.plan(URL, PAGE.replace("pageCount:3", "pageCount:999999")).pages)
        == lonsun.MAX_PAGES
    )
    assert len(lonsun.plan(URL, PAGE.replace("pageCount:3", "")).pages) == 1


def test_a_page_count_printed_in_the_first_answer_asks_the_rest():
    first = LABEL.replace("pageIndex=2", "pageIndex=1") + "&_=0.42"
    answer = FRAGMENT + '<script>Ls.pagination("#page", fn, {pageCount:3});</script>'
    plan = lonsun.plan(first, answer)
    assert [p.url.rsplit("&", 1)[1] for p in plan.pages] == ["pageIndex=2", "pageIndex=3"]
    assert all("&_=" not in p.url for p in plan.pages)
    assert lonsun.plan(LABEL, answer).pages == []  # page 2 asks nothing more
