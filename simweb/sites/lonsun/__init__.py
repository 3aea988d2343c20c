"""S5: an Anhui 龙讯 Lonsun site with the label API, UTF-8 (SITES.md 1.E and 3/S5).

The site is 黄山市人民政府 (organId 6616348). Its 政府信息公开 platform is
``/public/column/6616348?type=N&action=list``: type 4 the 目录 (the section page), type 3 the
年报, whose name Lonsun hard-codes as 政府信息公开年报. Like a real Lonsun site:

- the 年报 page has no list in its HTML: a script loads
  ``/site/label/8888?IsAjax=1&dataType=html&labelName=publicInfoList&siteId=…&pageSize=15
  &…&organId=6616348&type=3&catId=&…&result=暂无相关信息&file=/xxgk/publicInfoList_newest2020
  &pageIndex=N`` and the pager script says ``pageCount:3``;
- the label API answers an HTML fragment of ``div.xxgk_navli`` items, ignores parameters it
  does not know, and past the last page answers the ``result`` text, 暂无相关信息;
- details are ``/public/6616348/<10-digit id>.html`` with the Lonsun labels 索引号, 组配分类,
  发布机构, 生成日期, 文件编号, 统一编号, 有效性;
- attachments come from FastDFS, ``/group6/M00/00/1A/<base64-ish name>.docx``;
- three districts publish on the Anhui "openness" platform on the same host: their list
  items point to ``/xxgk/openness/detail/annual_report/<24hex>.html``, whose mobile twin
  ``/mobileOpenness/detail/content/<24hex>.html`` carries the same report.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from simweb.base import Request, Response, site_templates
from simweb.sites import content
from simweb.sites.content import Item

HERE = Path(__file__).parent
ORGAN = 6616348
LABEL = "/site/label/8888"
PAGE_SIZE = 15
SITE = {
    "name": "黄山市人民政府",
    "domain": "www.huangshan.gov.cn",
    "id_code": "3410000001",
    "site_id": "6615621",
    "organ_id": ORGAN,
    "organ_name": "黄山市人民政府办公室",
    "address": "安徽省黄山市屯溪区长干东路8号",
    "postcode": "245000",
    "icp": "皖ICP备05002718号",
    "psb": "皖公网安备 34100202000101号",
    "index_prefix": "003146421",
}
COLUMNS = [
    {"type": 2, "name": "政府信息公开指南", "cat": None},
    {"type": 1, "name": "政府信息公开制度", "cat": None},
    {"type": 4, "name": "法定主动公开内容", "cat": None},
    {"type": 3, "name": "政府信息公开年报", "cat": None},
    {"type": 5, "name": "依申请公开", "cat": None},
]
CATALOG = [
    {"id": 161920, "name": "机构职能"},
    {"id": 161921, "name": "政策文件"},
    {"id": 161925, "name": "财政信息"},
]
YEARS = [2019, 2020, 2021, 2022, 2023]
UNITS = [
    {"name": name, "years": YEARS}
    for name in (
        "黄山市人民政府",
        "黄山市屯溪区人民政府",
        "黄山市黄山区人民政府",
        "黄山市徽州区人民政府",
        "歙县人民政府",
        "休宁县人民政府",
        "黟县人民政府",
        "祁门县人民政府",
    )
]
OLD_REPORTS = ["seed002", "xm2016"]
LOOKALIKES = ["fzzf2023", "gkyd2024"]
ATTACHMENT_ONLY = {
    "歙县人民政府2021年政府信息公开工作年度报告": "docx",
    "黟县人民政府2020年政府信息公开工作年度报告": "docx",
    "祁门县人民政府2022年政府信息公开工作年度报告": "pdf",
}
# the city's 2023 report carries its statistics tables as an Excel file too
WITH_SHEET = "黄山市人民政府2023年政府信息公开工作年度报告"
# districts whose reports live on the openness platform of the same host
OPENNESS = ("黄山市屯溪区人民政府2023", "黄山市黄山区人民政府2023", "黄山市徽州区人民政府2022")


class LonsunSite:
    """黄山市人民政府 on Lonsun: type=3 年报 page, the label API, openness twins."""

    name = "lonsun"

    def __init__(self, *, second_night: bool = False, **options: object) -> None:
        self.second_night = second_night
        self.env, _ = site_templates(HERE)
        self.items = self._items()
        if second_night:  # the 2025 report tops page 1 (SITES.md 3, state changes)
            new = content.new_year_report(
                "黄山市人民政府",
                site_name=SITE["name"],
                phone="0559-2351111",
                after=self.items,
                step=2_417,
                index_no=SITE["index_prefix"] + "/{year}-{k:05d}",
            )
            self.items.insert(0, new)
        self.by_path = {self.path(i): i for i in self.items}
        self.mobile = {self.mobile_path(i): i for i in self.items if i.extra.get("openness")}
        self.files = {self.file_path(a): a for i in self.items for a in i.attachments}

    def _items(self) -> list[Item]:
        items = content.short_reports(
            UNITS, site_name=SITE["name"], phone="0559-2351111", first_id=0
        )
        items += content.trs_items(OLD_REPORTS, dict.fromkeys(OLD_REPORTS, 0))
        items = content.newest_first(
            items + content.lookalikes(LOOKALIKES, "黄山市司法局", "黄山市")
        )
        index_no = SITE["index_prefix"] + "/{year}-{k:05d}"
        content.number(items[::-1], first_id=1_150_213_000, step=2_417, index_no=index_no)
        file_id = 0
        for item in items:
            if item.title.startswith(OPENNESS):
                item.extra["openness"] = hashlib.md5(item.title.encode()).hexdigest()[:24]
            if item.title in ATTACHMENT_ONLY:
                file_id += 1
                content.attachment_only(item, ATTACHMENT_ONLY[item.title], file_id)
            elif item.title == WITH_SHEET:
                file_id += 1
                content.statistics_sheet(item, file_id)
        return items

    # ---- URLs ----------------------------------------------------------------------------
    @staticmethod
    def path(item: Item) -> str:
        if item.extra.get("openness"):
            return f"/xxgk/openness/detail/annual_report/{item.extra['openness']}.html"
        return f"/public/{ORGAN}/{item.id}.html"

    @staticmethod
    def mobile_path(item: Item) -> str:
        return f"/mobileOpenness/detail/content/{item.extra['openness']}.html"

    @staticmethod
    def file_path(attachment: content.Attachment) -> str:
        """FastDFS names: a base64 of the file's digest, as the storage server assigns them."""
        digest = hashlib.sha1(attachment.data).digest()
        name = base64.urlsafe_b64encode(b"\xc0\xa8\x09\x0d" + digest[:17]).decode().rstrip("=")
        return f"/group6/M00/00/1A/{name}.{attachment.ext}"

    def label_url(self) -> str:
        return (
            f"{LABEL}?IsAjax=1&dataType=html&labelName=publicInfoList&siteId={SITE['site_id']}"
            f"&pageSize={PAGE_SIZE}&action=list&isDate=true&dateFormat=yyyy-MM-dd&length=50"
            f"&organId={ORGAN}&type=3&catId=&cId=&keyWords=&result=暂无相关信息"
            "&file=/xxgk/publicInfoList_newest2020"
        )

    def page_count(self) -> int:
        return -(-len(self.items) // PAGE_SIZE)

    # ---- routing -------------------------------------------------------------------------
    def handle(self, request: Request) -> Response:
        if request.method not in ("GET", "HEAD", "POST"):
            return Response(status=405, headers={"Allow": "GET, HEAD, POST"}, body=b"")
        path = request.path or "/"
        q = {k: v[0] for k, v in request.query.items() if v}
        origin = f"http://{request.headers.get('host', SITE['domain'])}"
        if path in ("/", "/index.html"):
            latest = [
                {"href": self.path(i), "title": i.title, "date": f"{i.date:%Y-%m-%d}"}
                for i in self.items[:6]
            ]
            return Response.html(self._render("home.html", latest=latest))
        if path == "/robots.txt":
            return Response(
                headers={"Content-Type": "text/plain"}, body=b"User-agent: *\nAllow: /\n"
            )
        if path == f"/public/column/{ORGAN}":
            column = next((c for c in COLUMNS if str(c["type"]) == q.get("type")), None)
            if column is not None and q.get("action") == "list":
                return Response.html(
                    self._render(
                        "column.html",
                        column=column,
                        catalog=CATALOG,
                        page_size=PAGE_SIZE,
                        page_count=self.page_count(),
                    )
                )
        if path == LABEL and q.get("labelName") == "publicInfoList":
            return self._label(q, origin)
        if path in self.by_path:
            return self._detail(self.by_path[path], origin)
        if path in self.mobile:
            return self._detail(self.mobile[path], origin, mobile=True)
        if path in self.files:
            attachment = self.files[path]
            return Response(headers={"Content-Type": attachment.mime}, body=attachment.data)
        return Response.html(self._render("404.html"), status=404)

    def _render(self, template: str, **context: Any) -> str:
        return self.env.get_template(template).render(site=SITE, columns=COLUMNS, **context)

    # ---- the label API -------------------------------------------------------------------
    def _label(self, q: dict[str, str], origin: str) -> Response:
        if q.get("organId") != str(ORGAN) or q.get("type") != "3":
            chosen: list[Item] = []
        else:
            size = content.to_int(q.get("pageSize"), PAGE_SIZE)
            page = max(content.to_int(q.get("pageIndex"), 1), 1)
            chosen = self.items[(page - 1) * size : page * size]
        if not chosen:
            empty = q.get("result") or "暂无相关信息"
            return Response.html(f'<div class="xxgk_navli no-data">{Markup.escape(empty)}</div>')
        rows = []
        for n, item in enumerate(chosen, start=1):
            title = Markup.escape(item.title)
            rows.append(
                f'<li class="clearfix"><div class="xxgk_navli"><span class="xh">{n}</span>'
                f'<a href="{origin}{self.path(item)}" title="{title}" target="_blank">{title}</a>'
                f'<span class="date">{item.date:%Y-%m-%d}</span></div></li>'
            )
        return Response.html('<ul class="clearfix xxgk_nav_list">' + "".join(rows) + "</ul>")

    # ---- pages ---------------------------------------------------------------------------
    def _detail(self, item: Item, origin: str, mobile: bool = False) -> Response:
        view = {
            "id": item.id,
            "title": item.title,
            "date": f"{item.date:%Y-%m-%d}",
            "time": item.time,
            "agency": item.agency,
            "index_no": item.extra["index_no"],
            "url": origin + self.path(item),
            "mobile": self.mobile_path(item) if item.extra.get("openness") else "",
        }
        attachments = [{"href": self.file_path(a), "name": a.name} for a in item.attachments]
        template = "openness.html" if item.extra.get("openness") else "detail.html"
        text = self._render(
            template, article=view, body=Markup(item.body), attachments=attachments, mobile=mobile
        )
        return content.article_response(text, item)

    # ---- ground truth --------------------------------------------------------------------
    def manifest(self, base_url: str) -> dict:
        base = base_url.rstrip("/")
        reports = [
            content.manifest_report(base + self.path(i), i)
            for i in self.items
            if i.kind == "report"
        ]
        attachments = content.manifest_attachments(
            base, self.items, self.path, lambda i, a: self.file_path(a)
        )
        distractors = content.manifest_distractors(base, self.items, self.path, "政府信息公开年报")
        traps = [
            {
                "url": base + self.mobile_path(i),
                "kind": "twin",
                "title": i.title,
                "same_as": base + self.path(i),
            }
            for i in self.items
            if i.extra.get("openness")
        ]
        pages = [f"{base}{self.label_url()}&pageIndex={n}" for n in range(1, self.page_count() + 1)]
        traps.append(
            {
                "url": f"{base}{self.label_url()}&pageIndex={self.page_count() + 1}",
                "kind": "past the end",
                "note": "200 with 暂无相关信息",
            }
        )
        return {
            "site": self.name,
            "second_night": content.second_night_manifest(base, self.items, self.path),
            "column": {
                "url": f"{base}/public/column/{ORGAN}?type=3&action=list",
                "name": "政府信息公开年报",
                "pages": [quote(p, safe=":/?&=") for p in pages],
            },
            "reports": reports,
            "attachments": attachments,
            "distractors": distractors,
            "traps": traps,
            # home, the 目录 (section), the 年报 page, label pages, details, attachments
            "pages_needed": 3 + len(pages) + len(self.items) + len(attachments),
        }
