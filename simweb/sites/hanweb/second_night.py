"""S2 on the second night (SITES.md 3, "Cross-site state changes").

- **hard delete**: 湖滨街道's 2020 report is gone: its record left the datastore and the
  proxy, and its `art_` URL answers 404;
- **new year**: the district government's 2025 report, dated 2026-01-21, is the newest
  record, so every later record moves down one place: one leaves the embedded datastore
  for the first proxy range.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import jinja2

from simweb.sites.hanweb import ANNUAL_COLUMN, Article

if TYPE_CHECKING:
    from simweb.sites.hanweb import HanwebSite

DELETED_TITLE = "杭州市上城区湖滨街道办事处2020年政府信息公开工作年度报告"
NEW_ID = 5300117
NEW_DATE = dt.date(2026, 1, 21)
NEW_AGENCY = "杭州市上城区人民政府"


def short_report(
    template: jinja2.Template,
    *,
    year: int,
    agency: str,
    site: dict,
    date: dt.date,
    figures: tuple[int, int, int],
) -> str:
    """A short 2021-format report (bodies/short_report.html) published on `date`;
    `figures`: documents published, regulatory documents, applications received."""
    published, docs, applications = figures
    return template.render(
        year=year,
        agency=agency,
        site_name=site["name"],
        phone=site["phone"],
        published=published,
        docs=docs,
        applications=applications,
        written=f"{date.year}年{date.month}月{date.day}日",
    )


def apply(site: HanwebSite) -> None:
    """Turn the first-night `site` into its second-night state (before ids are numbered)."""
    deleted = next(a for a in site.articles if a.title == DELETED_TITLE)
    site.articles.remove(deleted)
    body = short_report(
        site.env.from_string(site._bodies["short_report"]),
        year=2025,
        agency=NEW_AGENCY,
        site=site.site,
        date=NEW_DATE,
        figures=(391, 3, 7),
    )
    new = Article(
        id=NEW_ID,
        column=site.columns[ANNUAL_COLUMN],
        date=NEW_DATE,
        time="14:10",
        title=f"{NEW_AGENCY}2025年政府信息公开工作年度报告",
        kind="report",
        agency=NEW_AGENCY,
        body=body,
        report={"agency": NEW_AGENCY, "year": 2025, "format": "2021", "published": NEW_DATE},
    )
    site.articles.append(new)
    site.night_changes = {"new": [new.path], "edited": [], "removed": [deleted.path]}
