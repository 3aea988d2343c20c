"""S2: a Hanweb 大汉 JCMS site, UTF-8 (SITES.md 1.B and 3/S2).

The site is 杭州市上城区人民政府. Its 政府信息公开 section holds the 政府信息公开年报 column
(the district's and its 街道's reports, republished reports of other agencies, two
look-alikes) and a 部门年报 column. Like a real Hanweb site:

- a column is ``/col/col<columnid>/index.html``; ``?uid=…&pageNum=N`` is client-side only,
  the server answers the same page;
- the list is not in the HTML: the first ``3 × perPage`` records sit as CDATA inside
  ``<script type="text/xml"><datastore>``, next to ``var param_<unitid>={…}`` and a jpage
  initialiser naming ``proxyUrl``, ``totalRecord`` and ``perPage``;
- later records come from ``dataproxy.jsp?startrecord=&endrecord=&perpage=`` (POST with the
  form fields col, appid, webid, path, columnid, sourceContentType, unitid, webname,
  permissiontype; GET with the same names in the query also works), answering XML;
- the 部门年报 column uses the other proxy path ``/module/jpage/dataproxy.jsp`` and an
  embedded datastore with its records directly under ``<datastore>`` (no ``<recordset>``);
- details are ``/art/YYYY/M/D/art_<columnid>_<articleid>.html`` with ``div#zoom`` and a
  信息公开元数据 table; one report is listed in both columns under the same URL.

Attachments are served by ``/module/download/downfile.jsp?classid=0&filename=<32hex>.<ext>``
with a ``Content-Disposition`` naming the file, as Hanweb does.

Not built yet (SITES.md 3/S2): records on another host, the
slow proxy group, the jpaas JSON endpoint, the second-night state changes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from dataclasses import dataclass, field
from email.utils import format_datetime
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote

import yaml
from markupsafe import Markup

from simweb import documents
from simweb.base import Request, Response, site_templates

HERE = Path(__file__).parent
TRS = HERE.parent / "trs"
ANNUAL_COLUMN = "zfxxgknb"
DEPARTMENT_COLUMN = "bmnb"
GROUP_SIZE = 3  # jpage groupSize: one proxy request covers three display pages
PROXY_PATHS = ("/module/web/jpage/dataproxy.jsp", "/module/jpage/dataproxy.jsp")
DOWNLOAD_PATH = "/module/download/downfile.jsp"
BEIJING = dt.timezone(dt.timedelta(hours=8))
# The ids of the generated reports: art ids of a Hanweb site grow with time.
FIRST_ID = 2_900_000


@dataclass(frozen=True)
class Column:
    key: str
    id: int
    unitid: str
    name: str
    proxy: str
    per_page: int
    recordset: bool = True


@dataclass(frozen=True)
class Attachment:
    """A file stored under a random hex name; only Content-Disposition gives its real name."""

    filename: str  # <32 hex>.<ext>
    title: str  # the name the download announces, e.g. <report title>.pdf
    data: bytes

    @property
    def href(self) -> str:
        return f"{DOWNLOAD_PATH}?classid=0&filename={self.filename}"


@dataclass
class Article:
    id: int
    column: Column  # the column the URL is made from (the first it was published in)
    date: dt.date
    time: str
    title: str
    kind: str  # report | distractor | page
    agency: str
    body: str  # rendered HTML fragment
    report: dict[str, Any] | None = None
    also_in: list[str] = field(default_factory=list)  # further column keys listing it
    index_no: str = ""
    attachments: list[Attachment] = field(default_factory=list)

    @property
    def path(self) -> str:
        d = self.date
        return f"/art/{d.year}/{d.month}/{d.day}/art_{self.column.id}_{self.id}.html"

    @property
    def published_at(self) -> dt.datetime:
        hour, minute = (int(x) for x in self.time.split(":"))
        return dt.datetime.combine(self.date, dt.time(hour, minute), tzinfo=BEIJING)


class HanwebSite:
    """杭州市上城区人民政府 on Hanweb JCMS: home, 政府信息公开, jpage columns, proxy, details."""

    name = "hanweb"

    def __init__(self, *, second_night: bool = False, **options: object) -> None:
        self.second_night = second_night  # a record deleted, a 2025 report added
        data = yaml.safe_load((HERE / "articles.yaml").read_text(encoding="utf-8"))
        self.site: dict[str, Any] = data["site"]
        self.section: dict[str, Any] = data["section"]
        self.columns = {c["key"]: Column(**c) for c in data["columns"]}
        self.env, self._bodies = site_templates(HERE)
        self.articles: list[Article] = []
        self._republish(data)
        self._generate(data["units"])
        self._explicit(data["articles"])
        self.night_changes: dict[str, list[str]] = {}
        if second_night:
            from simweb.sites.hanweb.second_night import apply

            apply(self)
        self._number()
        self._by_path = {a.path: a for a in self.articles}
        self._files = {f.filename: f for a in self.articles for f in a.attachments}

    # ---- content -------------------------------------------------------------------------
    def _republish(self, data: dict[str, Any]) -> None:
        """S1's reports, carried by this portal too (same bodies, titles and metadata)."""
        trs = yaml.safe_load((TRS / "articles.yaml").read_text(encoding="utf-8"))
        by_body = {a.get("body"): a for a in trs["articles"] if a["kind"] == "report"}
        annual = self.columns[ANNUAL_COLUMN]
        for name in data["republished"]:
            entry = by_body[name]
            article = Article(
                id=int(data.get("ids", {}).get(name, entry["id"])),
                column=annual,
                date=entry["date"],
                time=entry["time"],
                title=entry["title"],
                kind="report",
                agency=entry["agency"],
                body=(TRS / "bodies" / f"{name}.html").read_text(encoding="utf-8"),
                report=dict(entry["report"]),
            )
            if name == data.get("duplicate"):
                article.also_in.append(DEPARTMENT_COLUMN)
            self.articles.append(article)

    def _generate(self, units: list[dict[str, Any]]) -> None:
        """A short 2019/2021-format report per unit and year, published in late January."""
        template = self.env.from_string(self._bodies["short_report"])
        n = 0
        for u, unit in enumerate(units):
            for year in unit["years"]:
                n += 1
                day = 8 + (u * 3 + year) % 20
                date = dt.date(year + 1, 1, day)
                body = template.render(
                    year=year,
                    agency=unit["name"],
                    site_name=self.site["name"],
                    phone=self.site["phone"],
                    published=120 + 17 * n,
                    docs=n % 4,
                    applications=1 + n % 9,
                    written=f"{date.year}年{date.month}月{date.day}日",
                )
                self.articles.append(
                    Article(
                        id=FIRST_ID + (year - 2019) * 300_000 + 1000 * u + n,
                        column=self.columns[unit["column"]],
                        date=date,
                        time=f"{9 + u % 8:02d}:{(7 * n) % 60:02d}",
                        title=f"{unit['name']}{year}年政府信息公开工作年度报告",
                        kind="report",
                        agency=unit["name"],
                        body=body,
                        report={
                            "agency": unit["name"],
                            "year": year,
                            "format": "2021" if year >= 2021 else "2019",
                            "published": date,
                        },
                    )
                )
                if unit.get("attach"):
                    article = self.articles[-1]
                    article.attachments.append(_attachment(article, unit["attach"]))

    def _explicit(self, entries: list[dict[str, Any]]) -> None:
        for entry in entries:
            self.articles.append(
                Article(
                    id=entry["id"],
                    column=self.columns[entry["column"]],
                    date=entry["date"],
                    time=entry["time"],
                    title=entry["title"],
                    kind=entry["kind"],
                    agency=entry["agency"],
                    body=self._bodies[entry["body"]],
                )
            )

    def _number(self) -> None:
        """索引号 like 002486157/2024-00031, numbered per year."""
        per_year: dict[int, int] = {}
        for a in sorted(self.articles, key=lambda a: (a.published_at, a.id)):
            k = per_year[a.date.year] = per_year.get(a.date.year, 0) + 1
            a.index_no = f"{self.site['index_prefix']}/{a.date.year}-{k:05d}"

    def records(self, key: str) -> list[Article]:
        """The records of one column, newest first (the order jpage shows them in)."""
        items = [a for a in self.articles if a.column.key == key or key in a.also_in]
        return sorted(items, key=lambda a: (a.published_at, a.id), reverse=True)

    def column_by_id(self, column_id: str) -> Column | None:
        return next((c for c in self.columns.values() if str(c.id) == column_id), None)

    # ---- routing -------------------------------------------------------------------------
    def handle(self, request: Request) -> Response:
        path = request.path or "/"
        if path in PROXY_PATHS:
            return self._proxy(request)
        if path == DOWNLOAD_PATH:
            return self._download(request)
        if request.method not in ("GET", "HEAD"):
            return Response(status=405, headers={"Allow": "GET, HEAD"}, body=b"")
        if path in ("/", "/index.html"):
            return self._html(self._render("home.html", nav="home"))
        if path.startswith("/col/col") and path.endswith(("/index.html", "/")):
            column_id = path.removeprefix("/col/col").split("/", 1)[0]
            if column_id == str(self.section["id"]):
                return self._html(self._render("section.html"))
            column = self.column_by_id(column_id)
            if column is not None:
                return self._html(self._render_column(column))
        article = self._by_path.get(path)
        if article is not None:
            return self._html(self._render_detail(article), last_modified=article.published_at)
        return Response.html(self._render("404.html"), status=404)

    @staticmethod
    def _html(text: str, last_modified: dt.datetime | None = None) -> Response:
        response = Response.html(text)
        if last_modified is not None:
            response.headers["Last-Modified"] = format_datetime(
                last_modified.astimezone(dt.UTC), usegmt=True
            )
        return response

    def _download(self, request: Request) -> Response:
        name = (request.query.get("filename") or [""])[0]
        attachment = self._files.get(name)
        if attachment is None:
            return Response.html(self._render("404.html"), status=404)
        return Response(
            headers={
                "Content-Type": "application/octet-stream",
                # the RFC 6266 form beside the percent-encoded name old browsers read
                "Content-Disposition": f"attachment; filename={quote(attachment.title)}; "
                f"filename*=UTF-8''{quote(attachment.title)}",
            },
            body=attachment.data,
        )

    # ---- the jpage proxy -----------------------------------------------------------------
    def _proxy(self, request: Request) -> Response:
        if request.method not in ("GET", "POST"):
            return Response(status=405, headers={"Allow": "GET, POST"}, body=b"")
        fields = dict(request.query)
        if request.method == "POST" and request.body:
            for name, values in parse_qs(request.body.decode("utf-8", "replace")).items():
                fields.setdefault(name, values)
        value = {name: values[0].strip() for name, values in fields.items() if values}
        if not value.get("columnid") or not value.get("unitid"):
            return Response(status=400, headers={"Content-Type": "text/html"}, body=b"Bad Request")
        column = self.column_by_id(value["columnid"])
        records = self.records(column.key) if column else []
        total = len(records)
        per_page = _int(value.get("perpage"), column.per_page if column else 15)
        if "startrecord" in value:
            start = _int(value.get("startrecord"), 1)
            end = _int(value.get("endrecord"), start + per_page * GROUP_SIZE - 1)
        else:  # the GET form with page=N (Jiangsu 人社厅): one group of three display pages
            page = _int(value.get("page"), 1)
            start = (page - 1) * per_page * GROUP_SIZE + 1
            end = start + per_page * GROUP_SIZE - 1
        chosen = records[max(start, 1) - 1 : min(end, total)]
        xml = (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f"<datastore><totalrecord>{total}</totalrecord>"
            f"<totalpage>{max(1, math.ceil(total / max(per_page, 1)))}</totalpage>"
            "<recordset>" + "".join(self._record(a) for a in chosen) + "</recordset></datastore>"
        )
        return Response(
            headers={"Content-Type": "text/xml;charset=UTF-8"}, body=xml.encode("utf-8")
        )

    @staticmethod
    def _record(article: Article) -> str:
        title = escape(article.title, quote=True)
        return (
            f"<record><![CDATA[<li><a href='{article.path}' title='{title}' "
            f'target="_blank">{title}</a><span>{article.date:%Y-%m-%d}</span></li>]]></record>'
        )

    # ---- rendering -----------------------------------------------------------------------
    def _render(self, template: str, **context: Any) -> str:
        context.setdefault("nav", "xxgk")
        return self.env.get_template(template).render(
            site=self.site, section=self.section, columns=list(self.columns.values()), **context
        )

    def _render_column(self, column: Column) -> str:
        records = self.records(column.key)
        embedded = [self._record(a) for a in records[: column.per_page * GROUP_SIZE]]
        if column.recordset:
            block = "<recordset>\n" + "\n".join(embedded) + "\n</recordset>"
        else:
            block = "\n".join(embedded)
        return self._render("column.html", column=column, records=Markup(block), total=len(records))

    def _render_detail(self, article: Article) -> str:
        view = {
            "id": article.id,
            "title": article.title,
            "date": f"{article.date:%Y-%m-%d}",
            "time": article.time,
            "agency": article.agency,
            "index_no": article.index_no,
            "url": f"http://{self.site['domain']}{article.path}",
            "attachments": article.attachments,
        }
        return self._render(
            "detail.html", column=article.column, article=view, body=Markup(article.body)
        )

    # ---- ground truth --------------------------------------------------------------------
    def manifest(self, base_url: str) -> dict:
        base = base_url.rstrip("/")
        listed = self.records(ANNUAL_COLUMN) + self.records(DEPARTMENT_COLUMN)
        reports: dict[str, dict[str, Any]] = {}
        for a in listed:
            if a.kind != "report" or base + a.path in reports:
                continue
            assert a.report is not None, a.title
            reports[base + a.path] = {
                "url": base + a.path,
                "title": a.title,
                "agency": a.report["agency"],
                "year": int(a.report["year"]),
                "format": str(a.report["format"]),
                "published": _iso(a.report["published"]),
                "column": a.column.name,
            }
        distractors = [
            {"url": base + a.path, "title": a.title, "column": a.column.name}
            for a in self.articles
            if a.kind == "distractor"
        ]
        traps = [
            {
                "url": base + a.path,
                "kind": "duplicate",
                "title": a.title,
                "status": 200,
                "columns": [a.column.name] + [self.columns[k].name for k in a.also_in],
            }
            for a in self.articles
            if a.also_in
        ]
        columns = []
        for key in (ANNUAL_COLUMN, DEPARTMENT_COLUMN):
            c = self.columns[key]
            total = len(self.records(key))
            batch = c.per_page * GROUP_SIZE
            columns.append(
                {
                    "url": f"{base}/col/col{c.id}/index.html",
                    "name": c.name,
                    "records": total,
                    "embedded": min(total, batch),
                    "proxy": [
                        f"{base}{c.proxy}?startrecord={s}&endrecord={s + batch - 1}"
                        f"&perpage={c.per_page}"
                        for s in range(batch + 1, total + 1, batch)
                    ],
                }
            )
        attachments = [
            {
                "url": base + f.href,
                "report": url,
                "sha256": documents.sha256(f.data),
                "content_disposition_filename": f.title,
            }
            for url in reports
            for f in self._by_path[url.removeprefix(base)].attachments
        ]
        result = {
            "site": self.name,
            "column": columns[0],
            "attachments": attachments,
            "columns": columns,
            "reports": list(reports.values()),
            "distractors": distractors,
            "traps": traps,
        }
        if self.second_night:  # what changed since the first night: new and removed URLs
            result["second_night"] = {
                k: [base + p for p in paths] for k, paths in self.night_changes.items()
            }
        return result


def _attachment(article: Article, kind: str) -> Attachment:
    """The report itself as a PDF or DOCX file, named by a hash as JCMS stores uploads."""
    lines = documents.html_lines(article.body)
    data = (
        documents.pdf(article.title, lines)
        if kind == "pdf"
        else documents.docx(article.title, lines)
    )
    stored = hashlib.md5(f"{article.id}.{kind}".encode()).hexdigest()
    return Attachment(filename=f"{stored}.{kind}", title=f"{article.title}.{kind}", data=data)


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text not in (None, "") else default
    except ValueError:
        return default


def _iso(value: object) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)
