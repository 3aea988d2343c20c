"""Hanweb JCMS lists: records inside a `<datastore>` script, further records by POST proxy."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import scrapy
from scrapy.http import HtmlResponse, Request, XmlResponse

from crawler.platforms import further_list_pages, hanweb, list_plan
from crawler.spiders.discover import DiscoverySpider

URL = "http://www.example.gov.cn/col/col1229000001/index.html"
COLUMN = """<html><body><div id="7700001"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=3&path=/&columnid=1229000001&unitid=7700001&webname=上城区&permissiontype=0"></a>]]></nextgroup>
<recordset>
<record><![CDATA[<li><a href='/art/2024/1/19/art_1229000001_4233872.html' title='甲2023年政府信息公开工作年度报告' target="_blank">甲</a><span>2024-01-19</span></li>]]></record>
<record><![CDATA[<li><a href='/art/2024/1/9/art_1229000001_4233001.html' title='乙' target="_blank">乙</a><span>2024-01-09</span></li>]]></record>
</recordset>
</datastore></script></div>
<script>
var param_7700001={col:1,appid:1,webid:3,path:'/',columnid:1229000001,sourceContentType:1,unitid:'7700001',webname:'杭州市上城区人民政府',permissiontype:0};
$('#7700001').jpage({proxyUrl:'/module/web/jpage/dataproxy.jsp',totalRecord:100,perPage:15,ajaxParam:param_7700001});
</script></body></html>"""
NO_RECORDSET = """<script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/module/jpage/dataproxy.jsp?page=1&appid=1&webid=9&path=/&columnid=55&unitid=66&webname=x&permissiontype=0"></a>]]></nextgroup>
<record><![CDATA[<li><a href="/art/2023/2/1/art_55_1.html">一</a></li>]]></record>
<record><![CDATA[<li><a href="http://other.gov.cn/art/2023/2/2/art_55_2.html">二</a></li>]]></record>
</datastore></script>
<script>$('#66').jpage({proxyUrl:"/module/jpage/dataproxy.jsp",totalRecord:"50",perPage:14});</script>"""
ANSWER = """<?xml version="1.0" encoding="UTF-8"?><datastore><totalrecord>100</totalrecord>
<totalpage>7</totalpage><recordset>
<record><![CDATA[<li><a href='/art/2023/1/5/art_1229000001_9.html' title='丙'>丙</a></li>]]></record>
<record><![CDATA[<li><a href='/art/2023/1/4/art_1229000001_8.html' title='丁'>丁</a></li>]]></record>
</recordset></datastore>"""


def test_detects_columns_and_proxy_answers_but_not_trs():
    assert hanweb.detect(COLUMN) and hanweb.detect(ANSWER)
    assert not hanweb.detect("createPageHTML(3, 0, 'index', 'html');")


def test_embedded_records_are_items():
    plan = list_plan(URL, COLUMN)
    assert plan.items == [
        "http://www.example.gov.cn/art/2024/1/19/art_1229000001_4233872.html",
        "http://www.example.gov.cn/art/2024/1/9/art_1229000001_4233001.html",
    ]


def test_proxy_requests_cover_the_rest_three_pages_at_a_time():
    pages = list_plan(URL, COLUMN).pages
    ranges = [parse_qs(urlsplit(p.url).query) for p in pages]
    assert [(r["startrecord"][0], r["endrecord"][0], r["perpage"][0]) for r in ranges] == [
        ("46", "90", "15"),
        ("91", "135", "15"),
    ]
    assert {urlsplit(p.url).path for p in pages} == {"/module/web/jpage/dataproxy.jsp"}
    assert all(p.method == "POST" for p in pages)
    assert dict(pages[0].form) == {
        "col": "1",
        "appid": "1",
        "webid": "3",
        "path": "/",
        "columnid": "1229000001",
        "sourceContentType": "1",
        "unitid": "7700001",
        "webname": "杭州市上城区人民政府",
        "permissiontype": "0",
    }
    assert further_list_pages(URL, COLUMN) == []  # no GET pages


def test_records_without_recordset_and_fields_from_nextgroup():
    plan = list_plan("http://a.gov.cn/col/col55/index.html", NO_RECORDSET)
    assert plan.items == [
        "http://a.gov.cn/art/2023/2/1/art_55_1.html",
        "http://other.gov.cn/art/2023/2/2/art_55_2.html",
    ]
    [page] = plan.pages  # 50 records, 42 embedded: one request 43-84
    assert (
        page.url
        == "http://a.gov.cn/module/jpage/dataproxy.jsp?startrecord=43&endrecord=84&perpage=14"
    )
    form = dict(page.form)
    assert (form["webid"], form["columnid"], form["unitid"], form["webname"]) == (
        "9",
        "55",
        "66",
        "x",
    )


def test_proxy_answer_gives_items_and_no_more_pages():
    plan = list_plan(
        "http://www.example.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=46", ANSWER
    )
    assert plan.pages == []
    assert plan.items[0] == "http://www.example.gov.cn/art/2023/1/5/art_1229000001_9.html"


def test_small_column_needs_no_proxy():
    assert list_plan(URL, COLUMN.replace("totalRecord:100", "totalRecord:2")).pages == []


def test_spider_posts_the_proxy_and_follows_hidden_records():
    spider = DiscoverySpider(start_url="http://www.example.gov.cn/")
    response = HtmlResponse(URL, body=COLUMN.encode(), encoding="utf-8", request=Request(URL))
    out = [r for r in spider.parse_list(response) if isinstance(r, scrapy.Request)]
    posts = [r for r in out if r.method == "POST"]
    assert len(posts) == 2
    assert posts[0].headers[b"Content-Type"].startswith(b"application/x-www-form-urlencoded")
    assert posts[0].headers[b"Referer"] == URL.encode()
    assert parse_qs(posts[0].body.decode())["columnid"] == ["1229000001"]
    assert posts[0].meta["role"] == "list" and posts[0].callback == spider.parse_list
    details = [r.url for r in out if r.meta.get("role") == "detail"]
    assert details == list_plan(URL, COLUMN).items

    answer_url = posts[0].url
    xml = XmlResponse(answer_url, body=ANSWER.encode(), request=posts[0])
    follow = [r for r in spider.parse_list(xml) if isinstance(r, scrapy.Request)]
    assert [r.meta["role"] for r in follow] == ["detail", "detail"]
