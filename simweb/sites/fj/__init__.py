"""S7: a Fujian ``/cms/html/`` site in GBK (SITES.md 1.G and 3/S7).

The site is 漳州市司法局 (site code ``zzssfj``). Like the real 南平/漳州/南靖 sites:

- home ``/cms/html/zzssfj/index.html`` (``/`` redirects there), column
  ``/cms/html/zzssfj/xxgknb/index.html``, details ``/cms/html/zzssfj/<YYYY-MM-DD>/<10 digits>
  .html``;
- later list pages come from ``/cms/sitemanage/index.shtml?siteId=…&catalogId=…&page=N``;
  the pager prints 共N条记录 共N页 当前第N页 with 首页/上一页/下一页/尾页 links;
- every page is GBK and the ``Content-Type`` header carries **no charset**; only the
  ``<meta http-equiv>`` names it (gbk). One report's page declares ``charset=gb2312`` but
  contains 䶮, which GB2312 lacks (the bytes are GB18030), so a strict GB2312 decode fails;
- one report is published as scans only: the title ends in （图片版） and the body is five
  PNG pages;
- two reports are attachment-only PDFs under ``/cms/uploadfiles/``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from simweb.base import Request, Response, site_templates
from simweb.sites import content
from simweb.sites.content import Attachment, Item

HERE = Path(__file__).parent
CODE = "zzssfj"
SITE_ID = "60430200000000000"
CATALOG_ID = "60430200000100008"
PAGE_SIZE = 15
MANAGE = "/cms/sitemanage/index.shtml"
SITE = {
    "name": "漳州市司法局",
    "code": CODE,
    "domain": "sfj.zhangzhou.gov.cn",
    "id_code": "3506000038",
    "address": "漳州市芗城区胜利西路87号",
    "postcode": "363000",
    "phone": "0596-2023521",
    "icp": "闽ICP备05032519号",
    "psb": "闽公网安备 35060202000149号",
    "index_prefix": "ZZ04400-0400",
}
YEARS = [2019, 2020, 2021, 2022, 2023]
UNITS = [
    {"name": name, "years": YEARS}
    for name in (
        "漳州市司法局",
        "漳州市芗城区司法局",
        "漳州市龙文区司法局",
        "漳浦县司法局",
        "诏安县司法局",
        "东山县司法局",
        "南靖县司法局",
    )
]
OLD_REPORTS = ["xm2016", "cz2018"]
LOOKALIKES = ["fzzf2023", "gbfmt2021"]
IMAGE_ONLY = "东山县司法局2022年政府信息公开工作年度报告"
GB18030_ONLY = "诏安县司法局2023年政府信息公开工作年度报告"
RARE = "联系人：刘䶮"  # 䶮 (U+4DAE) is in GB18030 only
ATTACHMENT_ONLY = {
    "南靖县司法局2021年政府信息公开工作年度报告": "pdf",
    "漳州市龙文区司法局2020年政府信息公开工作年度报告": "pdf",
}


@dataclass(frozen=True)
class Column:
    key: str
    name: str


COLUMNS = {
    c.key: c
    for c in (
        Column("xxgk", "信息公开"),
        Column("xxgkzn", "信息公开指南"),
        Column("xxgknb", "信息公开年报"),
        Column("zfwzndbb", "政府网站工作年度报表"),
        Column("gzdt", "工作动态"),
        Column("jgzn", "机构职能"),
        Column("bsfw", "办事服务"),
    )
}


class FjSite:
    """漳州市司法局 on the Fujian /cms/html/ CMS: GBK, sitemanage paging, a 图片版 report."""

    name = "fj"

    def __init__(self, *, second_night: bool = False, **options: object) -> None:
        self.second_night = second_night
        self.env, _ = site_templates(HERE)
        self.items = self._items()
        if second_night:  # the 2025 report tops page 1 (SITES.md 3, state changes)
            new = content.new_year_report(
                SITE["name"],
                site_name=SITE["name"],
                phone=SITE["phone"],
                after=self.items,
                step=9_973,
                index_no=SITE["index_prefix"] + "-{year}-{k:05d}",
            )
            new.extra["column"] = "xxgknb"
            self.items.insert(0, new)
        [wzbb] = content.lookalikes(["wzbb2023"], SITE["name"], "漳州市")
        wzbb.id = 1_111_388_406
        self.others = {"zfwzndbb": [wzbb]}
        everything = self.items + self.others["zfwzndbb"]
        self.by_path = {self.path(i): i for i in everything}
        self.files = {self.file_path(i, a): a for i in everything for a in i.attachments}
        self.files |= {self.image_path(i, a): a for i in everything for a in i.images}

    def _items(self) -> list[Item]:
        items = content.short_reports(
            UNITS, site_name=SITE["name"], phone=SITE["phone"], first_id=0
        )
        items += content.trs_items(OLD_REPORTS, dict.fromkeys(OLD_REPORTS, 0))
        items = content.newest_first(items + content.lookalikes(LOOKALIKES, SITE["name"], "漳州市"))
        index_no = SITE["index_prefix"] + "-{year}-{k:05d}"
        content.number(items[::-1], first_id=1_108_204_311, step=9_973, index_no=index_no)
        for item in items:
            item.extra["column"] = "xxgknb"
            if item.title == IMAGE_ONLY:
                content.image_only(item, pages=5, first_id=0)
            elif item.title == GB18030_ONLY:
                item.body += f'<p style="text-indent:2em;">{RARE}，电话：{SITE["phone"]}。</p>'
                item.extra["charset"] = "gb2312"
            elif item.title in ATTACHMENT_ONLY:
                content.attachment_only(item, ATTACHMENT_ONLY[item.title], item.id)
        return items

    # ---- URLs ----------------------------------------------------------------------------
    @staticmethod
    def path(item: Item) -> str:
        return f"/cms/html/{CODE}/{item.date:%Y-%m-%d}/{item.id}.html"

    @staticmethod
    def file_path(item: Item, attachment: Attachment) -> str:
        return f"/cms/uploadfiles/{CODE}/{item.date:%Y/%m}/{attachment.id}.{attachment.ext}"

    @staticmethod
    def image_path(item: Item, image: Attachment) -> str:
        return f"/cms/uploadfiles/{CODE}/{item.date:%Y/%m}/{image.name}"

    @staticmethod
    def page_link(page: int) -> str:
        return f"{MANAGE}?siteId={SITE_ID}&catalogId={CATALOG_ID}&page={page}"

    def pages(self) -> int:
        return -(-len(self.items) // PAGE_SIZE)

    # ---- routing -------------------------------------------------------------------------
    def handle(self, request: Request) -> Response:
        if request.method not in ("GET", "HEAD"):
            return Response(status=405, headers={"Allow": "GET, HEAD"}, body=b"")
        path = request.path or "/"
        q = {k: v[0] for k, v in request.query.items() if v}
        if path in ("/", "/index.html", "/cms/html/index.html"):
            return Response.redirect(f"/cms/html/{CODE}/index.html", status=302)
        if path == f"/cms/html/{CODE}/index.html":
            return self._page("home.html", news=[])
        if path == MANAGE and q.get("siteId") == SITE_ID and q.get("catalogId") == CATALOG_ID:
            page = content.to_int(q.get("page"), 1)
            if 1 <= page <= self.pages():
                return self._list(page)
        if path.startswith(f"/cms/html/{CODE}/") and path.endswith("/index.html"):
            key = path.removeprefix(f"/cms/html/{CODE}/").removesuffix("/index.html")
            if key == "xxgknb":
                return self._list(1)
            if key in COLUMNS:
                return self._other(COLUMNS[key])
        if path in self.by_path:
            item = self.by_path[path]
            return self._detail(item)
        if path in self.files:
            found = self.files[path]
            return Response(headers={"Content-Type": found.mime}, body=found.data)
        if path == "/robots.txt":
            return Response(
                headers={"Content-Type": "text/plain"}, body=b"User-agent: *\nDisallow:\n"
            )
        return self._page("404.html", status=404)

    # ---- rendering -----------------------------------------------------------------------
    def _page(
        self, template: str, status: int = 200, charset: str = "gbk", **context: Any
    ) -> Response:
        """GBK bytes and a Content-Type without charset, as these servers send them."""
        text = self.env.get_template(template).render(site=SITE, charset=charset, **context)
        encoding = "gb18030"  # GBK's superset: the same bytes for GBK text, and 䶮 encodes
        return Response(
            status=status, headers={"Content-Type": "text/html"}, body=text.encode(encoding)
        )

    def _entry(self, item: Item) -> dict[str, str]:
        return {"href": self.path(item), "title": item.title, "date": f"{item.date:%Y-%m-%d}"}

    def _list(self, page: int) -> Response:
        chosen = self.items[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        pager = {
            "total": len(self.items),
            "pages": self.pages(),
            "current": page,
            "link": self.page_link,
        }
        return self._page(
            "list.html",
            column=COLUMNS["xxgknb"],
            items=[self._entry(i) for i in chosen],
            pager=pager,
        )

    def _other(self, column: Column) -> Response:
        items = [self._entry(i) for i in self.others.get(column.key, [])]
        pager = {"total": len(items), "pages": 1, "current": 1, "link": self.page_link}
        return self._page("list.html", column=column, items=items, pager=pager)

    def _detail(self, item: Item) -> Response:
        column = COLUMNS[item.extra.get("column", "zfwzndbb")]
        view = {
            "title": item.title,
            "date": f"{item.date:%Y-%m-%d}",
            "time": item.time,
            "agency": item.agency,
            "index_no": item.extra.get("index_no", ""),
            "url": f"http://{SITE['domain']}{self.path(item)}",
        }
        body = item.body
        if item.images:
            body = "".join(
                f'<p style="text-align:center;"><img src="{self.image_path(item, a)}" '
                f'border="0" alt="" /></p>'
                for a in item.images
            )
        attachments = [{"href": self.file_path(item, a), "name": a.name} for a in item.attachments]
        response = self._page(
            "detail.html",
            charset=item.extra.get("charset", "gbk"),
            column=column,
            article=view,
            body=Markup(body),
            attachments=attachments,
        )
        return content.with_last_modified(response, item)

    # ---- ground truth --------------------------------------------------------------------
    def manifest(self, base_url: str) -> dict:
        base = base_url.rstrip("/")
        reports = [
            content.manifest_report(base + self.path(i), i)
            for i in self.items
            if i.kind == "report"
        ]
        attachments = content.manifest_attachments(base, self.items, self.path, self.file_path)
        attachments += content.manifest_attachments(
            base,
            [Item(**{**i.__dict__, "attachments": i.images}) for i in self.items if i.images],
            self.path,
            self.image_path,
        )
        distractors = content.manifest_distractors(base, self.items, self.path, "信息公开年报")
        distractors += [
            {**d, "listed": False}
            for d in content.manifest_distractors(
                base, self.others["zfwzndbb"], self.path, "政府网站工作年度报表"
            )
        ]
        [rare] = [i for i in self.items if i.title == GB18030_ONLY]
        [scans] = [i for i in self.items if i.images]
        traps = [
            {"url": base + self.path(rare), "kind": "gb2312 declared, gb18030 bytes", "char": "䶮"},
            {"url": base + self.path(scans), "kind": "image-only", "pages": len(scans.images)},
        ]
        pages = [f"{base}/cms/html/{CODE}/xxgknb/index.html"]
        pages += [base + self.page_link(n) for n in range(2, self.pages() + 1)]
        return {
            "site": self.name,
            "second_night": content.second_night_manifest(base, self.items, self.path),
            "column": {"url": pages[0], "name": "信息公开年报", "pages": pages},
            "reports": reports,
            "attachments": attachments,
            "distractors": distractors,
            "traps": traps,
            # the redirect from /, home, list pages, details, attachments and page scans
            "pages_needed": 2 + len(pages) + len(self.items) + len(attachments),
        }
