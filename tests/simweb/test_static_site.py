"""S8: the plain static site's lists, pages and traps (SITES.md 3/S8), called directly."""

from urllib.parse import parse_qs, urlsplit

from parsel import Selector

from simweb.base import Request
from simweb.sites.static import COLUMN, StaticSite

SITE = StaticSite()


def get(url: str):
    parts = urlsplit(url)
    return SITE.handle(
        Request("GET", parts.path, parse_qs(parts.query, keep_blank_values=True), {})
    )


def rows(url: str) -> list[tuple[str, str]]:
    page = Selector(text=get(url).body.decode("utf-8"))
    return [
        (r.css("td a::attr(href)").get(), r.css("td.huise::text").get())
        for r in page.css("table.list tr")
    ]


def test_table_list_with_numbered_pages():
    pages = [rows(COLUMN), rows(COLUMN + "2.html"), rows(COLUMN + "3.html")]
    assert [len(p) for p in pages] == [6, 6, 2]
    assert all(date and date[:2] == "20" for p in pages for _, date in p)
    assert get(COLUMN + "4.html").status == 404


def test_the_calendar_answers_every_date_with_the_same_list():
    for date in ("2024-01-05", "1999-12-01", "2087-02-01"):
        assert rows(f"{COLUMN}?date={date}") == rows(COLUMN)
    assert b"date=2024-02-01" in get(COLUMN).body


def test_aspnet_column_pages_by_query():
    first = rows("/InfoPublic.aspx?cid=1019&pid=971&page=1&kw=")
    second = rows("/InfoPublic.aspx?cid=1019&pid=971&page=2&kw=")
    assert len(first) == 5 and len(second) == 3
    assert "/xxgk/bmxxgknb/content_191767" in {href for href, _ in first + second}


def test_year_archive_and_snowflake_detail():
    manifest = SITE.manifest("http://h")
    paths = {urlsplit(r["url"]).path for r in manifest["reports"]}
    assert {f"{COLUMN}{y}n/{5100 + y}.htm" for y in range(2008, 2013)} <= paths
    assert f"{COLUMN}2023n/1752504210521403394.html" in paths
    old = get(f"{COLUMN}2010n/7110.htm").body.decode("utf-8")
    assert "一、概述" in old and "四、政府信息公开的收费及减免情况" in old


def test_robots_disallows_the_private_copy_which_exists():
    assert get("/robots.txt").body == b"User-agent: *\nDisallow: /xxgk/private/\n"
    assert get("/xxgk/private/zfxxgknb/").status == 200


def test_the_spam_clone_is_linked_only_when_the_mirror_runs():
    assert SITE.spam_url() is None
    site = StaticSite()
    site.peers["mirror"] = "http://m"
    assert (
        b"http://m/sfj/zfxxgk/ndbg/202101/t20210129_1620807"
        in site.handle(Request("GET", COLUMN, {}, {})).body
    )
