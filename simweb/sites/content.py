"""Report content shared by the CMS sites S3-S7: the same reports, dressed by each platform.

A real 年报 column holds the agency's own reports, one per department, 街道 and 乡镇 and year,
a few pre-2019 reports, some published only as an attachment, and look-alikes. The sites
differ in URL shapes, list mechanisms and chrome, not in what a report says, so the
bodies come from here: short 2019/2021-format reports rendered from S2's template for each
unit and year, S1's transcribed reports (old outlines included) with their expected
metadata, S1's look-alike bodies, and the attachment files themselves (real PDF, DOCX and
PNG bytes from simweb.documents, built from the report text).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import jinja2
import yaml
from lxml import html

from simweb import documents
from simweb.base import Response

SITES = Path(__file__).parent
TRS = SITES / "trs"
SHORT_REPORT = SITES / "hanweb" / "bodies" / "short_report.html"
BEIJING = dt.timezone(dt.timedelta(hours=8))

MIME = documents.CONTENT_TYPES


@dataclass
class Attachment:
    """One attached file of a detail page."""

    name: str  # the file name shown on the page, e.g. 某局2023年政府信息公开工作年度报告.pdf
    data: bytes
    id: int = 0
    missing: bool = False  # listed on the page, but the server answers 404

    @property
    def ext(self) -> str:
        return self.name.rsplit(".", 1)[-1].lower()

    @property
    def mime(self) -> str:
        return MIME.get(self.ext, "application/octet-stream")

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass
class Item:
    """One entry of a 年报 column: a report, a look-alike or a trap."""

    id: int
    title: str
    kind: str  # report | distractor | trap
    agency: str
    date: dt.date
    time: str
    body: str  # HTML fragment as the CMS stores it
    report: dict[str, Any] | None = None  # expected metadata of a report
    attachments: list[Attachment] = field(default_factory=list)
    images: list[Attachment] = field(default_factory=list)  # page scans shown in the body
    status: int = 200  # 404: listed, but the detail page is gone
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def published_at(self) -> dt.datetime:
        hour, minute = (int(x) for x in self.time.split(":"))
        return dt.datetime.combine(self.date, dt.time(hour, minute), tzinfo=BEIJING)


def newest_first(items: list[Item]) -> list[Item]:
    return sorted(items, key=lambda i: (i.published_at, i.id), reverse=True)


def number(oldest_first: list[Item], first_id: int, step: int, index_no: str) -> None:
    """CMS ids growing with publication time, and 索引号 numbered per year.

    `index_no` is a format with `year` and `k`, e.g. ``"003146421/{year}-{k:05d}"``.
    """
    per_year: dict[int, int] = {}
    for rank, item in enumerate(oldest_first):
        item.id = first_id + step * rank
        k = per_year[item.date.year] = per_year.get(item.date.year, 0) + 1
        item.extra["index_no"] = index_no.format(year=item.date.year, k=k)


def _env() -> jinja2.Environment:
    return jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)


def short_reports(
    units: list[dict[str, Any]], *, site_name: str, phone: str, first_id: int, stride: int = 1
) -> list[Item]:
    """A 2019/2021-format report per unit and year, published in January of the next year.

    `units` are dicts with `name` and `years`; the figures vary with the running number so
    no two reports share a body.
    """
    template = _env().from_string(SHORT_REPORT.read_text(encoding="utf-8"))
    out: list[Item] = []
    n = 0
    for u, unit in enumerate(units):
        for year in unit["years"]:
            n += 1
            date = dt.date(year + 1, 1, 6 + (u * 5 + year) % 22)
            body = template.render(
                year=year,
                agency=unit["name"],
                site_name=site_name,
                phone=phone,
                published=95 + 23 * n,
                docs=n % 5,
                applications=1 + n % 7,
                written=f"{date.year}年{date.month}月{date.day}日",
            )
            out.append(
                Item(
                    id=first_id + n * stride,
                    title=f"{unit['name']}{year}年政府信息公开工作年度报告",
                    kind="report",
                    agency=unit["name"],
                    date=date,
                    time=f"{9 + (u + n) % 8:02d}:{(11 * n) % 60:02d}",
                    body=body,
                    report={
                        "agency": unit["name"],
                        "year": year,
                        "format": "2021" if year >= 2021 else "2019",
                        "published": date,
                    },
                )
            )
    return out


NEW_YEAR = dt.date(2026, 1, 23)  # the second night: a 2025 report published on 2026-01-23


def new_year_report(
    agency: str, *, site_name: str, phone: str, after: list[Item], step: int, index_no: str
) -> Item:
    """The second night's news (SITES.md 3, state changes): the agency's 2025 report, dated
    2026-01-23 and newer than every item, so it tops page 1 and pushes one item onward."""
    [item] = short_reports(
        [{"name": agency, "years": [2025]}], site_name=site_name, phone=phone, first_id=0
    )
    item.date, item.time = NEW_YEAR, "09:30"
    assert item.report is not None
    item.report["published"] = NEW_YEAR
    item.id = max(i.id for i in after) + step
    item.extra.update(index_no=index_no.format(year=NEW_YEAR.year, k=1), second_night="new")
    return item


def second_night_manifest(base: str, items: list[Item], page: Callable[[Item], str]) -> dict:
    """What changed on the second night, by kind: new, republished, edited."""
    out: dict[str, list[dict[str, Any]]] = {"new": [], "republished": [], "edited": []}
    for item in items:
        kind = item.extra.get("second_night")
        if kind:
            entry = {"url": base + page(item), "title": item.title}
            entry.update({k: base + v for k, v in item.extra.get("second_night_refs", {}).items()})
            out[kind].append(entry)
    return out


def _trs_articles() -> dict[str, dict[str, Any]]:
    data = yaml.safe_load((TRS / "articles.yaml").read_text(encoding="utf-8"))
    return {a["body"]: a for a in data["articles"] if a.get("body")}


def trs_items(names: list[str], ids: dict[str, int]) -> list[Item]:
    """S1's articles by body name (reports keep their expected metadata), under new ids."""
    articles = _trs_articles()
    out = []
    for name in names:
        entry = articles[name]
        out.append(
            Item(
                id=ids[name],
                title=entry["title"],
                kind="report" if entry["kind"] == "report" else "distractor",
                agency=entry["agency"],
                date=entry["date"],
                time=entry["time"],
                body=(TRS / "bodies" / f"{name}.html").read_text(encoding="utf-8"),
                report=dict(entry["report"]) if entry.get("report") else None,
                extra={"doc_no": entry.get("doc_no", "")},
            )
        )
    return out


# S1's look-alikes are Ningxia's 司法厅 documents; on another site they are re-addressed to a
# local 司法 office, so a column never lists a far-away agency's notice or plan.
_NINGXIA = ("宁夏回族自治区司法厅", "自治区司法厅", "宁夏回族自治区", "自治区", "全区", "宁夏")


def lookalikes(names: list[str], office: str, region: str) -> list[Item]:
    """S1's look-alike documents (not reports) re-addressed to `office` in `region`.

    `office` is the local 司法 office (漳州市司法局), `region` its area (漳州市): the texts
    are a 司法厅's 法治政府建设 report, 政务公开 notice, guide and website form, so they
    read true for a 司法 office anywhere. The national 国办 notice is left as it is.
    """
    level = "省" if region.endswith("省") else "市"
    to = (office, level + office[len(region) :], region, level, "全" + level, region[:2])
    items = trs_items(names, dict.fromkeys(names, 0))
    for item in items:
        if item.kind != "distractor":
            raise ValueError(f"{item.title} is a report, not a look-alike")
        for old, new in zip(_NINGXIA, to, strict=True):
            item.title = item.title.replace(old, new)
            item.body = item.body.replace(old, new)
            item.agency = item.agency.replace(old, new)
    return items


def attachment_only(item: Item, ext: str, attachment_id: int) -> Item:
    """Turn a report into the short page that only carries its file (SITES.md 0.1 form 2)."""
    title = item.title
    if ext == "pdf":
        data = documents.pdf(title, documents.html_lines(item.body))
    elif ext == "wps":  # WPS Office's .wps: a Word 97 binary document
        data = documents.wps(title, documents.html_lines(item.body))
    else:
        paragraphs, table = _paragraphs_and_table(item.body)
        data = documents.docx(title, paragraphs, table)
    item.attachments = [Attachment(name=f"{title}.{ext}", data=data, id=attachment_id)]
    item.body = '<p style="text-indent:2em;">详见附件。</p>'
    return item


def statistics_sheet(item: Item, attachment_id: int) -> Item:
    """Attach the report's statistics tables as an Excel file beside its HTML body."""
    rows = documents.html_rows(item.body)
    name = f"{item.title.removesuffix('政府信息公开工作年度报告')}政府信息公开统计表.xls"
    item.attachments.append(
        Attachment(name=name, data=documents.xls("统计表", rows), id=attachment_id)
    )
    return item


def image_only(item: Item, pages: int, first_id: int) -> Item:
    """Turn a report into its （图片版）: a body made only of page scans (PNG)."""
    item.title += "（图片版）"
    item.images = [
        Attachment(name=f"{item.id}_{p}.png", data=documents.png(f"{item.id}/{p}"), id=first_id + p)
        for p in range(1, pages + 1)
    ]
    item.body = ""
    return item


def _paragraphs_and_table(fragment: str) -> tuple[list[str], list[list[str]]]:
    """Paragraph texts and the rows of the first table of a stored body, for a Word file."""
    root = html.fromstring(f"<div>{fragment}</div>")
    table = [
        [" ".join(td.text_content().split()) for td in tr.iter("td", "th")]
        for tr in root.iter("tr")
    ]
    paragraphs = [" ".join(p.text_content().split()) for p in root.iter("p")]
    return [p for p in paragraphs if p], table


def article_response(text: str, item: Item) -> Response:
    """A UTF-8 detail page with the Last-Modified of its publication."""
    return with_last_modified(Response.html(text), item)


def with_last_modified(response: Response, item: Item) -> Response:
    """Static CMS pages carry their publication time as Last-Modified."""
    response.headers["Last-Modified"] = format_datetime(
        item.published_at.astimezone(dt.UTC), usegmt=True
    )
    return response


def manifest_attachments(
    base: str,
    items: list[Item],
    page: Callable[[Item], str],
    file: Callable[[Item, Attachment], str],
) -> list[dict[str, Any]]:
    """Every attachment of the items: its URL, the page linking it, its SHA-256 or its 404."""
    return [
        {
            "url": base + file(i, a),
            "report": base + page(i),
            "name": a.name,
            "sha256": None if a.missing else a.sha256,
            "status": 404 if a.missing else 200,
        }
        for i in items
        for a in i.attachments
    ]


def manifest_distractors(
    base: str, items: list[Item], page: Callable[[Item], str], column: str
) -> list[dict[str, Any]]:
    return [
        {"url": base + page(i), "title": i.title, "column": column}
        for i in items
        if i.kind == "distractor"
    ]


def iso(value: object) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def manifest_report(url: str, item: Item, **more: Any) -> dict[str, Any]:
    assert item.report is not None, item.title
    return {
        "url": url,
        "title": item.title,
        "agency": item.report["agency"],
        "year": int(item.report["year"]),
        "format": str(item.report["format"]),
        "published": iso(item.report["published"]),
        **more,
    }


def to_int(text: str | None, default: int) -> int:
    """A query parameter as a number; CMS servers treat garbage as the default page."""
    try:
        return int(text) if text not in (None, "") else default
    except ValueError:
        return default
