"""S8: a plain static site with table lists and traps (SITES.md 3/S8 and 1.H).

The site is 合江县人民政府 (Sichuan), hand-built without a CMS and without JavaScript:

- the 政府信息公开年报 column ``/xxgk/zfxxgknb/`` is a ``<table>`` (``td a`` and the date in
  ``td.huise``) with plain numbered pages ``2.html``, ``3.html`` and 首页/下一页/尾页 anchors;
- year sub-columns hang below it: ``2023n/`` with a Shaanxi-style snowflake-id detail, and
  the archive ``2008n/`` … ``2012n/`` whose reports are ``.htm`` pages in the pre-2019 outline;
- the 部门信息公开年报 column is an ASP.NET page ``InfoPublic.aspx?cid=1019&pid=971&page=N&kw=``
  listing extensionless Sichuan-style ``content_<id>`` details;
- every list page carries a 日历 widget linking ``?date=YYYY-MM-DD`` and the previous/next
  month forever, each answering 200 with the same list (the calendar trap), and every page
  a search form and 热门搜索 links to ``/search.jsp?q=…`` (never to be crawled);
- robots.txt disallows ``/xxgk/private/``, where an internal copy of the column lives;
- one list item points to the spam clone on the ``mirror`` host (off-domain).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape
from pathlib import Path
from urllib.parse import quote

import jinja2

from simweb.base import Request, Response

HERE = Path(__file__).parent
HANWEB_BODIES = HERE.parent / "hanweb" / "bodies"
TRS_BODIES = HERE.parent / "trs" / "bodies"
SITE = "合江县人民政府"
COLUMN = "/xxgk/zfxxgknb/"
ASPX = "/InfoPublic.aspx"
ASPX_QUERY = "cid=1019&pid=971"
PRIVATE = "/xxgk/private/zfxxgknb/"
PAGE_SIZE = 6
ASPX_PAGE_SIZE = 5
ROBOTS = "User-agent: *\nDisallow: /xxgk/private/\n"
# Units with a report per year in the main column, and departments in the ASP.NET column.
UNITS = {
    "合江县人民政府": range(2019, 2025),
    "合江县教育局": range(2020, 2024),
    "合江县财政局": range(2021, 2024),
}
DEPARTMENTS = ("合江县司法局", "合江县民政局", "合江县自然资源局", "合江县交通运输局")
SNOWFLAKE = 1752504210521403394
SICHUAN_ID = 191767


@dataclass
class Item:
    path: str
    title: str
    date: dt.date
    kind: str  # report | distractor
    body: str
    agency: str
    year: int | None = None


class StaticSite:
    """合江县人民政府: table lists, numbered pages, ASP.NET paging, calendar and search traps."""

    name = "static"

    def __init__(self, **options: object) -> None:
        self.options = options
        self.peers: dict[str, str] = {}
        self.env = jinja2.Environment(autoescape=False, undefined=jinja2.StrictUndefined)
        self.short = self.env.from_string((HANWEB_BODIES / "short_report.html").read_text("utf-8"))
        self.old = self.env.from_string((HERE / "bodies" / "old_report.html").read_text("utf-8"))
        self.main: list[Item] = []
        self.years: dict[int, list[Item]] = {}
        self.departments: list[Item] = []
        self.private: list[Item] = []
        self._build()
        self.by_path = {
            i.path: i
            for i in [*self.main, *self.departments, *self.private]
            + [i for items in self.years.values() for i in items]
        }

    # ---- content -------------------------------------------------------------------------
    def _report(self, agency: str, year: int, n: int) -> str:
        date = dt.date(year + 1, 1, 10 + n % 15)
        if year <= 2018:
            return self.old.render(
                agency=agency,
                year=year,
                published=120 + 13 * n,
                organs=5 + n % 7,
                docs=n % 9,
                news=80 + n,
                applications=n % 4,
                written=f"{date.year}年{date.month}月{date.day}日",
            )
        return self.short.render(
            agency=agency,
            year=year,
            site_name=SITE,
            phone="0830-5212345",
            published=150 + 11 * n,
            docs=n % 5,
            applications=1 + n % 6,
            written=f"{date.year}年{date.month}月{date.day}日",
        )

    def _build(self) -> None:
        n = 0
        for agency, years in UNITS.items():
            for year in years:
                n += 1
                date = dt.date(year + 1, 1, 10 + n % 15)
                self.main.append(
                    Item(
                        f"{COLUMN}{date:%Y%m}/{7_300_000 + 37 * n}.html",
                        f"{agency}{year}年政府信息公开工作年度报告",
                        date,
                        "report",
                        self._report(agency, year, n),
                        agency,
                        year,
                    )
                )
        fzzf = (TRS_BODIES / "fzzf2023.html").read_text("utf-8")
        self.main.append(
            Item(
                f"{COLUMN}202403/7390001.html",
                "合江县2023年法治政府建设年度报告",
                dt.date(2024, 3, 20),
                "distractor",
                fzzf,
                SITE,
            )
        )
        self.main.sort(key=lambda i: i.date, reverse=True)
        self.years[2023] = [
            self._annual(f"{COLUMN}2023n/{SNOWFLAKE}.html", "合江县司法局", 2023, 41)
        ]
        for year in range(2008, 2013):
            date = dt.date(year + 1, 3, 20 + year % 7)
            self.years[year] = [
                self._annual(f"{COLUMN}{year}n/{5_100 + year}.htm", SITE, year, year, date)
            ]
        for k, agency in enumerate(DEPARTMENTS):
            for year in (2022, 2023):
                n += 1
                ident = SICHUAN_ID if (k, year) == (0, 2023) else 191_000 + 7 * n
                date = dt.date(year + 1, 1, 12 + k)
                path = f"/xxgk/bmxxgknb/content_{ident}"
                self.departments.append(self._annual(path, agency, year, n, date))
        self.departments.sort(key=lambda i: (i.date, i.path), reverse=True)
        self.private = [self._annual(f"{PRIVATE}202401/7399999.html", "合江县审计局", 2023, 77)]

    def _annual(
        self, path: str, agency: str, year: int, n: int, date: dt.date | None = None
    ) -> Item:
        """A report of `agency` for `year` at `path` (published in January of the next year)."""
        date = date or dt.date(year + 1, 1, 10 + n % 15)
        title = f"{agency}{year}年政府信息公开工作年度报告"
        return Item(path, title, date, "report", self._report(agency, year, n), agency, year)

    def spam_url(self) -> str | None:
        mirror = self.peers.get("mirror")
        return f"{mirror}/sfj/zfxxgk/ndbg/202101/t20210129_1620807" if mirror else None

    # ---- routing -------------------------------------------------------------------------
    def handle(self, request: Request) -> Response:
        path = request.path or "/"
        if request.method not in ("GET", "HEAD"):
            return Response(status=405, headers={"Allow": "GET, HEAD"})
        if path == "/robots.txt":
            return Response(headers={"Content-Type": "text/plain"}, body=ROBOTS.encode())
        if path in ("/", "/index.html"):
            links = '<a href="/xxgk/">政府信息公开</a>'
            return Response.html(self._page(SITE, f'<div class="nav">{links}</div>', "home"))
        if path in ("/xxgk/", "/xxgk/index.html"):
            return Response.html(self._section())
        if path == "/search.jsp":
            query = (request.query.get("q") or [""])[0]
            hits = [i for i in self.main if query and query[:2] in i.title]
            return Response.html(self._page(f"搜索：{query}", self._table(hits), "search"))
        if path == ASPX:
            page = _int((request.query.get("page") or ["1"])[0])
            if (request.query.get("cid") or [""])[0] != "1019":
                return Response.html(self._page("栏目不存在", "<p>栏目不存在</p>", "error"), 200)
            return Response.html(self._aspx(page))
        if path in (COLUMN, COLUMN + "index.html"):
            return Response.html(self._list(self.main, COLUMN, 1))
        if path.startswith(COLUMN) and path.removeprefix(COLUMN).removesuffix(".html").isdigit():
            page = int(path.removeprefix(COLUMN).removesuffix(".html"))
            if 2 <= page <= self._pages(self.main, PAGE_SIZE):
                return Response.html(self._list(self.main, COLUMN, page))
        for year, items in self.years.items():
            if path in (f"{COLUMN}{year}n/", f"{COLUMN}{year}n/index.html"):
                return Response.html(self._list(items, f"{COLUMN}{year}n/", 1, f"{year}年"))
        if path in (PRIVATE, PRIVATE + "index.html"):
            return Response.html(self._list(self.private, PRIVATE, 1, "内部"))
        item = self.by_path.get(path)
        if item is not None:
            return Response.html(self._detail(item))
        if path.startswith("/xxgk/zfxxgkzn/") or path.startswith("/xxgk/wzndbb/"):
            return Response.html(self._page("政府信息公开指南", "<p>本指南…</p>", "page"))
        return Response.html(self._page("404", "<h1>您访问的页面不存在</h1>", "error"), status=404)

    # ---- rendering -----------------------------------------------------------------------
    def _page(self, title: str, body: str, kind: str, meta: str = "") -> str:
        search = (
            '<form action="/search.jsp" method="get"><input name="q" type="text">'
            '<input type="submit" value="搜索"></form><div class="hot">热门搜索：'
            + "".join(
                f'<a href="/search.jsp?q={quote(q)}">{q}</a> '
                for q in ("政府信息公开年报", "年度报告", "招聘")
            )
            + "</div>"
        )
        return (
            '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
            f"<title>{escape(title)}_{SITE}</title>"
            f'<meta name="SiteName" content="{SITE}">'
            '<meta name="SiteDomain" content="www.hejiang.gov.cn">'
            f'<meta name="SiteIDCode" content="5105220001">{meta}</head>\n<body>'
            f'<div class="header"><a href="/">首页</a> <a href="/xxgk/">政府信息公开</a> '
            '<a href="javascript:void(0)">无障碍</a> <a href="javascript:void(0)">长者版</a>'
            f"{search}</div>\n"
            f'<div class="main {kind}">{body}</div>\n'
            f'<div class="footer">主办：{SITE}办公室 蜀ICP备05012345号</div></body></html>\n'
        )

    def _section(self) -> str:
        links = [
            ("/xxgk/zfxxgkzn/", "政府信息公开指南"),
            (COLUMN, "政府信息公开年报"),
            (f"{ASPX}?{ASPX_QUERY}&page=1&kw=", "部门信息公开年报"),
            (PRIVATE, "政府信息公开年报（内部）"),
            ("/xxgk/wzndbb/", "政府网站年度报表"),
        ]
        nav = "".join(f'<li><a href="{h}">{t}</a></li>' for h, t in links)
        return self._page("政府信息公开", f'<ul class="xxgk-nav">{nav}</ul>', "section")

    @staticmethod
    def _pages(items: list, size: int) -> int:
        return max(1, -(-len(items) // size))

    def _table(self, items: list[Item], extra: list[tuple[str, str, str]] = ()) -> str:
        rows = [(i.path, i.title, f"{i.date:%Y-%m-%d}") for i in items] + list(extra)
        return (
            '<table class="list" width="100%">'
            + "".join(
                f'<tr><td class="title"><a href="{escape(h)}" target="_blank" title="{escape(t)}">'
                f'{escape(t)}</a></td><td class="huise">{d}</td></tr>'
                for h, t, d in rows
            )
            + "</table>"
        )

    def _calendar(self, base: str) -> str:
        """The 日历 widget: a month of days and prev/next month links, every one a new URL."""
        sep = "&" if "?" in base else "?"
        days = "".join(f'<a href="{base}{sep}date=2024-01-{d:02d}">{d}</a> ' for d in range(1, 32))
        return (
            f'<div class="calendar"><a href="{base}{sep}date=2023-12-01">上一月</a> 2024年1月 '
            f'<a href="{base}{sep}date=2024-02-01">下一月</a><div class="days">{days}</div></div>'
        )

    def _pager(self, count: int, page: int, href) -> str:
        links = [("首页", href(1))]
        if page > 1:
            links.append(("上一页", href(page - 1)))
        links += [(str(n), href(n)) for n in range(1, count + 1) if n != page]
        if page < count:
            links.append(("下一页", href(page + 1)))
        links.append(("尾页", href(count)))
        anchors = " ".join(f'<a href="{h}">{t}</a>' for t, h in links)
        return f'<div class="page">共{count}页 当前第{page}页 {anchors}</div>'

    def _list(self, items: list[Item], base: str, page: int, label: str = "") -> str:
        count = self._pages(items, PAGE_SIZE)
        chosen = items[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        spam = self.spam_url()
        extra = (
            [(spam, "合江县人民政府2020年政府信息公开工作年度报告", "2021-01-29")]
            if (spam and base == COLUMN and page == 1)
            else []
        )
        years = ""
        if base == COLUMN:
            years = (
                '<div class="years">按年度：'
                + "".join(
                    f'<a href="{COLUMN}{y}n/">{y}年</a> ' for y in sorted(self.years, reverse=True)
                )
                + "</div>"
            )
        pager = self._pager(count, page, lambda n: base if n == 1 else f"{base}{n}.html")
        title = "政府信息公开年报" + (f"（{label}）" if label else "")
        meta = (
            f'<meta name="ColumnName" content="{title}">'
            '<meta name="ColumnType" content="政府信息公开年报">'
        )
        body = f"<h2>{title}</h2>{years}{self._table(chosen, extra)}{pager}{self._calendar(base)}"
        return self._page(title, body, "list", meta)

    def _aspx(self, page: int) -> str:
        count = self._pages(self.departments, ASPX_PAGE_SIZE)
        page = min(max(page, 1), count)
        chosen = self.departments[(page - 1) * ASPX_PAGE_SIZE : page * ASPX_PAGE_SIZE]
        base = f"{ASPX}?{ASPX_QUERY}"
        pager = self._pager(count, page, lambda n: f"{base}&page={n}&kw=")
        viewstate = '<input type="hidden" name="__VIEWSTATE" value="/wEPDwUKMTY1NDU2MTA1MmRk">'
        body = (
            f'<form method="post" action="{base}&page={page}&kw=" id="form1">{viewstate}'
            f"<h2>部门信息公开年报</h2>{self._table(chosen)}{pager}"
            f"{self._calendar(f'{base}&page={page}&kw=')}</form>"
        )
        meta = '<meta name="ColumnName" content="部门信息公开年报">'
        return self._page("部门信息公开年报", body, "list", meta)

    def _detail(self, item: Item) -> str:
        meta = (
            f'<meta name="ArticleTitle" content="{escape(item.title)}">'
            f'<meta name="PubDate" content="{item.date:%Y-%m-%d} 09:30">'
            f'<meta name="ContentSource" content="{escape(item.agency)}">'
        )
        info = (
            '<table class="xxgk_info"><tr><td>发布机构：</td>'
            f"<td>{escape(item.agency)}</td><td>发布日期：</td><td>{item.date:%Y-%m-%d}</td></tr></table>"
        )
        body = (
            f"{info}<h1>{escape(item.title)}</h1>"
            f'<div class="source">来源：{escape(item.agency)} 时间：{item.date:%Y-%m-%d}</div>'
            f'<div class="xxgk_content">{item.body}</div>'
            '<div class="tools"><a href="javascript:window.print()">打印</a> '
            '<a href="javascript:window.close()">关闭</a></div>'
        )
        return self._page(item.title, body, "detail", meta)

    # ---- ground truth --------------------------------------------------------------------
    def manifest(self, base_url: str) -> dict:
        base = base_url.rstrip("/")
        listed = [*self.main, *self.departments] + [i for v in self.years.values() for i in v]
        return {
            "site": self.name,
            "reports": [
                {"url": base + i.path, "title": i.title, "agency": i.agency, "year": i.year}
                for i in listed
                if i.kind == "report"
            ],
            "attachments": [],
            "distractors": [
                {"url": base + i.path, "title": i.title} for i in listed if i.kind == "distractor"
            ],
            "traps": [
                {"url": f"{base}{COLUMN}?date=2024-01-01", "kind": "calendar"},
                {"url": f"{base}/search.jsp?q=", "kind": "search"},
            ],
            "disallowed": [base + i.path for i in self.private] + [base + PRIVATE],
            "off_domain": [u for u in [self.spam_url()] if u],
        }


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        return 1
