"""VSB lists: the count-down static pages, the bounded jsp pages, twin article URLs."""

from __future__ import annotations

from crawler.platforms import list_plan, vsb
from simweb.base import Request
from simweb.sites.vsb import VsbSite

SITE = VsbSite()
BASE = "http://www.ms.gov.cn"
STATIC = BASE + "/xxgk/xxgknb.htm"
DYNAMIC = BASE + "/xxgk/xxgk_list.jsp?urltype=tree.TreeTempUrl&wbtreeid=5069"
# The pager of a real VSB list page (p_* classes), on a page of 11.
PAGER = """<!--Announced by Visual SiteBuilder 9--><div class="list_con"><ul>
<li><a href="../../info/1066/12345.htm" title="某局2023年政府信息公开工作年度报告">某局</a><span>2024-01-19</span></li>
<li><a href="../gkml_info.jsp?urltype=egovinfo.EgovInfoContent&wbtreeid=1066&indentifier=1030-%2F2017-0822001">某</a></li>
</ul></div>
<div class="pb_sys_common pb_sys_normal pb_sys_style1"><span class="p_t">共52条</span> <span class="p_pages"><span class="p_first p_fun"><a href="../zbgg.htm">首页</a></span> <span class="p_prev p_fun"><a href="9.htm">上页</a></span> <span class="p_no"><a href="../zbgg.htm">1</a></span> <span class="p_no_d">3</span> <span class="p_next p_fun"><a href="7.htm">下页</a></span> <span class="p_last p_fun"><a href="1.htm">尾页</a></span></span> <span class="p_t">3/11</span> <span class="p_goto"><script>function a2_gopage_fun(){_simple_list_gotopage_fun(11,'a2GOPAGE',2)}</script></span></div>"""


def page(url: str) -> str:
    path, _, query = url.removeprefix(BASE).partition("?")
    q = {k: [v] for k, _, v in (p.partition("=") for p in query.split("&") if p)}
    return SITE.handle(Request("GET", path, q, {})).body.decode()


def test_detects_vsb_lists_only():
    assert vsb.detect(page(STATIC)) and vsb.detect(page(DYNAMIC)) and vsb.detect(PAGER)
    assert not vsb.detect("createPageHTML(3, 0, 'index', 'html');")
    assert not vsb.detect('<div class="p_pages">no marker of the CMS</div>')


def test_static_pages_count_down_from_any_page():
    url = BASE + "/cms/zbgg/8.htm"
    plan = vsb.plan(url, PAGER)
    assert [p.url for p in plan.pages] == [BASE + "/cms/zbgg.htm"] + [
        f"{BASE}/cms/zbgg/{n}.htm" for n in range(10, 0, -1) if n != 8
    ]
    first = list_plan(STATIC, page(STATIC))
    assert [p.url for p in first.pages] == [f"{BASE}/xxgk/xxgknb/{n}.htm" for n in range(10, 0, -1)]


def test_items_include_the_egov_detail():
    plan = vsb.plan(BASE + "/cms/zbgg/8.htm", PAGER)
    assert plan.items == [
        BASE + "/info/1066/12345.htm",
        BASE
        + "/cms/gkml_info.jsp?urltype=egovinfo.EgovInfoContent&wbtreeid=1066&indentifier=1030-%2F2017-0822001",
    ]


def test_jsp_pages_stop_at_the_printed_count_and_keep_the_site_parameters():
    plan = list_plan(DYNAMIC, page(DYNAMIC))
    assert [p.url for p in plan.pages] == [f"{DYNAMIC}&a2t=11&a2p={n}&a2c=5" for n in range(2, 12)]
    later = list_plan(plan.pages[4].url, page(plan.pages[4].url))
    assert DYNAMIC + "&a2t=11&a2p=1&a2c=5" not in [p.url for p in later.pages]
    assert len(later.pages) == 9


def test_jsp_articles_are_aliases_of_their_static_pages():
    plan = list_plan(DYNAMIC, page(DYNAMIC))
    assert len(plan.aliases) == 5
    for jsp, static in plan.aliases.items():
        newsid = jsp.rsplit("wbnewsid=", 1)[1]
        assert static == f"{BASE}/info/5069/{newsid}.htm"
    assert set(plan.items) == set(plan.aliases.values())


def test_a_dynamic_only_site_keeps_its_jsp_urls():
    only_jsp = '<!--Visual SiteBuilder--><div class="p_pages"></div><a href="list.jsp?urltype=news.NewsContentUrl&wbtreeid=1&wbnewsid=2">x</a>'
    assert vsb.aliases(BASE + "/list.jsp", only_jsp) == {}
    assert vsb.plan(BASE + "/list.jsp", only_jsp).items == [
        BASE + "/list.jsp?urltype=news.NewsContentUrl&wbtreeid=1&wbnewsid=2"
    ]


def test_a_corrupted_page_count_is_bounded():
    huge = PAGER.replace("3/11", "3/99999").replace("(11,", "(99999,")
    assert len(vsb.plan(BASE + "/cms/zbgg/8.htm", huge).pages) < vsb.MAX_PAGES


# The older VSB pager: a fanye cell and a.Next links, here on page 2 of a jsp list.
FANYE = """<!--Announced by Visual SiteBuilder 9--><table><tr>
<td width=1% align="left" id="fanye229009" nowrap="">共52条&nbsp;&nbsp;2/11&nbsp;</td>
<td nowrap align="left"><div><a href="?a2t=11&a2p=1&a2c=5&urltype=tree.TreeTempUrl&wbtreeid=1066" class="Next">首页</a>
<a href="?a2t=11&a2p=3&a2c=5&urltype=tree.TreeTempUrl&wbtreeid=1066" class="Next">下页</a></div></td></tr></table>"""


def test_the_older_fanye_pager_is_read_too():
    url = BASE + "/list.jsp?a2t=11&a2p=2&a2c=5&urltype=tree.TreeTempUrl&wbtreeid=1066"
    assert vsb.detect(FANYE) and vsb.page_count(FANYE) == 11 and vsb.current_page(FANYE) == 2
    pages = [p.url for p in vsb.plan(url, FANYE).pages]
    assert pages == [
        f"{BASE}/list.jsp?a2t=11&a2p={n}&a2c=5&urltype=tree.TreeTempUrl&wbtreeid=1066"
        for n in range(3, 12)
    ]
