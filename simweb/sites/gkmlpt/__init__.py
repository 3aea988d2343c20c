"""S4: a Guangdong 政府信息公开目录平台 "gkmlpt" site, UTF-8 JSON (SITES.md 1.D and 3/S4).

The site is 广东省文化和旅游厅. The portal's 政府信息公开 link opens ``/gkmlpt/index``, a Vue
app whose page has no links at all: the catalogue lives in ``window._CONFIG = {SID:…,
TREE:[…]}``, where the 年报 node carries ``jump_url: /gkmlpt/annualreport#2629`` and its child
(直属单位年报) ``#2630``. ``/gkmlpt/annualreport`` is another shell without links. The lists
come from the JSON API ``/gkmlpt/api/all/<catid>?page=N&sid=755041``:

- 100 articles per page, ``page=0`` answers the same batch as ``page=1``;
- category 2629 holds 130 items (``create_time`` in unix seconds), category 2630 twelve
  (``created_at`` strings) and answers **404** for any page ≥ 2;
- each article has ``url`` (``/gkmlpt/content/<a>/<b>/post_<id>.html``) and ``post_url``,
  the NFCMS twin ``/zwgk/zfxxgk/zfxxgknb/content/post_<id>.html``, whose mobile twin is
  ``…/mpost_<id>.html``: one article under three URLs;
- attachments are ``/attachment/<a>/<b>/<attid>/<postid>.<ext>``; one is listed in the JSON
  and on the page but missing (404);
- one title in the JSON is ``%uXXXX``-escaped, as some gkmlpt sites send them.

The HTTPS port's broken TLS of the real sites is not simulated (the server speaks HTTP only).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from markupsafe import Markup

from simweb.base import Request, Response, site_templates
from simweb.sites import content
from simweb.sites.content import Attachment, Item

HERE = Path(__file__).parent
SID = "755041"
PER_PAGE = 100
ANNUAL = 2629
UNITS_CATEGORY = 2630  # 直属单位年报: everything on one page, 404 past page 1
NFCMS = "/zwgk/zfxxgk/zfxxgknb/content/"
SITE = {
    "name": "广东省文化和旅游厅",
    "domain": "whly.gd.gov.cn",
    "id_code": "4400000113",
    "address": "广州市越秀区流花路121号",
    "postcode": "510014",
    "icp": "粤ICP备19052338号",
    "psb": "粤公网安备 44010402002261号",
    "index_prefix": "006939756",
}
# the 21 prefecture-level cities of Guangdong
CITIES = (
    "广州,深圳,珠海,汕头,佛山,韶关,河源,梅州,惠州,汕尾,东莞,"
    "中山,江门,阳江,湛江,茂名,肇庆,清远,潮州,揭阳,云浮"
)
YEARS = [2019, 2020, 2021, 2022, 2023]
ANNUAL_UNITS = [
    {"name": "广东省文化和旅游厅", "years": YEARS},
    *({"name": f"{c}市文化广电旅游体育局", "years": YEARS} for c in CITIES.split(",")),
    {"name": "广州市越秀区文化广电旅游体育局", "years": YEARS},
    {"name": "深圳市福田区文化广电旅游体育局", "years": YEARS},
    {"name": "佛山市南海区文化广电旅游体育局", "years": YEARS},
]
DIRECT_UNITS = [
    {"name": "广东省博物馆", "years": [2020, 2021, 2022, 2023]},
    {"name": "广东省立中山图书馆", "years": [2020, 2021, 2022, 2023]},
    {"name": "广东省文化馆", "years": [2020, 2021, 2022, 2023]},
]
OLD_REPORTS = ["cz2018", "seed002", "xm2016"]
LOOKALIKES = ["fzzf2023", "wzbb2023"]
ATTACHMENT_ONLY = {
    "汕尾市文化广电旅游体育局2022年政府信息公开工作年度报告": "pdf",
    "茂名市文化广电旅游体育局2020年政府信息公开工作年度报告": "pdf",
    "云浮市文化广电旅游体育局2021年政府信息公开工作年度报告": "docx",
    "广东省博物馆2022年政府信息公开工作年度报告": "pdf",
}
MISSING_ATTACHMENT = "广东省文化和旅游厅2022年政府信息公开工作年度报告"
# the second night's edit: this report's 规章 row corrected under a new post id
EDITED = "广州市文化广电旅游体育局2023年政府信息公开工作年度报告"
RULES_ROW = "<tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr>"
CORRECTED_ROW = "<tr><td>规章</td><td>1</td><td>0</td><td>1</td></tr>"
ESCAPED_TITLE = "潮州市文化广电旅游体育局2023年政府信息公开工作年度报告"
TREE = [
    {"id": 2600, "name": "机构职能", "jump_url": "", "children": []},
    {"id": 2601, "name": "政府信息公开指南", "jump_url": "/gkmlpt/guide", "children": []},
    {"id": 2602, "name": "政府信息公开制度", "jump_url": "", "children": []},
    {"id": 2610, "name": "政策文件", "jump_url": "/gkmlpt/policy", "children": []},
    {
        "id": ANNUAL,
        "name": "政府信息公开年报",
        "jump_url": f"/gkmlpt/annualreport#{ANNUAL}",
        "children": [
            {
                "id": UNITS_CATEGORY,
                "name": "直属单位年报",
                "jump_url": f"/gkmlpt/annualreport#{UNITS_CATEGORY}",
                "children": [],
            }
        ],
    },
    {"id": 2640, "name": "依申请公开", "jump_url": "/gkmlpt/apply", "children": []},
]
CATEGORY_NAMES = {ANNUAL: "政府信息公开年报", UNITS_CATEGORY: "直属单位年报"}


def percent_u(text: str) -> str:
    """``%uXXXX`` escaping (JavaScript's old ``escape()``), as some gkmlpt APIs send titles."""
    return "".join(c if c.isascii() else f"%u{ord(c):04X}" for c in text)


class GkmlptSite:
    """广东省文化和旅游厅 on gkmlpt: SPA shells, the JSON list API, post/mpost twins."""

    name = "gkmlpt"

    def __init__(self, *, second_night: bool = False, **options: object) -> None:
        self.second_night = second_night
        self.env, _ = site_templates(HERE)
        self.categories = {ANNUAL: self._annual(), UNITS_CATEGORY: self._direct()}
        self._number()
        if second_night:
            self._second_night()
        self.by_id = {i.id: i for items in self.categories.values() for i in items}
        self.files = {a.id: (i, a) for i in self.by_id.values() for a in i.attachments}

    # ---- content -------------------------------------------------------------------------
    def _annual(self) -> list[Item]:
        items = content.short_reports(
            ANNUAL_UNITS, site_name=SITE["name"], phone="020-86665310", first_id=0
        )
        items += content.trs_items(OLD_REPORTS, dict.fromkeys(OLD_REPORTS, 0))
        items += content.lookalikes(LOOKALIKES, "广东省司法厅", "广东省")
        for item in items:
            item.extra["classify"] = ANNUAL
        return content.newest_first(items)

    def _direct(self) -> list[Item]:
        items = content.short_reports(
            DIRECT_UNITS, site_name=SITE["name"], phone="020-86665310", first_id=0
        )
        for item in items:
            item.extra["classify"] = UNITS_CATEGORY
        return content.newest_first(items)

    def _number(self) -> None:
        """Post ids grow with time; 索引号 per year; attachments as the CMS stores them."""
        everything = sorted(
            (i for items in self.categories.values() for i in items),
            key=lambda i: (i.published_at, i.title),
        )
        index_no = SITE["index_prefix"] + "/{year}-{k:05d}"
        content.number(everything, first_id=3_802_117, step=1_733, index_no=index_no)
        attachment_id = 3_881_200
        for item in everything:
            if item.title in ATTACHMENT_ONLY:
                attachment_id += 1
                content.attachment_only(item, ATTACHMENT_ONLY[item.title], attachment_id)
            elif item.title == MISSING_ATTACHMENT:
                attachment_id += 1
                item.attachments = [
                    Attachment(name=f"{item.title}.pdf", data=b"", id=attachment_id, missing=True)
                ]

    def _second_night(self) -> None:
        """The 2025 report on top, and one report edited the gkmlpt way: the same title
        under a new post id, its table corrected, the old post gone (SITES.md 3)."""
        annual = self.categories[ANNUAL]
        everything = [i for items in self.categories.values() for i in items]
        new = content.new_year_report(
            SITE["name"],
            site_name=SITE["name"],
            phone="020-86665310",
            after=everything,
            step=1_733,
            index_no=SITE["index_prefix"] + "/{year}-{k:05d}",
        )
        new.extra["classify"] = ANNUAL
        [old] = [i for i in annual if i.title == EDITED]
        edited = Item(**{**old.__dict__, "extra": dict(old.extra)})
        edited.id = new.id + 1_733
        edited.body = old.body.replace(RULES_ROW, CORRECTED_ROW)
        assert edited.body != old.body, "the edit must change the table"
        edited.extra.update(
            second_night="edited", second_night_refs={"replaces": self.post_path(old)}
        )
        self.categories[ANNUAL] = content.newest_first(
            [new, edited, *(i for i in annual if i is not old)]
        )

    # ---- URLs ----------------------------------------------------------------------------
    @staticmethod
    def post_path(item: Item) -> str:
        return f"/gkmlpt/content/{item.id // 1_000_000}/{item.id // 1_000}/post_{item.id}.html"

    @staticmethod
    def nfcms_path(item: Item, mobile: bool = False) -> str:
        return f"{NFCMS}{'m' if mobile else ''}post_{item.id}.html"

    @staticmethod
    def attachment_path(item: Item, attachment: Attachment) -> str:
        a = attachment.id
        return f"/attachment/{a // 1_000_000}/{a // 1_000}/{a}/{item.id}.{attachment.ext}"

    # ---- routing -------------------------------------------------------------------------
    def handle(self, request: Request) -> Response:
        if request.method not in ("GET", "HEAD"):
            return Response(status=405, headers={"Allow": "GET, HEAD"}, body=b"")
        path = request.path or "/"
        origin = f"http://{request.headers.get('host', SITE['domain'])}"
        if path in ("/", "/index.html"):
            return Response.html(self._render("home.html", news=self._news()))
        if path == "/zwgk/":
            return Response.html(self._render("hub.html"))
        if path == "/robots.txt":
            return Response(
                headers={"Content-Type": "text/plain"}, body=b"User-agent: *\nAllow: /\n"
            )
        if path in ("/gkmlpt/index", "/gkmlpt/annualreport"):
            title = "政府信息公开" if path.endswith("index") else "政府信息公开年报"
            bundle = "index.5c1d9e0b" if path.endswith("index") else "annualreport.77e3a2f4"
            return Response.html(
                self._render("spa.html", title=title, bundle=bundle, config=Markup(self._config()))
            )
        if path.startswith("/gkmlpt/api/all/"):
            return self._api(path.rsplit("/", 1)[-1], request.query, origin)
        if path.startswith("/gkmlpt/content/") and "/post_" in path:
            item = self._item(path.rsplit("post_", 1)[-1])
            if item is not None and self.post_path(item) == path:
                return self._detail(item, origin)
        if path.startswith(NFCMS):
            name = path.removeprefix(NFCMS)
            mobile = name.startswith("mpost_")
            item = self._item(name.removeprefix("m").removeprefix("post_"))
            if item is not None and name.startswith(("post_", "mpost_")):
                return self._detail(item, origin, mobile=mobile)
        if path.startswith("/attachment/"):
            return self._attachment(path)
        return Response.html(self._render("404.html"), status=404)

    def _item(self, name: str) -> Item | None:
        number = name.removesuffix(".html")
        return self.by_id.get(int(number)) if number.isdigit() else None

    def _render(self, template: str, **context: Any) -> str:
        return self.env.get_template(template).render(site=SITE, **context)

    def _config(self) -> str:
        tree = json.dumps(TREE, ensure_ascii=False)
        return f"{{SID:'{SID}',SITE_NAME:'{SITE['name']}',IS_GKMLPT:true,TREE:{tree}}}"

    def _news(self) -> list[dict[str, str]]:
        latest = self.categories[ANNUAL][:4]
        return [
            {"href": self.nfcms_path(i), "title": i.title, "date": f"{i.date:%Y-%m-%d}"}
            for i in latest
        ]

    # ---- the list API --------------------------------------------------------------------
    def _api(self, category: str, query: dict[str, list[str]], origin: str) -> Response:
        items = self.categories.get(int(category)) if category.isdigit() else None
        sid = (query.get("sid") or [""])[0]
        if items is None or sid != SID:
            return _json({"code": 404, "msg": "classify not found"}, status=404)
        page = max(content.to_int((query.get("page") or ["1"])[0], 1), 1)  # page=0 is page 1
        if int(category) == UNITS_CATEGORY and page >= 2:
            return _json({"code": 404, "msg": "not found"}, status=404)
        chosen = items[(page - 1) * PER_PAGE : page * PER_PAGE]
        body = {
            "classify": {
                "id": int(category),
                "name": CATEGORY_NAMES[int(category)],
                "post_count": len(items),
                "jump_url": f"/gkmlpt/annualreport#{category}",
            },
            "total": len(items),
            "articles": [self._article(i, origin) for i in chosen],
        }
        return _json(body)

    def _article(self, item: Item, origin: str) -> dict[str, Any]:
        stamp = int(item.published_at.timestamp())
        article: dict[str, Any] = {
            "id": item.id,
            "title": percent_u(item.title) if item.title == ESCAPED_TITLE else item.title,
            "url": origin + self.post_path(item),
            "post_url": origin + self.nfcms_path(item),
            "display_publish_time": stamp,
            "identifier": item.extra["index_no"],
            "document_number": "",
            "publisher": item.agency,
            "keywords": "政府信息公开年报",
            "classify_main_name": CATEGORY_NAMES[item.extra["classify"]],
            "classify_theme_name": "文化、广电、新闻出版",
            "abstract": "",
            "is_expired": False,
            "is_abolished": False,
            "attachment": [
                {
                    "id": a.id,
                    "name": a.name,
                    "type": a.ext,
                    "mime": a.mime,
                    "size": len(a.data) or 183_214,
                    "url": origin + self.attachment_path(item, a),
                }
                for a in item.attachments
            ],
        }
        if item.extra["classify"] == ANNUAL:
            article["create_time"] = stamp
        else:
            article["created_at"] = f"{item.published_at:%Y-%m-%d %H:%M:%S}"
        return article

    # ---- pages and files -----------------------------------------------------------------
    def _detail(self, item: Item, origin: str, mobile: bool = False) -> Response:
        detail = self._article(item, origin) | {"content": item.body}
        view = {
            "title": item.title,
            "date": f"{item.date:%Y-%m-%d}",
            "time": item.time,
            "publisher": item.agency,
            "identifier": item.extra["index_no"],
            "classify": CATEGORY_NAMES[item.extra["classify"]],
            "classify_id": item.extra["classify"],
            "url": origin + self.post_path(item),
            "mobile": origin + self.nfcms_path(item, mobile=True),
        }
        config = f"{{SID:'{SID}',DETAIL:{json.dumps(detail, ensure_ascii=False)}}}"
        attachments = [
            {"url": self.attachment_path(item, a), "name": a.name, "mime": a.mime}
            for a in item.attachments
        ]
        text = self._render(
            "detail.html",
            article=view,
            body=Markup(item.body),
            attachments=attachments,
            config=Markup(config.replace("</", "<\\/")),
            mobile=mobile,
        )
        return content.article_response(text, item)

    def _attachment(self, path: str) -> Response:
        parts = path.strip("/").split("/")
        found = self.files.get(content.to_int(parts[3], 0)) if len(parts) == 5 else None
        if found is None or found[1].missing or self.attachment_path(*found) != path:
            return Response.html(self._render("404.html"), status=404)
        return Response(headers={"Content-Type": found[1].mime}, body=found[1].data)

    # ---- ground truth --------------------------------------------------------------------
    def manifest(self, base_url: str) -> dict:
        base = base_url.rstrip("/")
        items = list(self.by_id.values())
        reports = [
            content.manifest_report(base + self.post_path(i), i)
            for i in items
            if i.kind == "report"
        ]
        attachments = content.manifest_attachments(
            base, items, self.post_path, self.attachment_path
        )
        distractors = content.manifest_distractors(base, items, self.post_path, "政府信息公开年报")
        traps = [
            {
                "url": base + self.nfcms_path(i, mobile),
                "kind": "twin",
                "title": i.title,
                "same_as": base + self.post_path(i),
            }
            for i in items
            for mobile in (False, True)
        ]
        traps.append(
            {
                "url": f"{base}/gkmlpt/api/all/{UNITS_CATEGORY}?page=2&sid={SID}",
                "kind": "404",
                "status": 404,
                "note": "this category serves everything on page 1",
            }
        )
        api = [
            f"{base}/gkmlpt/api/all/{ANNUAL}?page=1&sid={SID}",
            f"{base}/gkmlpt/api/all/{ANNUAL}?page=2&sid={SID}",
            f"{base}/gkmlpt/api/all/{UNITS_CATEGORY}?page=1&sid={SID}",
        ]
        return {
            "site": self.name,
            "column": {
                "url": f"{base}/gkmlpt/annualreport",
                "name": "政府信息公开年报",
                "api": api,
            },
            "categories": {str(k): len(v) for k, v in self.categories.items()},
            "reports": reports,
            "attachments": attachments,
            "second_night": content.second_night_manifest(base, items, self.post_path),
            "distractors": distractors,
            "traps": traps,
            # home, the 政务公开 hub, /gkmlpt/index, /gkmlpt/annualreport, the API pages,
            # details, attachments
            "pages_needed": 4 + len(api) + len(items) + len(attachments),
        }


def _json(body: dict[str, Any], status: int = 200) -> Response:
    return Response(
        status=status,
        headers={"Content-Type": "application/json;charset=UTF-8"},
        body=json.dumps(body, ensure_ascii=False).encode("utf-8"),
    )
