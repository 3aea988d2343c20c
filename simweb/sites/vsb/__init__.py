"""S3: a 博达 VSB (Visual SiteBuilder) site, UTF-8 (SITES.md 1.C and 3/S3).

The site is 眉山市人民政府. Its 政府信息公开年报 column (wbtreeid 5069) holds 52 items: the
reports of the city, its districts and counties and some departments, three pre-2019
reports, reports published only as a PDF or Word attachment, look-alikes and one item
whose page is gone. Like a real VSB site:

- the static list is ``/xxgk/xxgknb.htm`` (page 1, 5 items); later pages **count down**:
  下页 from page 1 is ``xxgknb/10.htm`` and 尾页 is ``xxgknb/1.htm``; the pager is the
  ``p_pages``/``p_no``/``p_no_d`` markup with ``共52条`` and ``1/11``;
- the dynamic twin of the list is ``/xxgk/xxgk_list.jsp?urltype=tree.TreeTempUrl&
  wbtreeid=5069&a2t=11&a2p=N&a2c=5``; it answers **any** page number, with an empty list
  past the last page (an infinite pagination trap);
- every article answers at ``/info/5069/<newsid>.htm`` (linked from the static list) and
  at ``/xxgk/xxgk_content.jsp?urltype=news.NewsContentUrl&wbtreeid=5069&wbnewsid=<newsid>``
  (linked from the dynamic list and the home page): one article, two URLs;
- one report was published through the 政务信息公开 module and exists only as
  ``gkml_info.jsp?urltype=egovinfo.EgovInfoContent&wbtreeid=5069&indentifier=<索引号>``;
- attachments are ``/system/_content/download.jsp?urltype=news.DownloadAttachUrl&owner=
  <owner>&wbfileid=<n>`` (``&deal=1`` on some), served with ``Content-Disposition``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from simweb.base import Request, Response, site_templates
from simweb.sites import content
from simweb.sites.content import Item

HERE = Path(__file__).parent
TREE_ID = 5069
OWNER = 1690870245  # the VSB site owner id every download URL carries
PAGE_SIZE = 5
COMPONENT = 2  # the list component's number: a2t / a2p / a2c
STATIC = "/xxgk/xxgknb.htm"
DYNAMIC = "/xxgk/xxgk_list.jsp"
CONTENT = "/xxgk/xxgk_content.jsp"
EGOV = "/xxgk/gkml_info.jsp"
DOWNLOAD = "/system/_content/download.jsp"
SITE = {
    "name": "眉山市人民政府",
    "domain": "www.ms.gov.cn",
    "id_code": "5114000006",
    "address": "四川省眉山市东坡区湖滨路南一段6号",
    "postcode": "620020",
    "phone": "028-38100012",
    "icp": "蜀ICP备05003396号",
    "psb": "川公网安备 51140202000103号",
    "index_prefix": "008765432",
}
UNITS = [
    {"name": "眉山市人民政府", "years": [2019, 2020, 2021, 2022, 2023]},
    {"name": "眉山市东坡区人民政府", "years": [2019, 2020, 2021, 2022, 2023]},
    {"name": "眉山市彭山区人民政府", "years": [2019, 2020, 2021, 2022, 2023]},
    {"name": "仁寿县人民政府", "years": [2019, 2020, 2021, 2022, 2023]},
    {"name": "洪雅县人民政府", "years": [2019, 2020, 2021, 2022, 2023]},
    {"name": "丹棱县人民政府", "years": [2019, 2020, 2021, 2022, 2023]},
    {"name": "青神县人民政府", "years": [2019, 2020, 2021, 2022, 2023]},
    {"name": "眉山市司法局", "years": [2019, 2020, 2021, 2022, 2023]},
    {"name": "眉山市财政局", "years": [2020, 2021, 2022, 2023]},
]
# S1 reports in the pre-2019 outline, and S1's look-alikes, carried here too.
OFFICE = "眉山市司法局"  # the look-alikes' issuer
OLD_REPORTS = ["cz2018", "seed002", "xm2016"]
LOOKALIKES = ["fzzf2023", "gkyd2024", "gbfmt2021", "gkzn"]
# Reports published only as an attachment (title → file type), and one with a PDF beside
# its HTML body; which get the download counter's deal=1.
ATTACHMENT_ONLY = {
    "丹棱县人民政府2021年政府信息公开工作年度报告": "pdf",
    "青神县人民政府2020年政府信息公开工作年度报告": "docx",
    "眉山市司法局2022年政府信息公开工作年度报告": "wps",
}
REPUBLISHED = "丹棱县人民政府2021年政府信息公开工作年度报告"  # again on the second night
WITH_COPY = "眉山市人民政府2023年政府信息公开工作年度报告"
EGOV_REPORT = "眉山市财政局2021年政府信息公开工作年度报告"


@dataclass(frozen=True)
class Column:
    key: str
    name: str
    treeid: int


COLUMNS = [
    Column("xxgkzn", "政府信息公开指南", 5061),
    Column("xxgkzd", "政府信息公开制度", 5062),
    Column("fdzdgknr", "法定主动公开内容", 5063),
    Column("xxgknb", "政府信息公开年报", TREE_ID),
    Column("ysqgk", "依申请公开", 5065),
    Column("wzndbb", "政府网站年度报表", 5066),
]


class VsbSite:
    """眉山市人民政府 on VSB: static count-down lists, jsp twins, download.jsp attachments."""

    name = "vsb"

    def __init__(self, *, second_night: bool = False, **options: object) -> None:
        self.second_night = second_night
        self.env, _ = site_templates(HERE)
        self.items = self._items()
        if second_night:
            self.items = content.newest_first(self.items + self._second_night())
        self.by_id = {i.id: i for i in self.items}
        self.egov = {i.extra["index_no"]: i for i in self.items if i.extra.get("egov")}
        self.files = {a.id: (i, a) for i in self.items for a in i.attachments}
        self.wzndbb = content.lookalikes(["wzbb2023"], OFFICE, "眉山市")
        for item in self.wzndbb:
            item.id = 1_141_207
            item.extra.update(tree=5066, index_no=f"{SITE['index_prefix']}/2024-00003")
            self.by_id[item.id] = item

    # ---- content -------------------------------------------------------------------------
    def _items(self) -> list[Item]:
        generated = content.short_reports(
            UNITS, site_name=SITE["name"], phone=SITE["phone"], first_id=0
        )
        trs = content.trs_items(OLD_REPORTS, dict.fromkeys(OLD_REPORTS, 0))
        trs += content.lookalikes(LOOKALIKES, OFFICE, "眉山市")
        gone = Item(
            id=0,
            title="眉山市人民政府2018年政府信息公开工作年度报告",
            kind="trap",
            agency=SITE["name"],
            date=dt.date(2019, 3, 25),
            time="10:00",
            body="",
            status=404,
        )
        items = content.newest_first([*generated, *trs, gone])
        # wbnewsid grow with publication time, as the CMS assigns them
        index_no = SITE["index_prefix"] + "/{year}-{k:05d}"
        content.number(items[::-1], first_id=1_098_000, step=1_373, index_no=index_no)
        file_id = 4_512_300
        for item in items:
            if item.title in ATTACHMENT_ONLY:
                file_id += 1
                content.attachment_only(item, ATTACHMENT_ONLY[item.title], file_id)
                item.extra["deal"] = item.title.endswith("2021年政府信息公开工作年度报告")
            elif item.title == WITH_COPY:
                file_id += 1
                copy = content.attachment_only(_clone(item), "pdf", file_id)
                item.attachments = copy.attachments
            if item.title == EGOV_REPORT:
                item.extra["egov"] = True
        return items

    def _second_night(self) -> list[Item]:
        """The 2025 report on top, and a report re-published under a new wbnewsid whose
        attachment has the very same bytes (SITES.md 3, state changes)."""
        index_no = SITE["index_prefix"] + "/{year}-{k:05d}"
        new = content.new_year_report(
            SITE["name"],
            site_name=SITE["name"],
            phone=SITE["phone"],
            after=self.items,
            step=1_373,
            index_no=index_no,
        )
        [original] = [i for i in self.items if i.title == REPUBLISHED]
        again = _clone(original)
        again.id = new.id + 1_373
        again.date, again.time = dt.date(2026, 1, 16), "15:10"
        again.report = {**(original.report or {}), "published": again.date}
        file_id = max(a.id for i in self.items for a in i.attachments) + 1
        again.attachments = [
            content.Attachment(name=a.name, data=a.data, id=file_id) for a in original.attachments
        ]
        again.extra.update(
            index_no=index_no.format(year=2026, k=2),
            second_night="republished",
            second_night_refs={"same_as": self.canonical_path(original)},
        )
        return [new, again]

    # ---- URLs ----------------------------------------------------------------------------
    @staticmethod
    def static_path(item: Item) -> str:
        return f"/info/{item.extra.get('tree', TREE_ID)}/{item.id}.htm"

    @staticmethod
    def jsp_path(item: Item) -> str:
        return f"{CONTENT}?urltype=news.NewsContentUrl&wbtreeid={TREE_ID}&wbnewsid={item.id}"

    @staticmethod
    def egov_path(item: Item) -> str:
        return (
            f"{EGOV}?urltype=egovinfo.EgovInfoContent&wbtreeid={TREE_ID}"
            f"&indentifier={quote(item.extra['index_no'], safe='')}"
        )

    def canonical_path(self, item: Item) -> str:
        return self.egov_path(item) if item.extra.get("egov") else self.static_path(item)

    @staticmethod
    def download_path(item: Item, file_id: int) -> str:
        deal = "&deal=1" if item.extra.get("deal") else ""
        return f"{DOWNLOAD}?urltype=news.DownloadAttachUrl&owner={OWNER}&wbfileid={file_id}{deal}"

    def pages(self) -> int:
        return -(-len(self.items) // PAGE_SIZE)

    @staticmethod
    def static_page_path(page: int, pages: int) -> str:
        """Page 1 is xxgknb.htm; page k ≥ 2 is xxgknb/(pages − k + 1).htm (count-down)."""
        return STATIC if page == 1 else f"/xxgk/xxgknb/{pages - page + 1}.htm"

    @staticmethod
    def dynamic_page_path(page: int, pages: int) -> str:
        return (
            f"{DYNAMIC}?urltype=tree.TreeTempUrl&wbtreeid={TREE_ID}"
            f"&a{COMPONENT}t={pages}&a{COMPONENT}p={page}&a{COMPONENT}c={PAGE_SIZE}"
        )

    # ---- routing -------------------------------------------------------------------------
    def handle(self, request: Request) -> Response:
        if request.method not in ("GET", "HEAD", "POST"):
            return Response(status=405, headers={"Allow": "GET, HEAD, POST"}, body=b"")
        path = request.path or "/"
        q = {k: v[0] for k, v in request.query.items() if v}
        if path in ("/", "/index.htm"):
            return self._page("home.html", path, latest=self._latest())
        if path == "/xxgk.htm":
            return self._page("section.html", path)
        if path == "/robots.txt":
            return Response(
                headers={"Content-Type": "text/plain"},
                body=b"User-agent: *\nDisallow: /_sitegray/\n",
            )
        if path == STATIC:
            return self._list(path, 1, dynamic=False)
        if path.startswith("/xxgk/xxgknb/") and path.endswith(".htm"):
            number = path.rsplit("/", 1)[-1].removesuffix(".htm")
            pages = self.pages()
            if number.isdigit() and 1 <= int(number) < pages:
                return self._list(path, pages - int(number) + 1, dynamic=False)
        if path == DYNAMIC and q.get("wbtreeid") == str(TREE_ID):
            page = content.to_int(q.get(f"a{COMPONENT}p"), 1)
            return self._list(path, max(page, 1), dynamic=True)
        if path.startswith("/xxgk/") and path.endswith(".htm"):
            other = next((c for c in COLUMNS if path == f"/xxgk/{c.key}.htm"), None)
            if other is not None:
                return self._other_column(path, other)
        if path.startswith("/info/") and path.endswith(".htm"):
            item = self.by_id.get(content.to_int(path.rsplit("/", 1)[-1].removesuffix(".htm"), 0))
            if item is not None and self.static_path(item) == path:
                return self._article(path, item.id)
        if path == CONTENT and q.get("urltype") == "news.NewsContentUrl":
            return self._article(path, content.to_int(q.get("wbnewsid"), 0))
        if path == EGOV and q.get("indentifier") in self.egov:
            return self._detail(path, self.egov[q["indentifier"]])
        if path == DOWNLOAD and q.get("urltype") == "news.DownloadAttachUrl":
            return self._download(content.to_int(q.get("wbfileid"), 0))
        return self._not_found(path)

    def _article(self, path: str, news_id: int) -> Response:
        item = self.by_id.get(news_id)
        if item is None or item.status == 404 or item.extra.get("egov"):
            return self._not_found(path)
        return self._detail(path, item)

    # ---- rendering -----------------------------------------------------------------------
    def _render(self, template: str, path: str, **context: Any) -> str:
        root = "../" * (path.count("/") - 1)
        return self.env.get_template(template).render(
            site=SITE, columns=COLUMNS, root=root, treeid=TREE_ID, page_css=_css(path), **context
        )

    def _page(self, template: str, path: str, **context: Any) -> Response:
        return Response.html(self._render(template, path, **context))

    def _not_found(self, path: str) -> Response:
        return Response.html(self._render("404.html", path), status=404)

    def _latest(self) -> list[dict[str, str]]:
        """The home page box links the dynamic (jsp) form of each article."""
        return [
            {
                "href": self._href(i, "/", dynamic=True),
                "title": i.title,
                "date": f"{i.date:%Y-%m-%d}",
            }
            for i in self.items[:6]
        ]

    def _href(self, item: Item, path: str, dynamic: bool) -> str:
        root = "../" * (path.count("/") - 1)
        if item.extra.get("egov"):
            target = self.egov_path(item)
        elif dynamic:
            target = self.jsp_path(item)
        else:
            target = self.static_path(item)
        return root + target.lstrip("/")

    def _list(self, path: str, page: int, dynamic: bool) -> Response:
        pages = self.pages()
        chosen = self.items[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]  # empty past the end

        def link(n: int) -> str:
            """Pager hrefs as VSB writes them: relative to the page they sit on."""
            if dynamic:
                return "?" + self.dynamic_page_path(n, pages).split("?", 1)[1]
            target = self.static_page_path(n, pages).removeprefix("/xxgk/")
            return target if path == STATIC else "../" + target if n == 1 else target.split("/")[-1]

        numbers: list[dict[str, Any]] = []
        for n in range(1, pages + 1):
            if n in (1, pages) or abs(n - page) <= 2:
                numbers.append({"n": n, "current": n == page, "href": link(n), "dot": False})
            elif not numbers[-1]["dot"]:
                numbers.append({"dot": True})
        pager = {
            "total": len(self.items),
            "pages": pages,
            "current": page,
            "first": link(1) if page > 1 else "",
            "prev": link(page - 1) if page > 1 else "",
            "next": link(page + 1) if page < pages else "",
            "last": link(pages) if page < pages else "",
            "numbers": numbers,
            "comp": COMPONENT,
            "mode": 1 if dynamic else 2,
        }
        items = [
            {"href": self._href(i, path, dynamic), "title": i.title, "date": f"{i.date:%Y-%m-%d}"}
            for i in chosen
        ]
        column = next(c for c in COLUMNS if c.treeid == TREE_ID)
        return self._page("list.html", path, column=column, items=items, pager=pager)

    def _other_column(self, path: str, column: Column) -> Response:
        """The sibling columns: the 网站年度报表 lists its own look-alike, the rest are empty."""
        items = []
        if column.key == "wzndbb":
            items = [
                {
                    "href": "../" + self.static_path(i).lstrip("/"),
                    "title": i.title,
                    "date": f"{i.date:%Y-%m-%d}",
                }
                for i in self.wzndbb
            ]
        pager = {
            "total": len(items),
            "pages": 1,
            "current": 1,
            "first": "",
            "prev": "",
            "next": "",
            "last": "",
            "numbers": [{"n": 1, "current": True, "dot": False}],
            "comp": COMPONENT,
            "mode": 2,
        }
        return self._page("list.html", path, column=column, items=items, pager=pager)

    def _detail(self, path: str, item: Item) -> Response:
        column = next(c for c in COLUMNS if c.treeid == item.extra.get("tree", TREE_ID))
        view = {
            "id": item.id,
            "title": item.title,
            "date": f"{item.date:%Y-%m-%d}",
            "time": item.time,
            "agency": item.agency,
            "index_no": item.extra["index_no"],
            "doc_no": item.extra.get("doc_no", ""),
            "url": f"http://{SITE['domain']}{self.canonical_path(item)}",
        }
        attachments = [
            {"href": self.download_path(item, a.id), "name": a.name, "id": a.id}
            for a in item.attachments
        ]
        text = self._render(
            "detail.html",
            path,
            column=column,
            article=view,
            body=Markup(item.body),
            attachments=attachments,
        )
        return content.article_response(text, item)

    def _download(self, file_id: int) -> Response:
        found = self.files.get(file_id)
        if found is None:
            return Response(status=404, headers={"Content-Type": "text/html"}, body=b"")
        _, attachment = found
        return Response(
            headers={
                "Content-Type": attachment.mime,
                "Content-Disposition": "attachment; filename*=UTF-8''" + quote(attachment.name),
            },
            body=attachment.data,
        )

    # ---- ground truth --------------------------------------------------------------------
    def manifest(self, base_url: str) -> dict:
        base = base_url.rstrip("/")
        pages = self.pages()
        reports = [
            content.manifest_report(base + self.canonical_path(i), i)
            for i in self.items
            if i.kind == "report"
        ]
        attachments = content.manifest_attachments(
            base, self.items, self.canonical_path, lambda i, a: self.download_path(i, a.id)
        )
        distractors = content.manifest_distractors(
            base, self.items, self.canonical_path, "政府信息公开年报"
        ) + [
            {
                "url": base + self.static_path(i),
                "title": i.title,
                "column": "政府网站年度报表",
                "listed": False,  # in a sibling column the crawl must not walk
            }
            for i in self.wzndbb
        ]
        traps = [
            {"url": base + self.static_path(i), "kind": "404", "title": i.title, "status": 404}
            for i in self.items
            if i.status == 404
        ]
        traps += [
            {
                "url": base + self.jsp_path(i),
                "kind": "twin",
                "title": i.title,
                "same_as": base + self.static_path(i),
            }
            for i in self.items
            if i.status == 200 and not i.extra.get("egov")
        ]
        traps.append(
            {
                "url": base + self.dynamic_page_path(pages + 1, pages),
                "kind": "endless pagination",
                "note": "any a2p answers 200; past the last page the list is empty",
            }
        )
        static_pages = [base + self.static_page_path(n, pages) for n in range(1, pages + 1)]
        listed = list(self.items)
        return {
            "site": self.name,
            "column": {
                "url": base + STATIC,
                "name": "政府信息公开年报",
                "pages": static_pages,
                "dynamic_pages": [
                    base + self.dynamic_page_path(n, pages) for n in range(1, pages + 1)
                ],
                "items": len(listed),
            },
            "reports": reports,
            "attachments": attachments,
            "second_night": content.second_night_manifest(base, self.items, self.canonical_path),
            "distractors": distractors,
            "traps": traps,
            # home + list pages + every listed detail page + attachments
            "pages_needed": 1 + len(static_pages) + len(listed) + len(attachments),
        }


def _clone(item: Item) -> Item:
    return Item(**{**item.__dict__, "extra": dict(item.extra), "attachments": []})


def _css(path: str) -> str:
    return "content" if "info" in path or "content" in path else "list"
