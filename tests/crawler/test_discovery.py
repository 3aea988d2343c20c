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


# A detail page's attachment area in the shapes of several CMS families (SITES.md 1.A-1.F).
ATTACHMENTS = """
<div class="trs_editor_view"><p>详见附件。</p></div>
<div class="fj">
  <a href="./P020240122404245346569.pdf">石嘴山市大武口区司法局2023年年报.pdf</a>
  <a href="/module/download/downfile.jsp?classid=0&filename=4aa6a8df376fb33f9a9442530cf91ca0.pdf">附件1</a>
  <a href="/system/_content/download.jsp?urltype=news.DownloadAttachUrl&owner=1&wbfileid=9">统计表</a>
  <a href="/group6/M00/00/1A/wKgBZl1abc.docx">年报（word版）</a>
  <a href="/attachment/0/88/88389/963149.pdf">963149.pdf</a>
  <a href="/uploads/stat2023.xls">统计表.xls</a>
  <a href="/getfile?id=31">附件：统计表</a>
</div>
<div class="related">
  <a href="./t20240119_4233905.html">隆德县司法局2023年政府信息公开工作年度报告</a>
  <a href="/xxgk/zfxxgk/zfxxgknb/">政府信息公开年报</a>
  <a href="/xxgk/fj/index.html">附件下载专区</a>
</div>
"""


def test_attachments_by_url_shape_and_by_text_on_non_page_urls():
    detail = "http://sft.example.gov.cn/xxgk/zfxxgk/zfxxgknb/202401/t20240122_4234410.html"
    found = discovery.attachment_links(page_links(ATTACHMENTS, detail))
    assert [u.removeprefix("http://sft.example.gov.cn") for u in found] == [
        "/xxgk/zfxxgk/zfxxgknb/202401/P020240122404245346569.pdf",
        "/module/download/downfile.jsp?classid=0&filename=4aa6a8df376fb33f9a9442530cf91ca0.pdf",
        "/system/_content/download.jsp?urltype=news.DownloadAttachUrl&owner=1&wbfileid=9",
        "/group6/M00/00/1A/wKgBZl1abc.docx",
        "/attachment/0/88/88389/963149.pdf",
        "/uploads/stat2023.xls",
        "/getfile?id=31",
    ]


def test_images_of_an_image_only_report_but_not_of_a_text_report():
    scanned = (
        "<title>某县2023年政府信息公开工作年度报告（图片版）</title>"
        '<img src="/images/logo.png"><div id="zoom">'
        + "".join(f'<p><img src="./W0{n}.png"></p>' for n in range(1, 4))
        + "</div>"
    )
    base = "http://x.example.gov.cn/art/2024/1/19/art_1_2.html"
    assert discovery.report_images(Selector(text=scanned), base) == [
        f"http://x.example.gov.cn/art/2024/1/19/W0{n}.png" for n in range(1, 4)
    ]
    text_report = '<div id="zoom"><p>' + "一、总体情况。" * 40 + '</p><img src="/a.png"></div>'
    assert discovery.report_images(Selector(text=text_report), base) == []


def test_calendar_and_search_links_are_never_followed():
    html = """
    <div class="calendar"><a href="?date=2023-12-01">上一月</a>
      <a href="./?date=2024-01-05">5</a><a href="list.aspx?cid=1&ymd=20240105">5</a></div>
    <form action="/search.jsp"><input name="q"></form>
    <a href="/search.jsp?q=%E5%B9%B4%E6%8A%A5">政府信息公开年报</a>
    <a href="/was5/web/search?searchword=年报">年度报告</a>
    <a href="/InfoPublic.aspx?cid=1019&pid=971&page=2&kw=">2</a>
    """
    urls = [link.url for link in page_links(html, "http://x.gov.cn/xxgk/zfxxgknb/")]
    assert urls == ["http://x.gov.cn/InfoPublic.aspx?cid=1019&pid=971&page=2&kw="]


def test_pager_anchors_numbered_pages_and_aspnet_queries():
    html = """
    <div class="page"><a href="./">首页</a><a href="2.html">2</a><a href="3.html">3</a>
    <a href="2.html">下一页</a><a href="3.html">尾页</a></div>
    <a href="../gzdt/2.html">2</a><a href="/xxgk/zfxxgknb/2023n/">2023年</a>
    <a href="202401/7300185.html">合江县人民政府2023年政府信息公开工作年度报告</a>
    """
    found = discovery.pagination_links(
        page_links(html, "http://x.gov.cn/xxgk/zfxxgknb/"), "http://x.gov.cn/xxgk/zfxxgknb/"
    )
    assert found == ["http://x.gov.cn/xxgk/zfxxgknb/2.html", "http://x.gov.cn/xxgk/zfxxgknb/3.html"]
    aspx = "http://x.gov.cn/InfoPublic.aspx?cid=1019&pid=971&page=1&kw="
    html = '<a href="/InfoPublic.aspx?cid=1019&pid=971&page=2&kw=">下一页</a><a href="/Other.aspx?page=2">2</a>'
    assert discovery.pagination_links(page_links(html, aspx), aspx) == [
        "http://x.gov.cn/InfoPublic.aspx?cid=1019&pid=971&page=2&kw="
    ]


def test_year_sub_columns_by_path():
    html = "".join(
        f'<a href="{p}">{t}</a>'
        for p, t in [
            ("/zfxxgk/zfxxgknb/szfnb/2023n/", "2023年"),
            ("/xxgk/gknb2017/", "2017"),
            ("/xxgk/zfxxgknb/2018nb/index.html", "2018年度"),
            ("/xxgk/zfxxgknb/nb_2022n/", "2022"),
            ("/xxgk/zfxxgknb/202401/t20240119_1.html", "2024"),
        ]
    )
    assert [
        u.removeprefix("http://x.gov.cn")
        for u in discovery.year_column_links(page_links(html, "http://x.gov.cn/"))
    ] == [
        "/zfxxgk/zfxxgknb/szfnb/2023n/",
        "/xxgk/gknb2017/",
        "/xxgk/zfxxgknb/2018nb/index.html",
        "/xxgk/zfxxgknb/nb_2022n/",
    ]
