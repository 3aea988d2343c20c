"""S2, the Hanweb JCMS site: jpage datastore columns, the dataproxy, details, manifest.

The site is called directly (no sockets): ``HanwebSite().handle(Request(...))``.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode, urlsplit

import pytest
from lxml import etree, html

from simweb.base import Request, Response
from simweb.sites.hanweb import HanwebSite

BASE = "http://127.0.0.1:8102"
ANNUAL = "/col/col1229000001/index.html"
DEPARTMENT = "/col/col1229000002/index.html"
PROXY = "/module/web/jpage/dataproxy.jsp"
FORM = {
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
RECORD_HREF = re.compile(r"<record><!\[CDATA\[<li><a href='([^']+)'")


@pytest.fixture(scope="module")
def site() -> HanwebSite:
    return HanwebSite()


@pytest.fixture(scope="module")
def manifest(site: HanwebSite) -> dict:
    return site.manifest(BASE)


def get(site: HanwebSite, path: str, query: dict | None = None) -> Response:
    q = {k: [v] for k, v in (query or {}).items()}
    return site.handle(Request(method="GET", path=path, query=q, headers={}))


def post(site: HanwebSite, path: str, query: dict, form: dict) -> Response:
    q = {k: [str(v)] for k, v in query.items()}
    body = urlencode(form).encode()
    headers = {"content-type": "application/x-www-form-urlencoded; charset=UTF-8"}
    return site.handle(Request(method="POST", path=path, query=q, headers=headers, body=body))


def text(response: Response) -> str:
    assert response.status == 200
    return response.body.decode("utf-8")


def test_home_links_the_section_and_the_section_lists_both_columns(site):
    home = html.fromstring(text(get(site, "/")))
    assert "/col/col1229000010/index.html" in home.xpath("//a[.='政府信息公开']/@href")
    section = html.fromstring(text(get(site, "/col/col1229000010/index.html")))
    names = {a.text: a.get("href") for a in section.xpath("//div[@class='xxgk_entry']//a")}
    assert names["政府信息公开年报"] == ANNUAL and names["部门年报"] == DEPARTMENT


def test_column_list_is_only_inside_the_datastore_script(site):
    page = text(get(site, ANNUAL))
    assert page == text(get(site, ANNUAL, {"uid": "7700001", "pageNum": "4"}))
    doc = html.fromstring(page)
    assert not [h for h in doc.xpath("//a/@href") if "/art/" in h]  # an HTML parse sees none
    script = doc.xpath("//script[@type='text/xml']")[0].text
    assert "<recordset>" in script and "dataproxy.jsp?page=1&appid=1&webid=3" in script
    hrefs = RECORD_HREF.findall(script)
    assert len(hrefs) == 45
    assert "/art/2024/1/19/art_1229000001_4233872.html" in hrefs
    assert "var param_7700001={col:1,appid:1,webid:3,path:'/',columnid:1229000001" in page
    assert "proxyUrl:'/module/web/jpage/dataproxy.jsp'" in page
    assert "totalRecord:61" in page and "perPage:15" in page


def test_department_column_has_no_recordset_and_the_other_proxy(site):
    page = text(get(site, DEPARTMENT))
    script = html.fromstring(page).xpath("//script[@type='text/xml']")[0].text
    assert "<recordset>" not in script
    assert len(RECORD_HREF.findall(script)) == 6
    assert "proxyUrl:'/module/jpage/dataproxy.jsp'" in page and "totalRecord:8" in page


def test_proxy_post_returns_the_remaining_records_as_xml(site):
    response = post(site, PROXY, {"startrecord": 46, "endrecord": 90, "perpage": 15}, FORM)
    assert response.headers["Content-Type"].startswith("text/xml")
    root = etree.fromstring(response.body)
    assert root.findtext("totalrecord") == "61" and root.findtext("totalpage") == "5"
    records = root.findall("recordset/record")
    assert len(records) == 16  # endrecord past the total is ignored
    first = html.fromstring(records[0].text).xpath("//a")[0]
    assert re.fullmatch(r"/art/\d{4}/\d{1,2}/\d{1,2}/art_1229000001_\d+\.html", first.get("href"))
    embedded = RECORD_HREF.findall(text(get(site, ANNUAL)))
    assert not set(embedded) & {html.fromstring(r.text).xpath("//a/@href")[0] for r in records}


def test_proxy_answers_get_and_the_other_path(site):
    query = {"startrecord": "1", "endrecord": "45", "perpage": "15", **FORM}
    got = get(site, PROXY, query)
    assert len(etree.fromstring(got.body).findall("recordset/record")) == 45
    other = dict(FORM, columnid="1229000002", unitid="7700002")
    response = post(
        site,
        "/module/jpage/dataproxy.jsp",
        {"startrecord": 7, "endrecord": 12, "perpage": 2},
        other,
    )
    assert len(etree.fromstring(response.body).findall("recordset/record")) == 2


def test_proxy_refuses_requests_without_column_or_unit(site):
    for missing in ("columnid", "unitid"):
        form = {k: v for k, v in FORM.items() if k != missing}
        assert post(site, PROXY, {"startrecord": 46, "endrecord": 90}, form).status == 400
    assert get(site, PROXY).status == 400


def test_detail_pages(site, manifest):
    for report in manifest["reports"]:
        path = urlsplit(report["url"]).path
        assert re.fullmatch(r"/art/\d{4}/[1-9]\d?/[1-9]\d?/art_\d+_\d+\.html", path), path
        doc = html.fromstring(text(get(site, path)))
        assert doc.xpath("//div[@id='zoom']//p"), path
        assert doc.xpath("//meta[@name='ArticleTitle']/@content") == [report["title"]]
        assert "信息公开元数据" in doc.text_content()
    assert get(site, "/art/2024/1/19/art_1229000001_1.html").status == 404
    assert get(site, "/robots.txt").status == 404


def test_manifest(site, manifest):
    reports = manifest["reports"]
    assert len(reports) == 66 and len({r["url"] for r in reports}) == 66
    assert {r["column"] for r in reports} == {"政府信息公开年报", "部门年报"}
    assert all(r["published"][:4] == str(r["year"] + 1) or r["year"] < 2019 for r in reports)
    titles = {d["title"] for d in manifest["distractors"]}
    assert "杭州市上城区2023年法治政府建设年度报告" in titles
    assert "杭州市上城区2024年政务公开工作要点" in titles
    [dup] = manifest["traps"]
    assert dup["kind"] == "duplicate" and dup["columns"] == ["政府信息公开年报", "部门年报"]
    assert dup["url"] == BASE + "/art/2024/1/19/art_1229000001_4233872.html"
    annual, department = manifest["columns"]
    assert (annual["records"], annual["embedded"], department["records"]) == (61, 45, 8)
