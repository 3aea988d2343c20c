"""S1: a TRS WCM site published as static UTF-8 ``.html`` (SITES.md 1.A and 3/S1).

The site is 宁夏回族自治区司法厅. Its 政府信息公开年报 column lists the department's own reports
and those of city and county 司法局, next to distractors (a 法治政府建设年度报告, a 政务公开工作要点
notice, the 国办 notice that carries the blank report forms, a 政府网站年度报表, the 公开指南) and
two traps (a detail page that is gone, one that 301s to the home page). Like a real TRS site:

- a column answers at ``<col>/`` and ``<col>/index.html``; later pages are ``index_1.html`` …
  and exist only inside a ``createPageHTML(countPage, currentPage, "index", "html")`` script;
- list items are relative hrefs ``./YYYYMM/tYYYYMMDD_<id>.html``, newest first;
- detail pages carry the 0.3 meta tags, the 信息公开目录 table and the body in
  ``div.trs_editor_view``.

Content lives beside this module: ``articles.yaml`` (one entry per item, with the expected
report metadata), ``bodies/*.html`` (article bodies as the CMS stores them), ``templates/``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import yaml
from markupsafe import Markup

from simweb import documents
from simweb.base import Request, Response, site_templates

HERE = Path(__file__).parent
HANWEB_BODIES = HERE.parent / "hanweb" / "bodies"
PAGE_SIZE = 10
SECTION_PATH = "/xxgk/zfxxgk/"
ANNUAL_COLUMN = "zfxxgknb"
BEIJING = dt.timezone(dt.timedelta(hours=8))
TOPICS = {
    "zfxxgknb": "综合政务/政务公开",
    "wzndbb": "综合政务/政务公开",
    "fdzdgknr": "综合政务/其他",
}
# A 1x1 transparent PNG, served for every /images/*.png the chrome refers to.
PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
STATIC_TYPES = {".js": "application/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}


@dataclass(frozen=True)
class Column:
    key: str
    path: str  # "/xxgk/zfxxgk/zfxxgknb/"
    name: str
    description: str
    keywords: str
    type: str
    in_xxgk: bool
    first_page: int = 0  # currentPage of page 1 in its pager script (1 on some CMSs)
    parent: str | None = None  # the column this sub-column is listed in

    @property
    def dir(self) -> str:
        return self.path.rstrip("/").rsplit("/", 1)[-1]

    @property
    def depth(self) -> int:
        return self.path.strip("/").count("/") + 1


@dataclass(frozen=True)
class Attachment:
    """A file published beside its detail page: ``./P0YYYYMMDD<15 digits>.<ext>``."""

    name: str
    title: str  # the link text, as the editor typed it
    data: bytes

    @property
    def content_type(self) -> str:
        return documents.CONTENT_TYPES[self.name.rsplit(".", 1)[-1]]


@dataclass
class Article:
    id: int
    column: Column
    date: dt.date
    time: str
    title: str
    kind: str  # report | distractor | trap | page
    status: str  # ok | 404 | moved
    agency: str  # 发布机构
    written: dt.date  # 成文日期
    source: str = ""  # 来源 / ContentSource
    doc_no: str = ""  # 文号
    body: str | None = None
    seed: str | None = None
    source_url: str | None = None
    report: dict[str, Any] | None = None
    index_no: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    modified: dt.datetime | None = None  # re-published after an edit (the second night)
    attachments: list[Attachment] = field(default_factory=list)
    ext: str = "html"

    @property
    def folder(self) -> str:
        """The ``YYYYMM/`` folder of the column that holds the page and its attachments."""
        return f"{self.column.path}{self.date:%Y%m}/"

    @property
    def rel(self) -> str:
        """Path relative to the column folder, as the list pages link it."""
        return f"{self.date:%Y%m}/t{self.date:%Y%m%d}_{self.id}.{self.ext}"

    @property
    def path(self) -> str:
        return self.column.path + self.rel

    @property
    def published_at(self) -> dt.datetime:
        hour, minute = (int(x) for x in self.time.split(":"))
        return dt.datetime.combine(self.date, dt.time(hour, minute), tzinfo=BEIJING)

    @property
    def shown_at(self) -> dt.datetime:
        """The date the CMS shows (PubDate, list date, Last-Modified): the last edit's."""
        return self.modified or self.published_at


def _http_date(moment: dt.datetime) -> str:
    return format_datetime(moment.astimezone(dt.UTC), usegmt=True)


class TrsSite:
    """宁夏回族自治区司法厅 on TRS WCM: home, 政府信息公开 section, columns, detail pages."""

    name = "trs"
    articles_file = "articles.yaml"
    detail_ext = "html"
    list_ext = "html"
    charset = "utf-8"
    header_charset = True  # False: the charset is declared only in the page's <meta>

    def __init__(self, *, second_night: bool = False, **options: object) -> None:
        self.second_night = second_night  # the edited/deleted/new-year state of the site
        self.options = options
        data = self.load()
        self.site: dict[str, Any] = data["site"]
        self.columns = {c["key"]: Column(**c) for c in data["columns"]}
        self.env, self._bodies = site_templates(HERE)
        self._bodies.update(data.get("bodies", {}))
        self.articles = [self._article(entry) for entry in data["articles"]]
        self._number_articles()
        self.pages: dict[str, dict[str, Any]] = data.get("pages", {})
        self.night_changes: dict[str, list[str]] = {}
        if second_night:
            from simweb.sites.trs.second_night import apply

            apply(self)
        self._routes: dict[str, Callable[[], Response]] = {}
        self._build_routes()

    # ---- content -------------------------------------------------------------------------
    def load(self) -> dict[str, Any]:
        return yaml.safe_load((HERE / self.articles_file).read_text(encoding="utf-8"))

    def _article(self, entry: dict[str, Any]) -> Article:
        entry = dict(entry)
        column = self.columns[entry.pop("column")]
        known = {
            f
            for f in Article.__dataclass_fields__
            if f not in ("column", "extra", "index_no", "attachments")
        }
        kwargs = {k: entry.pop(k) for k in list(entry) if k in known}
        kwargs["status"] = str(kwargs.get("status", "ok"))
        kwargs.setdefault("source", kwargs["agency"])
        specs = entry.pop("attachments", [])
        article = Article(column=column, extra=entry, ext=self.detail_ext, **kwargs)
        article.attachments = [self._attachment(article, n, spec) for n, spec in enumerate(specs)]
        return article

    def _attachment(self, article: Article, n: int, spec: dict[str, Any]) -> Attachment:
        """A real PDF/DOCX holding the text of the report body named in `spec["text"]`."""
        kind = spec["kind"]
        stamp = 10**14 + (article.id * 7_919_113 + (n + 1) * 104_729_113_017) % (9 * 10**14)
        name = f"P0{article.date:%Y%m%d}{stamp:015d}.{kind}"
        lines = documents.html_lines(self._attachment_html(article, spec))
        if kind == "pdf":
            data = documents.pdf(article.title, lines)
        elif kind == "wps":
            data = documents.wps(article.title, lines)
        elif kind == "xls":  # the statistics tables of the body, one row per table row
            rows = documents.html_rows(self._attachment_html(article, spec))
            data = documents.xls("统计表", rows or [[line] for line in lines])
        else:
            data = documents.docx(article.title, lines)
        return Attachment(name=name, title=spec.get("title") or article.title, data=data)

    def _attachment_html(self, article: Article, spec: dict[str, Any]) -> str:
        """The report text an attachment carries: a stored body, or a short generated one."""
        if "short_report" not in spec:
            return self._bodies[spec.get("text") or article.body or ""]
        template = (HANWEB_BODIES / "short_report.html").read_text(encoding="utf-8")
        return self.env.from_string(template).render(
            agency=article.agency,
            site_name=self.site["name"],
            phone=self.site["phone"],
            written=f"{article.written.year}年{article.written.month}月{article.written.day}日",
            **spec["short_report"],
        )

    def _number_articles(self) -> None:
        """Give every article a 索引号 like 640000001/2024-00031, numbered per year."""
        per_year: dict[int, int] = {}
        for article in sorted(self.articles, key=lambda a: (a.published_at, a.id)):
            n = per_year[article.date.year] = per_year.get(article.date.year, 0) + 1
            article.index_no = f"{self.site['index_prefix']}/{article.date.year}-{10 + 7 * n:05d}"

    def column_items(self, key: str) -> list[Article]:
        """The articles of one column, newest first (the order of its list pages)."""
        items = [a for a in self.articles if a.column.key == key and a.status != "deleted"]
        return sorted(items, key=lambda a: (a.published_at, a.id), reverse=True)

    def count_pages(self, key: str) -> int:
        return max(1, -(-len(self.column_items(key)) // PAGE_SIZE))

    @property
    def xxgk_columns(self) -> list[Column]:
        return [c for c in self.columns.values() if c.in_xxgk and not c.parent]

    # ---- routing -------------------------------------------------------------------------
    def handle(self, request: Request) -> Response:
        if request.method not in ("GET", "HEAD"):
            return Response(status=405, headers={"Allow": "GET, HEAD"}, body=b"")
        path = request.path or "/"
        route = self._routes.get(path)
        if route is not None:
            return route()
        if path.startswith("/images/") and path.endswith(".png"):
            return Response(headers={"Content-Type": "image/png"}, body=PIXEL)
        if not path.endswith("/") and path + "/" in self._routes:
            return Response.redirect(path + "/")  # nginx adds the slash of a directory
        return self._not_found()

    def _add(self, paths: list[str], make: Callable[[], Response]) -> None:
        for p in paths:
            self._routes[p] = make

    def _build_routes(self) -> None:
        home = self._html(self._render("home.html", nav="home", news=self._news()))
        self._add(["/", "/index.html"], home)
        section = self._html(self._render_section())
        self._add([SECTION_PATH, SECTION_PATH + "index.html"], section)
        for column in self.columns.values():
            for n in range(self.count_pages(column.key)):
                page = self._html(self._render_list(column, n))
                names = [f"index_{n + column.first_page}.{self.list_ext}"]
                if n == 0:
                    names = ["", f"index.{self.list_ext}"]
                self._add([column.path + name for name in names], page)
        for article in self.articles:
            if article.status == "ok":
                self._add([article.path], self._detail(article))
                for attachment in article.attachments:
                    self._add([article.folder + attachment.name], self._file(attachment))
            elif article.status == "moved":
                self._add([article.path], lambda: Response.redirect("/", status=301))
            elif article.status == "deleted":  # soft delete: the error template, with a 200
                self._add([article.path], self._html(self._render("404.html")))
            # status 404: no route, the site answers 404 like for any unknown path
        for path, page in self.pages.items():
            html = self._html(self._render_page(page))
            self._add([path, path.removesuffix("index.html")], html)
        for static in (HERE / "static").iterdir():
            folder = "/common/css/" if static.suffix == ".css" else "/common/js/"
            self._add([folder + static.name], self._static(static))
        self._add(["/robots.txt"], self._text("User-agent: *\nDisallow:\n"))

    # ---- responses -----------------------------------------------------------------------
    def _html(self, text: str, last_modified: str | None = None) -> Callable[[], Response]:
        # characters outside the page's charset become references, as CMS editors' pastes do
        body = text.encode(self.charset, "xmlcharrefreplace")
        content_type = f"text/html; charset={self.charset}" if self.header_charset else "text/html"

        def respond() -> Response:
            headers = {"Content-Type": content_type}
            if last_modified:
                headers["Last-Modified"] = last_modified
            return Response(status=200, headers=headers, body=body)

        return respond

    @staticmethod
    def _static(path: Path) -> Callable[[], Response]:
        body = path.read_bytes()
        ctype = STATIC_TYPES[path.suffix]
        return lambda: Response(headers={"Content-Type": ctype}, body=body)

    @staticmethod
    def _file(attachment: Attachment) -> Callable[[], Response]:
        headers = {"Content-Type": attachment.content_type}
        return lambda: Response(headers=dict(headers), body=attachment.data)

    @staticmethod
    def _text(text: str) -> Callable[[], Response]:
        body = text.encode("utf-8")
        return lambda: Response(headers={"Content-Type": "text/plain; charset=utf-8"}, body=body)

    def _not_found(self) -> Response:
        return Response.html(self._render("404.html"), status=404)

    def _detail(self, article: Article) -> Callable[[], Response]:
        return self._html(self._render_detail(article), _http_date(article.shown_at))

    # ---- rendering -----------------------------------------------------------------------
    def _render(self, template: str, **context: Any) -> str:
        context.setdefault("nav", "xxgk")
        return self.env.get_template(template).render(
            site=self.site,
            xxgk_columns=self.xxgk_columns,
            charset=self.charset,
            list_ext=self.list_ext,
            **context,
        )

    def _news(self) -> list[dict[str, str]]:
        column = self.columns["gzdt"]
        return [
            {"href": "." + column.path + a.rel, "title": a.title, "date": f"{a.date:%Y-%m-%d}"}
            for a in self.column_items("gzdt")[:6]
        ]

    @staticmethod
    def _item(article: Article) -> dict[str, str]:
        return {"rel": article.rel, "title": article.title, "date": f"{article.shown_at:%Y-%m-%d}"}

    def _render_section(self) -> str:
        boxes = [
            {"column": c, "items": [self._item(a) for a in self.column_items(c.key)[:5]]}
            for c in self.xxgk_columns
        ]
        return self._render("section.html", boxes=boxes, prefix="./", current=None)

    def _crumbs(self, column: Column, up: int) -> list[dict[str, str]]:
        crumbs = [{"name": "首页", "href": "../" * (column.depth + up)}]
        if column.in_xxgk:
            crumbs.append({"name": "政府信息公开", "href": "../" * (up + 1)})
        crumbs.append({"name": column.name, "href": "../" * up or "./"})
        return crumbs

    def _render_list(self, column: Column, page: int) -> str:
        items = self.column_items(column.key)[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
        return self._render(
            "list.html",
            nav="xxgk" if column.in_xxgk else "news",
            column=column,
            items=[self._item(a) for a in items],
            count_page=self.count_pages(column.key),
            current_page=page,
            first_page=column.first_page,
            sub_columns=[c for c in self.columns.values() if c.parent == column.key],
            crumbs=self._crumbs(column, 0),
            prefix="../",
            current=column,
        )

    def _render_detail(self, article: Article) -> str:
        column = article.column
        view = {
            "title": article.title,
            "date": f"{article.shown_at:%Y-%m-%d}",
            "time": f"{article.shown_at:%H:%M}",
            "source": article.source,
            "agency": article.agency,
            "written": f"{article.written:%Y-%m-%d}",
            "index_no": article.index_no,
            "topic": TOPICS.get(column.key, "综合政务"),
            "doc_no": article.doc_no,
            "validity": "有效",
            "keywords": column.keywords,
            "url": f"http://{self.site['domain']}{article.path}",
            "attachments": [
                {"href": "./" + a.name, "title": a.title, "ext": a.name.rsplit(".", 1)[-1]}
                for a in article.attachments
            ],
        }
        body = self._bodies[article.body] if article.body else ""
        return self._render(
            "detail.html",
            nav="xxgk" if column.in_xxgk else "news",
            column=column,
            article=view,
            body=Markup(body),  # our own stored CMS fragments
            crumbs=self._crumbs(column, 1),
        )

    def _render_page(self, page: dict[str, Any]) -> str:
        links = list(page.get("links", []))
        if page.get("sitemap"):
            links = [{"name": "首页", "href": "/", "external": False}]
            links += [{"name": "政府信息公开", "href": SECTION_PATH, "external": False}]
            links += [
                {"name": c.name, "href": c.path, "external": False} for c in self.columns.values()
            ]
        view = {"title": page["title"], "paragraphs": page.get("paragraphs", []), "links": links}
        return self._render("page.html", nav="", page=view)

    # ---- ground truth --------------------------------------------------------------------
    def manifest(self, base_url: str) -> dict:
        base = base_url.rstrip("/")
        annual = self.column_items(ANNUAL_COLUMN)
        for sub in self.columns.values():
            if sub.parent == ANNUAL_COLUMN:
                annual += self.column_items(sub.key)
        column = self.columns[ANNUAL_COLUMN]
        pages = [f"{base}{column.path}index.html"]
        pages += [
            f"{base}{column.path}index_{n}.html" for n in range(1, self.count_pages(ANNUAL_COLUMN))
        ]
        reports = []
        for a in annual:
            if a.kind != "report":
                continue
            assert a.report is not None, a.title
            entry = {
                "url": base + a.path,
                "title": a.title,
                "agency": a.report["agency"],
                "year": int(a.report["year"]),
                "format": str(a.report["format"]),
                "published": _iso(a.report["published"]),
            }
            if a.extra.get("in_attachment"):
                entry["in_attachment"] = True  # the page says 详见附件; the report is the file
            if a.seed:
                entry["seed"] = a.seed
            if a.source_url:
                entry["source_url"] = a.source_url
            reports.append(entry)
        distractors = [
            {"url": base + a.path, "title": a.title, "column": a.column.name}
            for a in self.articles
            if a.kind == "distractor"
        ]
        traps = [
            {
                "url": base + a.path,
                "kind": a.status,
                "title": a.title,
                "status": 404 if a.status == "404" else 301,
                **({"location": "/"} if a.status == "moved" else {}),
            }
            for a in annual
            if a.kind == "trap"
        ]
        attachments = [
            {
                "url": base + a.folder + attachment.name,
                "report": base + a.path,
                "sha256": documents.sha256(attachment.data),
                "content_type": attachment.content_type,
            }
            for a in annual
            if a.status == "ok"
            for attachment in a.attachments
        ]
        result = {
            "site": self.name,
            "column": {"url": f"{base}{column.path}", "name": column.name, "pages": pages},
            "attachments": attachments,
            "reports": reports,
            "distractors": distractors,
            "traps": traps,
        }
        if self.second_night:  # what changed since the first night: new, edited, removed URLs
            result["second_night"] = {
                k: [base + p for p in paths] for k, paths in self.night_changes.items()
            }
        return result


def _iso(value: object) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)
