"""Column and item recognition on markup shaped like real agency sites (SITES.md 0.2, 1.A)."""

from parsel import Selector

from crawler import discovery

BASE = "http://sft.example.gov.cn/xxgk/zfxxgk/index.html"

# The left nav of a TRS 政府信息公开 section: the 年报 column among its look-alike siblings.
SECTION_NAV = """
<div class="left-nav"><ul>
  <li><a href="./zfxxgkzn/">政府信息公开指南</a></li>
  <li><a href="./zfxxgkzd/">政府信息公开制度</a></li>
  <li><a href="./fdzdgknr/">法定主动公开内容</a></li>
  <li><a href="./zfxxgknb/">政府信息公开年报</a></li>
  <li><a href="./ysqgk/">依申请公开</a></li>
  <li><a href="./wzndbb/">政府网站年度报表</a></li>
  <li><a href="./fzzfjs/">法治政府建设年度报告</a></li>
  <li><a href="javascript:void(0)">打印</a></li>
  <li><a href="mailto:bgs@example.gov.cn">联系我们</a></li>
</ul></div>
"""


def page_links(html: str, base: str = BASE) -> list[discovery.Link]:
    return discovery.links(Selector(text=html), base)


def test_column_found_by_anchor_text_not_its_siblings():
    found = discovery.column_links(page_links(SECTION_NAV))
    assert found == ["http://sft.example.gov.cn/xxgk/zfxxgk/zfxxgknb/"]


def test_column_found_by_path_when_the_text_is_unusual():
    html = '<a href="/zwgk/xxgknb/">工作报表</a><a href="/zwgk/gzdt/">工作动态</a>'
    assert discovery.column_links(page_links(html)) == ["http://sft.example.gov.cn/zwgk/xxgknb/"]


def test_junk_links_are_dropped():
    texts = {link.text for link in page_links(SECTION_NAV)}
    assert "打印" not in texts and "联系我们" not in texts


def test_section_links_from_a_home_page_nav():
    html = """<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwdt/">政务动态</a></li>
    <li><a href="/xxgk/zfxxgk/index.html">政府信息公开</a></li><li><a href="/hdjl/">互动交流</a></li></ul>"""
    assert discovery.section_links(page_links(html, "http://sft.example.gov.cn/")) == [
        "http://sft.example.gov.cn/xxgk/zfxxgk/index.html"
    ]


def test_detail_links_of_a_trs_list_page():
    html = """<ul class="overview_right">
    <li><a href="./202401/t20240119_4233872.html" title="隆德县司法局2023年政府信息公开工作年度报告"
       target="_blank">隆德县司法局2023年政府信息公开工作…</a><span>2024-01-19</span></li>
    <li><a href="./202302/t20230210_3950012.html" title="2023年政务公开工作要点">2023年政务公开工作要点</a></li>
    </ul><a href="../zfxxgkzn/">政府信息公开指南</a><a href="/">首页</a>"""
    base = "http://sft.example.gov.cn/xxgk/zfxxgk/zfxxgknb/"
    links = page_links(html, base)
    assert discovery.detail_links(links, exclude={base}) == [
        base + "202401/t20240119_4233872.html",
        base + "202302/t20230210_3950012.html",
    ]
    # the title attribute wins over a truncated anchor text
    assert links[0].text == "隆德县司法局2023年政府信息公开工作年度报告"


def test_detail_url_shapes_of_other_cms_families():
    for url in (
        "http://a.gov.cn/art/2024/1/19/art_1229232293_4233872.html",
        "http://a.gov.cn/info/5069/1161616.htm",
        "http://a.gov.cn/gkmlpt/content/0/963/post_963149.html",
        "http://a.gov.cn/cms/html/zzssfj/2024-01-18/1111264329.html",
        "http://a.gov.cn/public/6616348/1150473971.html",
    ):
        assert discovery.DETAIL_URL.search(url), url
