"""S6: a gov.cn-like central site, UTF-8 (SITES.md 1.F and 3/S6).

The site is 中国政府网. Its 政府信息公开 hub ``/zhengce/xxgk/`` links the 政府信息公开年报
column, a TRS ``index_N`` list (``createPageHTML(3, 0, "index", "htm")``) of 国务院办公厅's
own reports and the 23 ministries' reports, each of which links to the ministry's own host
(here the ``mirror`` host): those are **off-domain** and must not become this site's reports.
Like the real site:

- details are ``/zhengce/content/YYYYMM/content_<7 digits>.htm`` with the ``table.bd1``
  metadata and the body in ``#UCAP-CONTENT > .trs_editor_view``; documents of the policy
  library sit under ``/zhengce/zhengceku/YYYYMM/content_<n>.htm`` and answer 200 while the
  directory page ``/zhengce/zhengceku/`` answers **403** (an nginx page);
- the search API ``/search-gov/data?t=zhengce&q=…&p=&n=`` puts results in
  ``searchVO.catMap.<gongwen|bumenfile|…>.listVO[]`` while the top-level ``totalCount`` is
  always 0, and a ``type=`` parameter silently empties the results;
- a burst of more than 5 list-page requests in one second switches the column's index to
  an older cached copy (200, fewer items, no pager): a soft throttle. The count of such
  answers is in the manifest (``throttled``), so a test can tell the crawler never got one.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from pathlib import Path
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from simweb.base import Request, Response, site_templates
from simweb.sites import content
from simweb.sites.content import Item

HERE = Path(__file__).parent
COLUMN = "/zhengce/xxgk/zfxxgknb/"
LIBRARY = "/zhengce/zhengceku/"
PAGE_SIZE = 10
BURST = 5  # list-page requests per second a client may make before the cached copy
SITE = {
    "name": "中国政府网",
    "domain": "www.gov.cn",
    "id_code": "bm01000001",
    "operator": "中国政府网运行中心",
    "icp": "京ICP备05070218号",
    "psb": "京公网安备11010202000001号",
    "index_prefix": "000014349",
}
OWN = [{"name": "国务院办公厅", "years": [2019, 2020, 2021, 2022, 2023]}]
MINISTRIES = [
    "外交部",
    "国家发展和改革委员会",
    "教育部",
    "科学技术部",
    "工业和信息化部",
    "国家民族事务委员会",
    "公安部",
    "民政部",
    "司法部",
    "财政部",
    "人力资源和社会保障部",
    "自然资源部",
    "生态环境部",
    "住房和城乡建设部",
    "交通运输部",
    "水利部",
    "农业农村部",
    "商务部",
    "文化和旅游部",
    "国家卫生健康委员会",
    "退役军人事务部",
    "应急管理部",
    "审计署",
]
LOOKALIKES = ["gbfmt2021"]
NGINX_403 = (
    b"<html>\r\n<head><title>403 Forbidden</title></head>\r\n<body>\r\n"
    b"<center><h1>403 Forbidden</h1></center>\r\n<hr><center>nginx</center>\r\n"
    b"</body>\r\n</html>\r\n"
)


class GovcnSite:
    """中国政府网: the 年报 column with ministries' off-domain items, zhengceku, search API."""

    name = "govcn"

    def __init__(self, *, second_night: bool = False, **options: object) -> None:
        self.second_night = second_night
        self.env, _ = site_templates(HERE)
        self.peers: dict[str, str] = {}
        self.items = self._items()
        if second_night:  # the 2025 report tops page 1 (SITES.md 3, state changes)
            new = content.new_year_report(
                "国务院办公厅",
                site_name=SITE["name"],
                phone="010-55555555",
                after=self.items,
                step=317,
                index_no=SITE["index_prefix"] + "/{year}-{k:05d}",
            )
            self.items.insert(0, new)
        self.by_path = {self.path(i): i for i in self.items if not i.extra.get("ministry")}
        self.throttled = 0
        self._recent: deque[float] = deque()
        self._lock = threading.Lock()

    def _items(self) -> list[Item]:
        own = content.short_reports(OWN, site_name=SITE["name"], phone="010-55555555", first_id=0)
        ministries = content.short_reports(
            [{"name": name, "years": [2023]} for name in MINISTRIES],
            site_name=SITE["name"],
            phone="010-55555555",
            first_id=0,
        )
        for item in ministries:
            item.extra["ministry"] = True
        lookalikes = content.trs_items(LOOKALIKES, dict.fromkeys(LOOKALIKES, 0))
        for item in lookalikes:
            item.agency = "国务院办公厅"
            item.extra["library"] = item.title.startswith("国务院办公厅")
        items = content.newest_first(own + ministries + lookalikes)
        index_no = SITE["index_prefix"] + "/{year}-{k:05d}"
        content.number(items[::-1], first_id=6_927_010, step=317, index_no=index_no)
        return items

    # ---- URLs ----------------------------------------------------------------------------
    @staticmethod
    def path(item: Item) -> str:
        folder = LIBRARY if item.extra.get("library") else "/zhengce/content/"
        return f"{folder}{item.date:%Y%m}/content_{item.id}.htm"

    def ministry_url(self, item: Item) -> str:
        """A ministry's report lives on the ministry's own host (here: the mirror host)."""
        host = self.peers.get("mirror", "http://www.mva.gov.cn")
        return (
            f"{host}/gongkai/zfxxgkpt/zfxxgknb/{item.date:%Y%m}/t{item.date:%Y%m%d}_{item.id}.html"
        )

    def href(self, item: Item) -> str:
        return self.ministry_url(item) if item.extra.get("ministry") else self.path(item)

    def pages(self) -> int:
        return -(-len(self.items) // PAGE_SIZE)

    # ---- routing -------------------------------------------------------------------------
    def handle(self, request: Request) -> Response:
        if request.method not in ("GET", "HEAD"):
            return Response(status=405, headers={"Allow": "GET, HEAD"}, body=b"")
        path = request.path or "/"
        if path in ("/", "/index.htm"):
            return Response.html(self._render("home.html"))
        if path in ("/zhengce/xxgk/", "/zhengce/xxgk/index.htm"):
            return Response.html(self._render("hub.html", column=COLUMN))
        if path in (LIBRARY, LIBRARY + "index.htm"):
            return Response(status=403, headers={"Content-Type": "text/html"}, body=NGINX_403)
        if path.startswith(COLUMN):
            page = self._page_number(path.removeprefix(COLUMN))
            if page is not None:
                return self._list(page)
        if path == "/search-gov/data":
            return self._search({k: v[0] for k, v in request.query.items() if v})
        if path in self.by_path:
            return self._detail(self.by_path[path])
        if path == "/robots.txt":
            return Response(
                headers={"Content-Type": "text/plain"}, body=b"User-agent: *\nDisallow:\n"
            )
        return Response.html(self._render("404.html"), status=404)

    def _page_number(self, name: str) -> int | None:
        if name in ("", "index.htm"):
            return 0
        number = name.removeprefix("index_").removesuffix(".htm")
        if name.startswith("index_") and number.isdigit() and 0 < int(number) < self.pages():
            return int(number)
        return None

    def _render(self, template: str, **context: Any) -> str:
        return self.env.get_template(template).render(site=SITE, **context)

    # ---- the list and its soft throttle --------------------------------------------------
    def _burst(self) -> bool:
        """True once more than BURST list requests arrived within the last second."""
        now = time.monotonic()
        with self._lock:
            self._recent.append(now)
            while self._recent and now - self._recent[0] > 1.0:
                self._recent.popleft()
            if len(self._recent) > BURST:
                self.throttled += 1
                return True
        return False

    def _list(self, page: int) -> Response:
        if self._burst():
            # the cached copy a CDN keeps: last year's first page, no pager
            stale = [i for i in self.items if i.date.year <= 2023][:PAGE_SIZE]
            entries = [self._entry(i) for i in stale]
            return Response.html(self._render("list.html", items=entries, stale="2023-02-01"))
        chosen = self.items[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
        return Response.html(
            self._render(
                "list.html",
                items=[self._entry(i) for i in chosen],
                count_page=self.pages(),
                current_page=page,
                stale="",
            )
        )

    def _entry(self, item: Item) -> dict[str, str]:
        href = self.href(item)
        if not item.extra.get("ministry"):
            href = "../../.." + href  # TRS writes relative hrefs
        return {"href": href, "title": item.title, "date": f"{item.date:%Y-%m-%d}"}

    # ---- details and search --------------------------------------------------------------
    def _detail(self, item: Item) -> Response:
        library = bool(item.extra.get("library"))
        view = {
            "title": item.title,
            "date": f"{item.date:%Y-%m-%d}",
            "time": item.time,
            "written": f"{item.date:%Y-%m-%d}",
            "agency": item.agency,
            "source": SITE["name"],
            "index_no": item.extra["index_no"],
            "doc_no": item.extra.get("doc_no", ""),
            "column": "国务院文件" if library else "政府信息公开年报",
            "column_url": LIBRARY if library else COLUMN,
            "editor": "王洋",
            "url": f"https://{SITE['domain']}{self.path(item)}",
        }
        text = self._render("detail.html", article=view, body=Markup(item.body))
        return content.article_response(text, item)

    def _search(self, q: dict[str, str]) -> Response:
        words = q.get("q", "")
        size = max(content.to_int(q.get("n"), 5), 1)
        page = max(content.to_int(q.get("p"), 1), 1)
        found = [] if "type" in q else [i for i in self.items if words and words in i.title]
        groups: dict[str, list[Item]] = {"gongwen": [], "bumenfile": []}
        for item in found:
            groups["bumenfile" if item.extra.get("ministry") else "gongwen"].append(item)
        cat_map = {
            name: {
                "totalCount": len(items),
                "listVO": [self._hit(i) for i in items[(page - 1) * size : page * size]],
            }
            for name, items in groups.items()
        }
        body = {"code": 200, "msg": "", "searchVO": {"totalCount": 0, "catMap": cat_map}}
        return Response(
            headers={"Content-Type": "application/json;charset=UTF-8"},
            body=json.dumps(body, ensure_ascii=False).encode("utf-8"),
        )

    def _hit(self, item: Item) -> dict[str, Any]:
        ministry = bool(item.extra.get("ministry"))
        return {
            "title": item.title,
            "url": self.href(item) if ministry else f"https://{SITE['domain']}{self.path(item)}",
            "pcode": item.extra.get("doc_no", ""),
            "puborg": item.agency,
            "pubtimeStr": None if ministry else f"{item.date:%Y.%m.%d}",
            "ptime": int(item.published_at.timestamp() * 1000),
            "index": item.extra["index_no"],
            "childtype": "政务公开",
        }

    # ---- ground truth --------------------------------------------------------------------
    def manifest(self, base_url: str) -> dict:
        base = base_url.rstrip("/")
        own = [i for i in self.items if not i.extra.get("ministry")]
        reports = [
            content.manifest_report(base + self.path(i), i) for i in own if i.kind == "report"
        ]
        # ministries' reports on their own hosts: listed here, never this site's, never crawled
        ministries = [
            {"url": self.ministry_url(i), "title": i.title, "agency": i.agency}
            for i in self.items
            if i.extra.get("ministry")
        ]
        pages = [f"{base}{COLUMN}"] + [
            f"{base}{COLUMN}index_{n}.htm" for n in range(1, self.pages())
        ]
        traps = [
            {"url": f"{base}{LIBRARY}", "kind": "403 directory", "status": 403},
            {
                "url": f"{base}/search-gov/data?t=zhengce&q={quote('年度报告')}&p=1&n=5",
                "kind": "search totalCount 0",
            },
            {"url": f"{base}{COLUMN}", "kind": "soft throttle", "burst_per_second": BURST},
        ]
        return {
            "site": self.name,
            "second_night": content.second_night_manifest(base, own, self.path),
            "column": {
                "url": pages[0],
                "name": "政府信息公开年报",
                "pages": pages,
                "items": len(self.items),
            },
            "reports": reports,
            "attachments": [],
            "distractors": content.manifest_distractors(base, own, self.path, "政府信息公开年报"),
            "off_domain": [m["url"] for m in ministries],
            "ministries": ministries,
            "traps": traps,
            "throttled": self.throttled,
            # home, the hub, the list pages, this site's details
            "pages_needed": 2 + len(pages) + len(own),
        }
