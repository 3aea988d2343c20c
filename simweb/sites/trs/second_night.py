"""S1 on the second night (SITES.md 3, "Cross-site state changes").

Three things happened since the first night, as they do on real TRS sites:

- **edited**: the department's 2023 report was re-published under the same URL with a
  corrected 第二十条 cell (行政许可 1689 → 1698), a new PubDate and Last-Modified; its list
  entry shows the new date;
- **soft delete**: 长治市司法局's 2018 report was withdrawn (撤稿): it left the list, and its
  URL answers 200 with the site's 页面不存在 template;
- **new year**: the department's 2025 report, dated 2026-01-22, sits at the top of page 1,
  pushing the last item of page 1 onto page 2.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from simweb.sites.hanweb.second_night import short_report
from simweb.sites.trs import BEIJING, HERE, Article

if TYPE_CHECKING:
    from simweb.sites.trs import TrsSite

EDITED_BODY = "sft2023"
EDITED_AT = dt.datetime(2026, 1, 23, 9, 15, tzinfo=BEIJING)
CORRECTION = ("行政许可", "1689", "1698")  # row label, printed value, corrected value
SOFT_DELETED_BODY = "cz2018"
NEW_ID = 5120431
NEW_DATE = dt.date(2026, 1, 22)
SHORT_REPORT = HERE.parent / "hanweb" / "bodies" / "short_report.html"


def correct_cell(body: str, label: str, old: str, new: str) -> str:
    """`body` with the value `old` of the table row labelled `label` printed as `new`."""
    rows = re.findall(r"<tr>.*?</tr>", body, flags=re.S)
    row = next(r for r in rows if f">{label}<" in r)
    cell = f">{old}<"
    if row.count(cell) != 1:
        raise ValueError(f"row {label} does not print {old} exactly once")
    return body.replace(row, row.replace(cell, f">{new}<"), 1)


def apply(site: TrsSite) -> None:
    """Turn the first-night `site` into its second-night state (before routes are built)."""
    by_body = {a.body: a for a in site.articles if a.body}
    edited = by_body[EDITED_BODY]
    site._bodies["sft2023_corrected"] = correct_cell(site._bodies[EDITED_BODY], *CORRECTION)
    edited.body = "sft2023_corrected"
    edited.modified = EDITED_AT
    assert edited.report is not None
    edited.report["published"] = EDITED_AT.date()

    deleted = by_body[SOFT_DELETED_BODY]
    deleted.status = "deleted"

    column = site.columns["zfxxgknb"]
    agency = site.site["name"]
    site._bodies["sft2025"] = short_report(
        site.env.from_string(SHORT_REPORT.read_text("utf-8")),
        year=2025,
        agency=agency,
        site=site.site,
        date=NEW_DATE,
        figures=(1503, 2, 11),
    )
    new = Article(
        id=NEW_ID,
        column=column,
        date=NEW_DATE,
        time="10:30",
        title=f"{agency}2025年政府信息公开工作年度报告",
        kind="report",
        status="ok",
        agency=agency,
        written=NEW_DATE,
        body="sft2025",
        report={"agency": agency, "year": 2025, "format": "2021", "published": NEW_DATE},
    )
    site.articles.append(new)
    site._number_articles()
    site.night_changes = {
        "new": [new.path],
        "edited": [edited.path],
        "removed": [deleted.path],
    }
