"""Pagination that exists only in JavaScript (TRS createPageHTML)."""

from crawler.platforms import further_list_pages, trs

TRS_LIST = """<div class="page"><script>
var countPage = 3//共多少页
var currentPage = 0//当前页
createPageHTML(countPage, currentPage, "index", "html");
</script></div>"""


def test_trs_pages_from_the_script_variables():
    url = "http://sft.example.gov.cn/xxgk/zfxxgk/zfxxgknb/"
    assert further_list_pages(url, TRS_LIST) == [url + "index_1.html", url + "index_2.html"]


def test_trs_literal_arguments_and_shtml():
    html = 'createPageHTML(4, 0,"index", "shtml");'
    url = "http://rsj.example.gov.cn/xxgk/xxgknb/index.shtml"
    assert trs.list_pages(url, html)[-1] == "http://rsj.example.gov.cn/xxgk/xxgknb/index_3.shtml"


def test_single_page_and_no_pager():
    assert trs.list_pages("http://a.gov.cn/nb/", "createPageHTML(1, 0, 'index', 'html')") == []
    assert further_list_pages("http://a.gov.cn/nb/", "<ul><li>x</li></ul>") == []


def test_a_corrupt_page_count_is_bounded():
    assert (
        len(trs.list_pages("http://a.gov.cn/nb/", "createPageHTML(99999999, 0, 'index', 'html')"))
        < 1000
    )


def test_a_one_based_pager_starts_page_two_at_index_2():
    """Some CMSs copy the TRS script with currentPage 1 on page 1: pages are index_2 …"""
    url = "http://gbk.example.gov.cn/xxgk/zfxxgknb/bmnb/"
    html = 'var countPage = 3;var currentPage = 1;createPageHTML(countPage, currentPage, "index", "shtml");'
    assert trs.list_pages(url, html) == [url + "index_2.shtml", url + "index_3.shtml"]


def test_later_pages_add_no_pages():
    url = "http://a.gov.cn/nb/index_1.html"
    assert trs.list_pages(url, "createPageHTML(3, 1, 'index', 'html')") == []
