"""Fujian /cms/html/: later list pages rebuilt from a sitemanage pager link."""

from __future__ import annotations

from crawler.platforms import fj, list_plan

URL = "http://sfj.zhangzhou.gov.cn/cms/html/zzssfj/xxgknb/index.html"
MANAGE = "http://sfj.zhangzhou.gov.cn/cms/sitemanage/index.shtml?siteId=604&catalogId=8&page={}"
PAGER = """<ul class="list"><li><a href="/cms/html/zzssfj/2024-01-18/1111264329.html">甲</a></li></ul>
<div class="page">共39条记录&nbsp;共3页&nbsp;当前第{current}页&nbsp;
<a href="/cms/sitemanage/index.shtml?siteId=604&amp;catalogId=8&amp;page=1">首页</a>
<a href="/cms/sitemanage/index.shtml?siteId=604&amp;catalogId=8&amp;page=3">尾页</a></div>"""


def test_detects_fujian_lists_only():
    assert fj.detect(PAGER.format(current=1))
    assert not fj.detect("createPageHTML(3, 0, 'index', 'html');")


def test_page_one_asks_the_rest_once():
    plan = list_plan(URL, PAGER.format(current=1))
    assert [p.url for p in plan.pages] == [MANAGE.format(2), MANAGE.format(3)]


def test_a_later_page_does_not_ask_page_one_again():
    plan = fj.plan(MANAGE.format(2), PAGER.format(current=2))
    assert [p.url for p in plan.pages] == [MANAGE.format(3)]


def test_the_page_count_is_bounded():
    huge = PAGER.format(current=1).replace("共3页", "共9999999页")
    assert len(fj.plan(URL, huge).pages) == fj.MAX_PAGES - 1
