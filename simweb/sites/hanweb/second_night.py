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

from simweb.sites.hanweb import ANNUAL_COLUMN, Article

if TYPE_CHECKING:
    from simweb.sites.hanweb import HanwebSite

DELETED_TITLE = "杭州市上城区湖滨街道办事处2020年政府信息公开工作年度报告"
NEW_ID = 5300117
NEW_DATE = dt.date(2026, 1, 21)
NEW_AGENCY = "杭州市上城区人民政府"


def apply(site: HanwebSite) -> None:
    """Turn the first-night `site` into its second-night state (before ids are numbered)."""
    deleted = next(a for a in site.articles if a.title == DELETED_TITLE)
    site.articles.remove(deleted)
    body = site.env.from_string(site._bodies["short_report"]).render(
        year=2025,
        agency=NEW_AGENCY,
        site_name=site.site["name"],
        phone=site.site["phone"],
        published=391,
        docs=3,
        applications=7,
        written=f"{NEW_DATE.year}年{NEW_DATE.month}月{NEW_DATE.day}日",
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
